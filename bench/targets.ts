/**
 * The three things the load is pointed at, started and checked. Each target is an endpoint for the
 * load generator plus, for the two proxies, the process the parent watches from /proc.
 */
import type { ChildProcess } from "node:child_process";
import { startAirlock } from "./airlock.ts";
import { exitOf, forkHelper } from "./children.ts";
import { CLIENT_TOKEN, UPSTREAM_API_KEY } from "./fixtures.ts";
import type { Options, Target } from "./options.ts";
import { readStatusKiB } from "./proc-stats.ts";
import type { Endpoint } from "./round.ts";
import { verifyTarget } from "./verify-target.ts";

export type RunningTarget = {
  name: Target;
  endpoint: Endpoint;
  /** The proxy process; null for direct, which is the upstream itself. */
  proxy: { child: ChildProcess; stderrTail: () => string } | null;
  /** VmRSS once ready, before any request. */
  idleRssKiB: number | null;
  /** Spawn to first 200 on /readyz; airlock only. */
  readyMs: number | null;
};

async function startTarget(name: Target, options: Options, upstreamPort: number): Promise<RunningTarget> {
  const upstreamOrigin = `http://127.0.0.1:${upstreamPort}`;
  // Pipe and airlock get the same client token, so the bytes on the wire are the same for both; the pipe ignores it.
  const authorization = `Bearer ${CLIENT_TOKEN}`;
  switch (name) {
    case "direct":
      return {
        name,
        endpoint: { origin: upstreamOrigin, authorization: `Bearer ${UPSTREAM_API_KEY}`, pid: null },
        proxy: null,
        idleRssKiB: null,
        readyMs: null,
      };
    case "pipe": {
      const args = [`${upstreamOrigin}/v1`, UPSTREAM_API_KEY];
      const pipe = await forkHelper("./bare-pipe.ts", args, options.nodeFlags);
      return {
        name,
        endpoint: { origin: `http://127.0.0.1:${pipe.port}`, authorization, pid: pipe.pid },
        proxy: { child: pipe.child, stderrTail: () => "(the pipe's stderr is inherited: see above)" },
        idleRssKiB: readStatusKiB(pipe.pid, "VmRSS"),
        readyMs: null,
      };
    }
    case "airlock": {
      const airlock = await startAirlock(upstreamPort, { nodeFlags: options.nodeFlags, watchLog: false });
      return {
        name,
        endpoint: { origin: `http://127.0.0.1:${airlock.port}`, authorization, pid: airlock.pid },
        proxy: airlock,
        idleRssKiB: readStatusKiB(airlock.pid, "VmRSS"),
        readyMs: airlock.readyMs,
      };
    }
    default:
      return name satisfies never;
  }
}

/** Start every selected target, then prove each answers correctly before any of them is timed. */
export async function startTargets(options: Options, upstreamPort: number): Promise<RunningTarget[]> {
  const running: RunningTarget[] = [];
  for (const name of options.targets) running.push(await startTarget(name, options, upstreamPort));
  for (const { name, endpoint } of running) {
    await verifyTarget(name, endpoint.origin, {
      authorization: endpoint.authorization,
      requiresAuth: name === "airlock",
    });
  }
  return running;
}

/** A proxy that died mid-run would only show up as a wall of connection errors; stop and say so instead. */
export function assertAlive(running: RunningTarget[]): void {
  for (const { name, proxy } of running) {
    if (proxy === null) continue;
    const exit = exitOf(proxy.child);
    if (exit !== null) throw new Error(`${name} ${exit} during the run.\n${proxy.stderrTail()}`);
  }
}
