import { isIP } from "node:net";
import type { Listen } from "./types.ts";

/** Parses `HOST:PORT`, `[V6]:PORT` or `:PORT` (all interfaces). Returns undefined when it is none of them. */
export function parseListen(text: string): Listen | undefined {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(text.trim());
  if (!match) return undefined;
  const port = Number(match[3]);
  if (port > 65_535) return undefined;
  const host = match[1] ?? (match[2] || "0.0.0.0");
  if (match[1] !== undefined && isIP(host) !== 6) return undefined;
  return { host, port };
}

/** Loopback means only processes on this host (or in this pod / network namespace) can connect. */
export function isLoopback(host: string): boolean {
  if (host === "localhost" || host === "::1") return true;
  return isIP(host) === 4 && host.startsWith("127.");
}

export function formatListen(listen: Listen): string {
  return isIP(listen.host) === 6 ? `[${listen.host}]:${listen.port}` : `${listen.host}:${listen.port}`;
}
