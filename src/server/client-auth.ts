/**
 * The agent's token for airlock, accepted as `Authorization: Bearer`, `x-api-key` or `x-goog-api-key`
 * — whichever its SDK sends. Compared as SHA-256 digests with timingSafeEqual: constant time, and
 * equal-length inputs whatever the client sends.
 */
import { hash, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { AirlockError } from "../canonical/error.ts";
import { minTokenLength } from "../config/load.ts";
import type { Secret } from "../credentials/secret.ts";

export type ClientAuth = (headers: IncomingHttpHeaders) => void;

export function createClientAuth(token: Secret | undefined): ClientAuth {
  if (token === undefined) return () => {};
  // The token changes only when its file is rotated: hash it once per value, not once per request.
  let current = "";
  let expected = digest("");
  return (headers) => {
    const value = token.read();
    if (value !== current) {
      if (value.length < minTokenLength) {
        throw new AirlockError("unavailable", "airlock's client token is misconfigured", {
          detail: `client token ${token.origin} is shorter than ${minTokenLength} characters`,
        });
      }
      current = value;
      expected = digest(value);
    }
    const offered = candidates(headers);
    let ok = false;
    for (const candidate of offered) ok = timingSafeEqual(digest(candidate), expected) || ok;
    if (!ok) {
      throw new AirlockError(
        "unauthorized",
        offered.length === 0
          ? "missing airlock client token: send it as Authorization: Bearer <token> (or x-api-key)"
          : "invalid airlock client token",
      );
    }
  };
}

function candidates(headers: IncomingHttpHeaders): string[] {
  const out: string[] = [];
  const authorization = headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    if (match?.[1] !== undefined) out.push(match[1]);
  }
  for (const name of ["x-api-key", "x-goog-api-key"]) {
    const value = headers[name];
    if (typeof value === "string" && value !== "") out.push(value.trim());
  }
  return out;
}

/** One-shot `hash()` costs a fraction of a createHash() object per request. */
function digest(text: string): Buffer {
  return hash("sha256", text, "buffer");
}
