/**
 * Starting the real airlock as the image does: `node <flags> dist/main.js serve` (`npm run bench`
 * builds it first), configured by the environment alone. Its access log stays at the default `info` level,
 * one JSON line per request, written to /dev/null — so the bench pays for logging as users do,
 * without a reader on a pipe adding its own cost.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { request } from "undici";
import { describeExit, stop, track } from "./children.ts";
import { CLIENT_TOKEN, UPSTREAM_API_KEY } from "./fixtures.ts";

/** The node flags the image's entry point gives (Containerfile): the bench measures airlock as it ships. */
export const IMAGE_NODE_FLAGS = "--max-semi-space-size=4 --no-minor-gc-task";

export const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));
const MAIN = join(REPO_ROOT, "dist", "main.js");
const READY_TIMEOUT_MS = 15_000;
const STDERR_TAIL_CHARS = 4000;

/** Fail before spending minutes on the other targets if airlock cannot possibly run. */
export function assertAirlockPresent(): void {
  if (!existsSync(MAIN)) {
    throw new Error(
      `airlock target unavailable: ${MAIN} does not exist yet. ` +
        "Run the other targets with `npm run bench -- --targets direct,pipe`.",
    );
  }
}

/** A free loopback port: airlock takes its port from AIRLOCK_LISTEN, so it cannot report one it chose. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function airlockEnv(upstreamPort: number, port: number, backendFromEnv: boolean): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  // The caller's own AIRLOCK_* settings or provider keys must not leak into the benchmarked config.
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith("AIRLOCK_") && !name.endsWith("_API_KEY")) env[name] = value;
  }
  // Nor may a config.toml found through XDG: point both lookups at a directory that is never created.
  const noConfig = join(REPO_ROOT, "bench", "no-config");
  return {
    ...env,
    XDG_CONFIG_HOME: noConfig,
    XDG_CONFIG_DIRS: noConfig,
    ...(backendFromEnv
      ? {
          AIRLOCK_BACKEND: "openai-compatible",
          AIRLOCK_BACKEND_URL: `http://127.0.0.1:${upstreamPort}/v1`,
          AIRLOCK_BACKEND_API_KEY: UPSTREAM_API_KEY,
        }
      : {}),
    AIRLOCK_LISTEN: `127.0.0.1:${port}`,
    AIRLOCK_API_KEY: CLIENT_TOKEN,
  };
}

/** Filled in when airlock logs `"msg":"listening"`, which may come after /readyz first answers. */
type ListenLog = {
  listenLogMs: number | null;
  /** The line's own `startupMs`: airlock's performance.now(), i.e. from process start, not from spawn. */
  selfReportedMs: number | null;
};

function readListenLine(line: string, atMs: number, log: ListenLog): void {
  let entry: unknown;
  try {
    entry = JSON.parse(line);
  } catch {
    return;
  }
  if (typeof entry !== "object" || entry === null || !("msg" in entry) || entry.msg !== "listening") return;
  log.listenLogMs = atMs;
  if ("startupMs" in entry && typeof entry.startupMs === "number") log.selfReportedMs = entry.startupMs;
}

export type Airlock = {
  child: ChildProcess;
  pid: number;
  port: number;
  readyMs: number;
  log: ListenLog;
  /** The last few KB airlock wrote to stderr, to explain a crash mid-run. */
  stderrTail: () => string;
};

export type AirlockOptions = {
  nodeFlags: string[];
  watchLog: boolean;
  /**
   * A config file for its backends (`--config`), instead of the one `openai-compatible` backend on
   * the upstream that the environment describes otherwise.
   */
  configFile?: string;
  /** The entry point to run, `dist/main.js` unless said otherwise: another build, to compare. */
  main?: string;
};

/**
 * Spawn airlock and wait for GET /readyz to answer 200. With `watchLog`, stdout is read (instead of
 * discarded) to time the line airlock logs when it starts listening; only cold-start probes do that.
 */
export async function startAirlock(upstreamPort: number, options: AirlockOptions): Promise<Airlock> {
  const port = await freePort();
  const spawnedAt = performance.now();
  const config = options.configFile === undefined ? [] : ["--config", options.configFile];
  const child = track(
    spawn(process.execPath, [...options.nodeFlags, options.main ?? MAIN, "serve", ...config], {
      cwd: REPO_ROOT,
      env: airlockEnv(upstreamPort, port, options.configFile === undefined),
      stdio: ["ignore", options.watchLog ? "pipe" : "ignore", "pipe"],
    }),
  );
  let stderrTail = "";
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (text: string) => {
    stderrTail = (stderrTail + text).slice(-STDERR_TAIL_CHARS);
  });
  const log: Airlock["log"] = { listenLogMs: null, selfReportedMs: null };
  if (child.stdout) {
    createInterface({ input: child.stdout }).on("line", (line) => {
      if (log.listenLogMs === null) readListenLine(line, performance.now() - spawnedAt, log);
    });
  }
  let exit: string | null = null;
  child.once("exit", (code, signal) => {
    exit = describeExit(code, signal);
  });

  const deadline = spawnedAt + READY_TIMEOUT_MS;
  while (performance.now() < deadline) {
    if (exit !== null) break;
    if (await isReady(port)) {
      const readyMs = performance.now() - spawnedAt;
      const { pid } = child;
      if (pid === undefined) break;
      return { child, pid, port, readyMs, log, stderrTail: () => stderrTail };
    }
    await sleep(5);
  }
  await stop(child);
  const why = exit ?? `not ready (GET /readyz != 200) within ${READY_TIMEOUT_MS} ms`;
  throw new Error(`airlock ${why}.\n--- airlock stderr (tail) ---\n${stderrTail || "(empty)"}`);
}

async function isReady(port: number): Promise<boolean> {
  try {
    // `reset` closes the connection afterwards, so no idle probe socket sits on airlock during the bench.
    const { statusCode, body } = await request(`http://127.0.0.1:${port}/readyz`, {
      reset: true,
      headersTimeout: 1000,
      bodyTimeout: 1000,
    });
    await body.dump();
    return statusCode === 200;
  } catch {
    return false;
  }
}

export type ColdStart = { readyMs: number; listenLogMs: number | null; selfReportedMs: number | null };

/** Start and stop airlock `count` times to time its cold start, before any load runs. */
export async function measureColdStarts(
  upstreamPort: number,
  nodeFlags: string[],
  count: number,
): Promise<ColdStart[]> {
  const starts: ColdStart[] = [];
  for (let i = 0; i < count; i++) {
    const airlock = await startAirlock(upstreamPort, { nodeFlags, watchLog: true });
    // The log line may trail /readyz by a moment; give it a little time before stopping.
    for (let waited = 0; airlock.log.listenLogMs === null && waited < 500; waited += 10) await sleep(10);
    starts.push({ readyMs: airlock.readyMs, ...airlock.log });
    await stop(airlock.child);
  }
  return starts;
}
