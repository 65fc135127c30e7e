/**
 * What translation costs: airlock's CPU per streamed token when a Responses API client (Codex-style)
 * is answered by a Chat Completions upstream — decoded, turned into canonical events and rendered as
 * the Responses event sequence — against plain pass-through of the same upstream stream to a Chat
 * Completions client. Same airlock process, same upstream, rounds alternating between the two.
 *
 * Run: npm run bench:translation [-- --rounds N --seconds S --connections N --chunks N --pace-ms MS]
 * `--chunks` sets the upstream's chunks per answer (default STREAM_CHUNKS, a short reply); a longer
 * answer spreads the per-answer costs (the request, the opening and closing events) over more tokens.
 * `--pace-ms` is the upstream's wait between chunks, as a model's between tokens. The default, 2 ms
 * (500 tokens a second per stream, a fast model), has each token reach airlock in a read of its own,
 * as a streamed answer does. `--pace-ms 0` sends the whole answer at once: it arrives in a few reads,
 * pass-through forwards it in as many writes, and translation, which still handles every token, is at
 * its relative worst.
 *
 * Rounds are noisy on a small shared machine: pass-through measured against itself this way spreads
 * ±15 points round by round. So the bench runs 15 rounds of each and prints, besides the ratio of the
 * medians, each pair's ratio, their median and their middle half.
 */
import { parseArgs } from "node:util";
import { assertAirlockPresent, startAirlock } from "./airlock.ts";
import { forkHelper, installCleanup, stopAll } from "./children.ts";
import { type Api, CLIENT_TOKEN, STREAM_CHUNKS } from "./fixtures.ts";
import { machineInfo } from "./proc-stats.ts";
import { runRound } from "./round.ts";
import { emptySamples, median, type PhaseSamples } from "./stats.ts";

const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "15" },
    seconds: { type: "string", default: "3" },
    connections: { type: "string", default: "16" },
    chunks: { type: "string", default: String(STREAM_CHUNKS) },
    "pace-ms": { type: "string", default: "2" },
    "node-flags": {
      type: "string",
      default: process.env.AIRLOCK_BENCH_NODE_FLAGS ?? "--max-semi-space-size=4",
    },
  },
});
const rounds = Number(values.rounds);
const roundMs = Number(values.seconds) * 1000;
const connections = Number(values.connections);
const chunks = Number(values.chunks);
if (!Number.isInteger(chunks) || chunks < 2)
  throw new Error(`--chunks must be an integer ≥ 2, got ${values.chunks}`);
const nodeFlags = values["node-flags"].split(/\s+/).filter((flag) => flag !== "");

/** airlock's CPU µs per completed request, per round, from /proc. */
function cpuPerRequest(samples: PhaseSamples): number[] {
  return samples.rounds.flatMap((round) =>
    round.cpuUs.target === null || round.completed === 0 ? [] : [round.cpuUs.target / round.completed],
  );
}

/** Each round's translated cost over the pass-through round run just before it, as a fraction. */
function pairedRatios(samples: Record<Api, PhaseSamples>): number[] {
  const passthrough = cpuPerRequest(samples.chat);
  const translated = cpuPerRequest(samples.responses);
  return translated.flatMap((us, index) => {
    const base = passthrough[index];
    return base === undefined || base === 0 ? [] : [us / base - 1];
  });
}

/** The middle half of the values: from the first quartile to the third. */
function middleHalf(values: number[]): [number, number] {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.round(q * (sorted.length - 1))] ?? Number.NaN;
  return [at(0.25), at(0.75)];
}

function percent(fraction: number): string {
  return `${fraction >= 0 ? "+" : ""}${(fraction * 100).toFixed(0)}%`;
}

async function main(): Promise<void> {
  installCleanup();
  assertAirlockPresent();
  const upstream = await forkHelper("./upstream.ts", [String(chunks), values["pace-ms"]], []);
  const airlock = await startAirlock(upstream.port, { nodeFlags, watchLog: false });
  const load = await forkHelper("./load.ts", [], []);
  const endpoint = {
    origin: `http://127.0.0.1:${airlock.port}`,
    authorization: `Bearer ${CLIENT_TOKEN}`,
    pid: airlock.pid,
  };
  const round = (api: Api, durationMs: number) => ({
    load: { child: load.child, pid: load.pid },
    upstreamPid: upstream.pid,
    endpoint,
    api,
    stream: true,
    connections,
    durationMs,
    maxRequests: 200_000,
  });
  const samples: Record<Api, PhaseSamples> = { chat: emptySamples(), responses: emptySamples() };
  for (const api of ["chat", "responses"] as const) {
    const warmup = await runRound(round(api, 2_000));
    if (warmup.completed === 0) throw new Error(`${api}: no request completed: ${warmup.firstError ?? "?"}`);
  }
  for (let index = 1; index <= rounds; index++) {
    for (const api of ["chat", "responses"] as const) {
      const result = await runRound(round(api, roundMs), samples[api]);
      if (result.errors > 0) throw new Error(`${api}: ${result.errors} errors: ${result.firstError ?? "?"}`);
    }
    process.stderr.write(`round ${index}/${rounds}\n`);
  }
  await stopAll();

  const paired = pairedRatios(samples);
  const [low, high] = middleHalf(paired);
  const passthrough = median(cpuPerRequest(samples.chat));
  const translated = median(cpuPerRequest(samples.responses));
  const machine = machineInfo();
  const perToken = (us: number) => (us / chunks).toFixed(2);
  process.stdout.write(
    [
      `airlock translation bench — ${new Date().toISOString()}`,
      `machine: ${machine.cpuModel}, ${machine.cores} cores, node ${machine.node}; ${connections} connections, ${rounds} rounds × ${roundMs / 1000} s, ${chunks}-chunk streams, ${values["pace-ms"] === "0" ? "sent at once" : `${values["pace-ms"]} ms between chunks`}`,
      "",
      "airlock CPU per streamed answer                       µs/request   µs/token",
      `pass-through  (Chat client → Chat upstream)        ${passthrough.toFixed(0).padStart(10)}   ${perToken(passthrough).padStart(8)}`,
      `translated    (Responses client → Chat upstream)   ${translated.toFixed(0).padStart(10)}   ${perToken(translated).padStart(8)}`,
      "",
      `translation adds ${(((translated - passthrough) / passthrough) * 100).toFixed(0)}% CPU per streamed token over pass-through`,
      `round by round: ${paired.map(percent).join(", ")}`,
      `their median ${percent(median(paired))}, middle half ${percent(low)} to ${percent(high)}`,
      "",
    ].join("\n"),
  );
}

main().catch(async (error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  await stopAll();
  process.exit(1);
});
