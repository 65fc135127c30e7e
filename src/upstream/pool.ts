/**
 * One keep-alive connection pool per backend. Timeouts map onto undici's: connect, headers (time to
 * first byte) and body (idle time between chunks); the whole-request limit is an abort signal.
 *
 * undici's index also loads fetch, WebSocket, caches and mocks: about three times what Pool alone
 * costs at start-up (measured here: ~130 ms against ~45 ms), and start-up is the time to ready. The
 * package has no exports map, so the module is reachable; the version is pinned to a minor, and
 * every integration test fails at once if it moves.
 */
import type { Dispatcher } from "undici";
import PoolClass from "undici/lib/dispatcher/pool.js";
import type { Timeouts } from "../config/types.ts";

export type TlsMaterial = { readonly cert?: string; readonly key?: string; readonly ca?: string };

export function createPool(origin: string, timeouts: Timeouts, tls: TlsMaterial | undefined): Dispatcher {
  return new PoolClass(origin, {
    connect: { timeout: timeouts.connectMs, ...tls },
    headersTimeout: timeouts.firstByteMs,
    bodyTimeout: timeouts.idleMs,
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 600_000,
  });
}
