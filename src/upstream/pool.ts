/**
 * One keep-alive connection pool per backend. Timeouts map onto undici's: connect, headers (time to
 * first byte) and body (idle time between chunks); the whole-request limit is an abort signal.
 *
 * undici's index also loads fetch, WebSocket, caches and mocks: about twice what Pool and request()
 * alone cost at start-up (measured here: ~130 ms against ~50 ms), and start-up is the time to ready.
 * The package has no exports map, so these two modules are reachable; the version is pinned to a
 * minor, and every integration test fails at once if either moves.
 */
import type { Dispatcher } from "undici";
import request from "undici/lib/api/api-request.js";
import PoolClass from "undici/lib/dispatcher/pool.js";
import type { Timeouts } from "../config/types.ts";

export type TlsMaterial = { readonly cert?: string; readonly key?: string; readonly ca?: string };

export type UpstreamPool = {
  request(options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData>;
  close(): Promise<void>;
};

export function createPool(origin: string, timeouts: Timeouts, tls: TlsMaterial | undefined): UpstreamPool {
  const pool = new PoolClass(origin, {
    connect: { timeout: timeouts.connectMs, ...tls },
    headersTimeout: timeouts.firstByteMs,
    bodyTimeout: timeouts.idleMs,
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 600_000,
  });
  return {
    request: (options) => request.call(pool, options),
    close: () => pool.close(),
  };
}
