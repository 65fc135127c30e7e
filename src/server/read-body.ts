/**
 * Reads a request body up to a limit: 413 as soon as it is known to be too large, never buffered past
 * it. The rest of an oversized body is drained, not read into memory, so the client still gets the 413.
 */
import type { IncomingMessage } from "node:http";
import { AirlockError } from "../canonical/error.ts";

export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const tooLarge = () =>
    new AirlockError(
      "payload_too_large",
      `request body is larger than the ${limit}-byte limit (max_body_bytes)`,
    );
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      reject(tooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    function onData(chunk: Buffer) {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      req.off("data", onData);
      req.resume();
      reject(tooLarge());
    }
    req.on("data", onData);
    req.once("end", () => resolve(chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks)));
    req.once("error", () => reject(new AirlockError("invalid_request", "the request body was cut off")));
  });
}

export function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    throw new AirlockError("invalid_request", "request body is not valid JSON");
  }
}
