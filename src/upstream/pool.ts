/**
 * One keep-alive connection pool per backend. Timeouts map onto undici's: connect, headers (time to
 * first byte) and body (idle time between chunks); the whole-request limit is an abort signal.
 */
import { Pool } from "undici";
import type { Timeouts } from "../config/types.ts";

export type TlsMaterial = { readonly cert?: string; readonly key?: string; readonly ca?: string };

export function createPool(origin: string, timeouts: Timeouts, tls: TlsMaterial | undefined): Pool {
  return new Pool(origin, {
    connect: { timeout: timeouts.connectMs, ...tls },
    headersTimeout: timeouts.firstByteMs,
    bodyTimeout: timeouts.idleMs,
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 600_000,
  });
}
