/**
 * One POST to an HTTP backend, shared by the kinds: the whole-request deadline, the exchange on the
 * backend's pool, the response headers worth passing back, and every failure (before or during the
 * body) turned into the AirlockError the client should see.
 */
import type { Problem, UpstreamResponse } from "../canonical/contract.ts";
import { guarded } from "../canonical/guarded-body.ts";
import type { BackendConfig, Timeouts } from "../config/types.ts";
import { openTlsFiles } from "../credentials/tls-files.ts";
import { deadline } from "../upstream/deadline.ts";
import { exchange } from "../upstream/exchange.ts";
import { mapUpstreamError } from "../upstream/map-error.ts";
import { createRotatingPool, type RotatingPool } from "../upstream/rotating-pool.ts";

export type HttpTarget = {
  /** The backend's name, for error messages. */
  readonly name: string;
  readonly pool: RotatingPool;
  readonly timeouts: Timeouts;
  /** Response headers worth passing back to the client (lower-case; a prefix matches). */
  readonly returnHeaders: readonly string[];
};

/** A backend's connection: its pool on `baseUrl`'s origin, the path below it, and its mTLS files. */
export type HttpEndpoint = {
  readonly target: HttpTarget;
  /** The base URL's path without a trailing slash; request paths are appended to it. */
  readonly basePath: string;
  /** Why the mTLS files cannot be used now (the last good pair stays in use), for /readyz. */
  tlsProblem(): Problem | undefined;
};

export function openHttpEndpoint(
  config: BackendConfig,
  baseUrl: string,
  returnHeaders: readonly string[],
): HttpEndpoint {
  const base = new URL(baseUrl);
  // mTLS files are checked now (a bad pair stops start-up) and watched: a renewed pair gets a new pool.
  const tls = config.tls === undefined ? undefined : openTlsFiles(config.tls, config.name);
  const noTls = {};
  const pool = createRotatingPool(base.origin, config.timeouts, tls ?? { current: () => noTls });
  return {
    target: { name: config.name, pool, timeouts: config.timeouts, returnHeaders },
    basePath: base.pathname.replace(/\/+$/, ""),
    tlsProblem() {
      const detail = tls?.problem();
      return detail === undefined
        ? undefined
        : { message: `backend "${config.name}": TLS client certificate files not usable`, detail };
    },
  };
}

export type HttpPost = {
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Uint8Array;
};

export async function postHttp(
  target: HttpTarget,
  post: HttpPost,
  signal: AbortSignal,
): Promise<UpstreamResponse> {
  const fail = (error: unknown) => mapUpstreamError(error, target.name, target.timeouts);
  const limit = deadline(signal, target.timeouts.requestMs);
  try {
    const response = await exchange(
      target.pool.current(),
      { method: "POST", path: post.path, headers: post.headers, body: post.body },
      limit.signal,
    );
    return {
      status: response.status,
      headers: pickHeaders(response.headers, target.returnHeaders),
      body: guarded({ source: response.body, mapError: fail, finished: limit.clear }),
    };
  } catch (error) {
    limit.clear();
    throw fail(error);
  }
}

function pickHeaders(headers: Record<string, string | string[] | undefined>, allowed: readonly string[]) {
  const out: Record<string, string> = {};
  const contentType = headers["content-type"];
  if (typeof contentType === "string") out["content-type"] = contentType;
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === "string" && allowed.some((prefix) => name.startsWith(prefix))) out[name] = value;
  }
  return out;
}

export function lowerCaseKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

/** Static headers that carry a credential of their own (a custom auth scheme): values to scrub. */
export function sensitiveValues(headers: Readonly<Record<string, string>>): string[] {
  return Object.entries(headers)
    .filter(([name, value]) => /auth|key|token|secret|cookie|signature/i.test(name) && value.length >= 8)
    .map(([, value]) => value);
}
