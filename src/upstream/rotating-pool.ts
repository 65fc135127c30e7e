/**
 * A backend's pool when its TLS material can change under it (mTLS certificates renewed in place).
 * Each request asks for the current pool; when the material is no longer the one the pool was built
 * with, a new pool is built with it and the old one is closed gracefully: requests in flight on the
 * old connections finish there, and every new request opens connections with the new pair. A pool
 * per material, not a per-connection lookup, so keep-alive connections never outlive their pair.
 */
import type { Dispatcher } from "undici";
import type { Timeouts } from "../config/types.ts";
import { createPool, type TlsMaterial } from "./pool.ts";

export type TlsSource = {
  /** The material to connect with now; the same object for as long as it has not changed. */
  current(): TlsMaterial;
};

export type RotatingPool = {
  current(): Dispatcher;
  /** Closes the current pool and waits for retired ones to drain. */
  close(): Promise<void>;
};

export function createRotatingPool(origin: string, timeouts: Timeouts, tls: TlsSource): RotatingPool {
  let material = tls.current();
  let pool = createPool(origin, timeouts, material);
  const retiring = new Set<Promise<void>>();

  return {
    current() {
      const now = tls.current();
      if (now === material) return pool;
      material = now;
      const old = pool;
      pool = createPool(origin, timeouts, now);
      const closing = old.close().catch(() => {});
      retiring.add(closing);
      void closing.then(() => retiring.delete(closing));
      return pool;
    },
    async close() {
      await Promise.all([pool.close(), ...retiring]);
    },
  };
}
