/**
 * Bench settings: a flag wins over its AIRLOCK_BENCH_* variable, which wins over the default. The
 * defaults keep a full run (3 targets × 2 phases × 5 rounds × 3 s, plus warm-ups and cold starts)
 * near two minutes on a 2-core machine.
 */
import { parseArgs } from "node:util";
import { IMAGE_NODE_FLAGS } from "./airlock.ts";

export const TARGETS = ["direct", "pipe", "airlock"] as const;
export type Target = (typeof TARGETS)[number];

export type Options = {
  connections: number;
  rounds: number;
  roundMs: number;
  warmupMs: number;
  maxRequests: number;
  startups: number;
  targets: Target[];
  /** Flags for the airlock and pipe processes alike, so the pipe stays a like-for-like floor. */
  nodeFlags: string[];
  out: string;
};

export const USAGE = `usage: npm run bench -- [options]

  --connections N     concurrent connections (AIRLOCK_BENCH_CONNECTIONS, default 64)
  --rounds N          measured rounds per target and phase (AIRLOCK_BENCH_ROUNDS, default 5)
  --seconds S         time bound of each round (AIRLOCK_BENCH_SECONDS, default 3)
  --warmup S          unmeasured warm-up per target and phase (AIRLOCK_BENCH_WARMUP, default 2)
  --max-requests N    count bound of each round (AIRLOCK_BENCH_MAX_REQUESTS, default 200000)
  --startups N        airlock cold starts timed before the load (AIRLOCK_BENCH_STARTUPS, default 3)
  --targets LIST      comma-separated subset of direct,pipe,airlock (AIRLOCK_BENCH_TARGETS)
  --node-flags FLAGS  node flags for airlock and the pipe (AIRLOCK_BENCH_NODE_FLAGS, default
                      the image's: "--max-semi-space-size=4 --no-minor-gc-task")
  --out FILE          JSON results (default bench/results/latest.json)
`;

function positive(name: string, text: string, integer: boolean): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new Error(`--${name} must be a positive ${integer ? "integer" : "number"}, got "${text}"`);
  }
  return value;
}

function parseTargets(text: string): Target[] {
  const names = text.split(",").map((name) => name.trim());
  const targets = TARGETS.filter((target) => names.includes(target));
  const unknown = names.filter((name) => !(TARGETS as readonly string[]).includes(name));
  if (unknown.length > 0 || targets.length === 0) {
    throw new Error(`--targets takes a comma-separated subset of ${TARGETS.join(",")}, got "${text}"`);
  }
  // Always in the canonical order, so rounds interleave direct, pipe, airlock whatever the spelling.
  return targets;
}

/** Returns null when --help was asked for. */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): Options | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      connections: { type: "string" },
      rounds: { type: "string" },
      seconds: { type: "string" },
      warmup: { type: "string" },
      "max-requests": { type: "string" },
      startups: { type: "string" },
      targets: { type: "string" },
      "node-flags": { type: "string" },
      out: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return null;
  const pick = (flag: string | undefined, variable: string, fallback: string): string =>
    flag ?? env[`AIRLOCK_BENCH_${variable}`] ?? fallback;
  const nodeFlags = pick(values["node-flags"], "NODE_FLAGS", IMAGE_NODE_FLAGS);
  return {
    connections: positive("connections", pick(values.connections, "CONNECTIONS", "64"), true),
    rounds: positive("rounds", pick(values.rounds, "ROUNDS", "5"), true),
    roundMs: 1000 * positive("seconds", pick(values.seconds, "SECONDS", "3"), false),
    warmupMs: 1000 * positive("warmup", pick(values.warmup, "WARMUP", "2"), false),
    maxRequests: positive("max-requests", pick(values["max-requests"], "MAX_REQUESTS", "200000"), true),
    startups: positive("startups", pick(values.startups, "STARTUPS", "3"), true),
    targets: parseTargets(pick(values.targets, "TARGETS", TARGETS.join(","))),
    nodeFlags: nodeFlags.split(/\s+/).filter((flag) => flag !== ""),
    out: pick(values.out, "OUT", "bench/results/latest.json"),
  };
}
