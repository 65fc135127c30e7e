/**
 * What translation costs: airlock's CPU per streamed token when a Responses API client (Codex-style)
 * is answered by a Chat Completions upstream — decoded, turned into canonical events and rendered as
 * the Responses event sequence — against passing an answer through untranslated; and the other way,
 * a Chat Completions client (Goose-style) answered by a Responses upstream (Lightspeed), against a
 * Chat stream passed through.
 *
 * Two pass-through baselines for the first, both measured:
 * - **the same stream passed through**: the Responses client's request goes to a `responses` backend
 *   on the same upstream, which streams the same answer as the Responses events translation renders,
 *   in as many writes (the bench checks the client reads the same events). The only difference is
 *   whether airlock translates. This is the comparison the ≤ 20% target is held to.
 * - **a Chat stream passed through**: a Chat client on the chat upstream, as the bench did first.
 *   The client's stream is smaller (a chat chunk is shorter than a Responses delta event, and the
 *   Responses API repeats the text and the request in its closing events), so this ratio also counts
 *   what writing the bigger dialect costs, which is not translation.
 *
 * How: two airlock processes, the same build with the same config, each with its own load generator,
 * serve the translated load and a baseline's load *at the same time*; the next round of that pair
 * swaps which process serves which. Taking turns in one process, rounds a few seconds apart, left
 * each ratio at the mercy of whatever else the shared machine did in between: pass-through measured
 * against itself spread ±15 points and more round by round. Side by side, both arms meet the same
 * machine, and a control pair — the same-stream baseline against itself — shows what is left of the
 * noise; the bench prints it next to the ratios.
 *
 * Run: npm run bench:translation [-- --rounds N --seconds S --connections N --chunks N --pace-ms MS]
 * `--rounds` is per pair, a multiple of 4 (the control pair gets half as many). `--connections` is per
 * arm. Each reported ratio comes from a round and its twin, the next round of that pair, which swaps
 * the processes: should one process run slower than the other, the twins' geometric mean cancels it.
 * `--chunks` sets the upstream's chunks per answer (default STREAM_CHUNKS, a short reply); a longer
 * answer spreads the per-answer costs (the request, the opening and closing events) over more tokens.
 * `--pace-ms` is the upstream's wait between chunks, as a model's between tokens. The default, 2 ms
 * (500 tokens a second per stream, a fast model), has each token reach airlock in a read of its own,
 * as a streamed answer does. `--pace-ms 0` sends the whole answer at once: it arrives in a few reads,
 * pass-through forwards it in as many writes, and translation, which still handles every token, is at
 * its relative worst.
 */
import { parseArgs } from "node:util";
import { request } from "undici";
import { assertAirlockPresent, IMAGE_NODE_FLAGS, startAirlock } from "./airlock.ts";
import { forkHelper, installCleanup, stopAll } from "./children.ts";
import { CLIENT_TOKEN, RESPONSES_PATH, responsesRequestBody, STREAM_CHUNKS } from "./fixtures.ts";
import { machineInfo } from "./proc-stats.ts";
import { median } from "./stats.ts";
import { type Arm, arms, origin, runArm, type Side, writeConfig } from "./translation-setup.ts";

const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "16" },
    seconds: { type: "string", default: "3" },
    connections: { type: "string", default: "8" },
    chunks: { type: "string", default: String(STREAM_CHUNKS) },
    "pace-ms": { type: "string", default: "2" },
    "node-flags": {
      type: "string",
      default: process.env.AIRLOCK_BENCH_NODE_FLAGS ?? IMAGE_NODE_FLAGS,
    },
  },
});
const rounds = Number(values.rounds);
const roundMs = Number(values.seconds) * 1000;
const connections = Number(values.connections);
const chunks = Number(values.chunks);
// Rounds come in swapped twins, and the control gets half as many: a multiple of 4 keeps both whole.
if (!Number.isInteger(rounds) || rounds < 4 || rounds % 4 !== 0)
  throw new Error(`--rounds must be a multiple of 4, got ${values.rounds}`);
if (!Number.isInteger(chunks) || chunks < 3)
  throw new Error(`--chunks must be an integer ≥ 3, got ${values.chunks}`);
const nodeFlags = values["node-flags"].split(/\s+/).filter((flag) => flag !== "");

/** Each pair's warm-up, each way round: a sidecar runs for hours, so the bench measures it warm. */
const WARMUP_MS = 5_000;

/** What runs side by side: translation against each baseline, and the control, a baseline against itself. */
const pairs = {
  sameStream: ["translated", "responsesPassthrough"],
  chatStream: ["translated", "chatPassthrough"],
  toChat: ["translatedToChat", "chatPassthrough"],
  control: ["responsesPassthrough", "responsesPassthrough"],
} as const satisfies Record<string, readonly [Arm, Arm]>;
type Pair = keyof typeof pairs;

/** One round of a pair: each arm's airlock CPU µs per completed request, measured side by side. */
type PairRound = { first: number; second: number };

/** The middle half of the values: from the first quartile to the third. */
function middleHalf(values: number[]): [number, number] {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.round(q * (sorted.length - 1))] ?? Number.NaN;
  return [at(0.25), at(0.75)];
}

function percent(fraction: number): string {
  return `${fraction >= 0 ? "+" : ""}${(fraction * 100).toFixed(0)}%`;
}

/** One streamed Responses answer as the client reads it: its size, and its events' names in order. */
async function readAnswer(origin: string, model: string): Promise<{ bytes: number; events: string[] }> {
  const { statusCode, body } = await request(`${origin}${RESPONSES_PATH}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${CLIENT_TOKEN}` },
    body: responsesRequestBody(true, model),
  });
  const text = await body.text();
  if (statusCode !== 200) throw new Error(`${model}: HTTP ${statusCode}: ${text.slice(0, 200)}`);
  const events = [...text.matchAll(/^event: (.+)$/gm)].map((match) => match[1] ?? "");
  return { bytes: Buffer.byteLength(text), events };
}

/** The baseline is only fair while the client reads the same answer from both Responses arms. */
async function sameAnswers(origin: string): Promise<{ translated: number; passedThrough: number }> {
  const translated = await readAnswer(origin, arms.translated.model);
  const passedThrough = await readAnswer(origin, arms.responsesPassthrough.model);
  if (translated.events.join() !== passedThrough.events.join()) {
    throw new Error(
      "the Responses upstream's stream no longer matches what translation renders: " +
        `translated ${translated.events.join(",")}; passed through ${passedThrough.events.join(",")}`,
    );
  }
  return { translated: translated.bytes, passedThrough: passedThrough.bytes };
}

/** The rounds in the order they run: the two comparisons take turns, the control every fourth. */
function schedule(): { pair: Pair; swap: boolean }[] {
  const order: { pair: Pair; swap: boolean }[] = [];
  for (let index = 0; index < rounds; index++) {
    const swap = index % 2 === 1;
    order.push({ pair: "sameStream", swap }, { pair: "chatStream", swap }, { pair: "toChat", swap });
    if (index % 2 === 1) order.push({ pair: "control", swap: index % 4 === 3 });
  }
  return order;
}

/**
 * Each pair's ratio, from a round and the next one of that pair, which swapped the processes: the
 * geometric mean of the two. If one process is k times slower than the other (where the scheduler
 * put it, say), one round reads the ratio times k and its twin the ratio over k; their product holds
 * the ratio alone.
 */
function twinRatios(measured: PairRound[]): number[] {
  const ratios: number[] = [];
  for (let index = 0; index + 1 < measured.length; index += 2) {
    const [one, two] = [measured[index], measured[index + 1]];
    if (one === undefined || two === undefined) continue;
    ratios.push(Math.sqrt((one.first / one.second) * (two.first / two.second)) - 1);
  }
  return ratios;
}

function ratioLines(what: string, measured: PairRound[]): string[] {
  const twins = twinRatios(measured);
  const [low, high] = middleHalf(twins);
  const rounds = measured.map(({ first, second }) => first / second - 1);
  return [
    `${what}: ${percent(median(twins))} (middle half ${percent(low)} to ${percent(high)})`,
    `  each round and its swapped twin: ${twins.map(percent).join(", ")}`,
    `  round by round: ${rounds.map(percent).join(", ")}`,
  ];
}

async function main(): Promise<void> {
  installCleanup();
  assertAirlockPresent();
  const upstream = await forkHelper("./upstream.ts", [String(chunks), values["pace-ms"]], []);
  const config = writeConfig(upstream.port);
  // The config holds nothing secret, but a bench leaves no files behind, whichever way it ends.
  process.once("exit", config.remove);
  const sides: [Side, Side] = [
    {
      airlock: await startAirlock(upstream.port, { nodeFlags, watchLog: false, configFile: config.file }),
      load: await forkHelper("./load.ts", [], []),
    },
    {
      airlock: await startAirlock(upstream.port, { nodeFlags, watchLog: false, configFile: config.file }),
      load: await forkHelper("./load.ts", [], []),
    },
  ];
  const clientBytes = await sameAnswers(origin(sides[0]));
  const pairOn = async (pair: Pair, swap: boolean, durationMs: number): Promise<PairRound> => {
    const [firstArm, secondArm] = pairs[pair];
    const [firstSide, secondSide] = swap ? [sides[1], sides[0]] : sides;
    const [first, second] = await Promise.all([
      runArm(firstSide, upstream.pid, firstArm, { connections, durationMs }),
      runArm(secondSide, upstream.pid, secondArm, { connections, durationMs }),
    ]);
    return { first, second };
  };
  // Warm both processes up on every arm, until the per-answer code is optimised too: after 2 s a
  // pair, the first measured twin of a comparison read 6 to 14 points above the rest in most runs.
  for (const swap of [false, true]) {
    await pairOn("sameStream", swap, WARMUP_MS);
    await pairOn("chatStream", swap, WARMUP_MS);
    await pairOn("toChat", swap, WARMUP_MS);
  }
  const measured: Record<Pair, PairRound[]> = { sameStream: [], chatStream: [], toChat: [], control: [] };
  const order = schedule();
  for (const [index, { pair, swap }] of order.entries()) {
    measured[pair].push(await pairOn(pair, swap, roundMs));
    process.stderr.write(`round ${index + 1}/${order.length}\n`);
  }
  await stopAll();

  const machine = machineInfo();
  const perToken = (us: number) => (us / chunks).toFixed(2);
  const cpuOf: Record<Arm, number> = {
    translated: median([...measured.sameStream, ...measured.chatStream].map((round) => round.first)),
    responsesPassthrough: median(measured.sameStream.map((round) => round.second)),
    chatPassthrough: median([...measured.chatStream, ...measured.toChat].map((round) => round.second)),
    translatedToChat: median(measured.toChat.map((round) => round.first)),
  };
  const row = (arm: Arm) =>
    `${arms[arm].label.padEnd(56)}${cpuOf[arm].toFixed(0).padStart(10)}   ${perToken(cpuOf[arm]).padStart(8)}`;
  process.stdout.write(
    [
      `airlock translation bench — ${new Date().toISOString()}`,
      `machine: ${machine.cpuModel}, ${machine.cores} cores, node ${machine.node}; two airlock processes side by side, ${connections} connections each, ${roundMs / 1000} s rounds, ${chunks}-chunk streams, ${values["pace-ms"] === "0" ? "sent at once" : `${values["pace-ms"]} ms between chunks`}`,
      `the Responses client reads the same events, ${clientBytes.translated} bytes an answer translated, ${clientBytes.passedThrough} passed through`,
      "",
      `${"airlock CPU per streamed answer (median of rounds)".padEnd(56)}µs/request   µs/token`,
      ...(["chatPassthrough", "responsesPassthrough", "translated", "translatedToChat"] as const).map(row),
      "",
      "translation adds, CPU per streamed token (median over pairs of swapped side-by-side rounds):",
      "a Responses client (Codex) on a Chat upstream (vLLM, Ollama):",
      ...ratioLines(
        `over passing the same Responses stream through, ${rounds} rounds (the target: ≤ 20%)`,
        measured.sameStream,
      ),
      ...ratioLines(
        `over passing a Chat stream through (a smaller stream for the client), ${rounds} rounds`,
        measured.chatStream,
      ),
      "a Chat client (Goose) on a Responses upstream (Lightspeed):",
      ...ratioLines(
        `over passing a Chat stream through (the target: ≤ 20%), ${rounds} rounds`,
        measured.toChat,
      ),
      ...ratioLines(
        `control: the same-stream pass-through against itself, ${measured.control.length} rounds (the noise)`,
        measured.control,
      ),
      "",
    ].join("\n"),
  );
}

main().catch(async (error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  await stopAll();
  process.exit(1);
});
