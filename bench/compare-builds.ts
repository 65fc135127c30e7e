/**
 * Two builds of airlock compared side by side: how much more or less CPU per streamed answer build
 * B takes than build A, on one arm of the translation bench. Changes to a hot path are judged this
 * way. Timed in turns, one build after the other, the machine's load moved absolute figures by ±15%
 * between runs minutes apart; two processes serving the same load at the same time meet the same
 * machine. One build against itself read −2.7% (single rounds −8% to +10%): differences under about
 * 3% are not resolved.
 *
 * Run:
 *   npm run build && cp -r dist dist-a      # the build before the change
 *   (change the code)
 *   npm run build && npm run bench:compare -- --a dist-a --b dist
 *     [--arm translatedToChat] [--rounds 12] [--seconds 3] [--chunks 50] [--pace-ms 2]
 *
 * `--a`/`--b` are directories holding a build's `main.js`: copies of `dist` inside the repo, where
 * their imports find node_modules (`dist-*` is ignored by git). Each build runs in a process
 * of its own with its own load generator (8 connections), both on the arm given. Where a process
 * sits was seen to shift it by a few percent, so half the rounds run with A's
 * process started first and half, after a restart, with B's: the geometric mean of the halves'
 * medians cancels where a process sits.
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { IMAGE_NODE_FLAGS, startAirlock } from "./airlock.ts";
import { forkHelper, installCleanup, stop, stopAll } from "./children.ts";
import { STREAM_CHUNKS } from "./fixtures.ts";
import { median } from "./stats.ts";
import { type Arm, isArm, runArm, type Side, writeConfig } from "./translation-setup.ts";

const { values } = parseArgs({
  options: {
    a: { type: "string" },
    b: { type: "string" },
    arm: { type: "string", default: "translatedToChat" },
    rounds: { type: "string", default: "12" },
    seconds: { type: "string", default: "3" },
    chunks: { type: "string", default: String(STREAM_CHUNKS) },
    "pace-ms": { type: "string", default: "2" },
  },
});
if (values.a === undefined || values.b === undefined) throw new Error("--a DIR and --b DIR are required");
const arm: Arm = armOf(values.arm);
const rounds = Number(values.rounds);
// Half the rounds with each process started first.
if (!Number.isInteger(rounds) || rounds < 2 || rounds % 2 !== 0)
  throw new Error(`--rounds must be an even integer ≥ 2, got ${values.rounds}`);
const roundMs = Number(values.seconds) * 1000;
const WARMUP_MS = 10_000;
const CONNECTIONS = 8;
const nodeFlags = IMAGE_NODE_FLAGS.split(" ");
const builds = { a: resolve(values.a, "main.js"), b: resolve(values.b, "main.js") };

type Build = keyof typeof builds;

function armOf(name: string): Arm {
  if (!isArm(name)) throw new Error(`--arm must be one of the translation bench's arms, got ${name}`);
  return name;
}

/** Rounds with `first`'s process started first: each round's B/A ratio of CPU per answer. */
async function half(
  first: Build,
  upstream: { port: number; pid: number },
  config: string,
): Promise<number[]> {
  const start = async (build: Build): Promise<Side & { build: Build }> => ({
    build,
    airlock: await startAirlock(upstream.port, {
      nodeFlags,
      watchLog: false,
      configFile: config,
      main: builds[build],
    }),
    load: await forkHelper("./load.ts", [], []),
  });
  const sides = [await start(first), await start(first === "a" ? "b" : "a")];
  const both = (durationMs: number) =>
    Promise.all(
      sides.map((side) => runArm(side, upstream.pid, arm, { connections: CONNECTIONS, durationMs })),
    );
  await both(WARMUP_MS);
  const ratios: number[] = [];
  for (let index = 0; index < rounds / 2; index++) {
    const cpu = await both(roundMs);
    const of = (build: Build) => cpu[sides.findIndex((side) => side.build === build)] ?? Number.NaN;
    ratios.push(of("b") / of("a"));
    process.stderr.write(
      `${first} first, round ${index + 1}: A ${of("a").toFixed(0)} µs, B ${of("b").toFixed(0)} µs\n`,
    );
  }
  for (const side of sides) await Promise.all([stop(side.airlock.child), stop(side.load.child)]);
  return ratios;
}

function percent(fraction: number): string {
  return `${fraction >= 0 ? "+" : ""}${(fraction * 100).toFixed(1)}%`;
}

async function main(): Promise<void> {
  installCleanup();
  const upstream = await forkHelper("./upstream.ts", [values.chunks, values["pace-ms"]], []);
  const config = writeConfig(upstream.port);
  process.once("exit", config.remove);
  const aFirst = await half("a", upstream, config.file);
  const bFirst = await half("b", upstream, config.file);
  await stopAll();
  const ratio = Math.sqrt(median(aFirst) * median(bFirst)) - 1;
  process.stdout.write(
    [
      `B against A, airlock CPU per streamed answer, ${arm}, ${values.chunks}-chunk streams: ${percent(ratio)}`,
      `  A's process first: ${percent(median(aFirst) - 1)} (rounds ${aFirst.map((r) => percent(r - 1)).join(", ")})`,
      `  B's process first: ${percent(median(bFirst) - 1)} (rounds ${bFirst.map((r) => percent(r - 1)).join(", ")})`,
      "",
    ].join("\n"),
  );
}

main().catch(async (error: unknown) => {
  process.stderr.write(`compare failed: ${error instanceof Error ? error.message : String(error)}\n`);
  await stopAll();
  process.exit(1);
});
