/**
 * What translation costs: airlock's CPU per streamed token when a Responses API client (Codex-style)
 * is answered by a Chat Completions upstream — decoded, turned into canonical events and rendered as
 * the Responses event sequence — against passing an answer through untranslated. Same airlock process,
 * same upstream process, rounds taking turns.
 *
 * Two pass-through baselines, both measured:
 * - **the same stream passed through**: the Responses client's request goes to a `responses` backend
 *   on the same upstream, which streams the same answer as the Responses events translation renders,
 *   in as many writes. The client reads the same events either way; the only difference is whether
 *   airlock translates. This is the comparison the ≤ 20% target is held to.
 * - **a Chat stream passed through**: a Chat client on the chat upstream, as the bench did first.
 *   The client's stream is smaller (a chat chunk is shorter than a Responses delta event, and the
 *   Responses API repeats the text and the request in its closing events), so this ratio also counts
 *   what writing the bigger dialect costs, which is not translation.
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
 * ±15 points round by round. So the bench runs 15 rounds of each, in an order that turns round by
 * round (no arm always follows the same other), and prints, besides the ratio of the medians, each
 * round's ratio, their median and their middle half.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { request } from "undici";
import { assertAirlockPresent, startAirlock } from "./airlock.ts";
import { forkHelper, installCleanup, stopAll } from "./children.ts";
import {
  type Api,
  BENCH_MODEL,
  CLIENT_TOKEN,
  RESPONSES_PATH,
  RESPONSES_UPSTREAM_MODEL,
  responsesRequestBody,
  STREAM_CHUNKS,
  UPSTREAM_API_KEY,
} from "./fixtures.ts";
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
if (!Number.isInteger(chunks) || chunks < 3)
  throw new Error(`--chunks must be an integer ≥ 3, got ${values.chunks}`);
const nodeFlags = values["node-flags"].split(/\s+/).filter((flag) => flag !== "");

/** The three ways one answer reaches the client. */
const arms = {
  chatPassthrough: { api: "chat", model: BENCH_MODEL, label: "pass-through  (Chat client ← Chat upstream)" },
  responsesPassthrough: {
    api: "responses",
    model: RESPONSES_UPSTREAM_MODEL,
    label: "pass-through  (Responses client ← Responses upstream)",
  },
  translated: {
    api: "responses",
    model: BENCH_MODEL,
    label: "translated    (Responses client ← Chat upstream)",
  },
} as const satisfies Record<string, { api: Api; model: string; label: string }>;
type Arm = keyof typeof arms;
const armNames = Object.keys(arms) as Arm[];

/** Both backends on the one upstream: Responses requests for RESPONSES_UPSTREAM_MODEL pass through. */
function writeConfig(upstreamPort: number): { file: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "airlock-bench-"));
  const file = join(dir, "config.toml");
  const url = `http://127.0.0.1:${upstreamPort}/v1`;
  writeFileSync(
    file,
    [
      "[[backends]]",
      'name = "responses-upstream"',
      'kind = "responses"',
      `url = "${url}"`,
      `api_key = "${UPSTREAM_API_KEY}"`,
      `models = ["${RESPONSES_UPSTREAM_MODEL}"]`,
      "",
      "[[backends]]",
      'name = "chat-upstream"',
      'kind = "openai-compatible"',
      `url = "${url}"`,
      `api_key = "${UPSTREAM_API_KEY}"`,
      'models = ["*"]',
      "",
    ].join("\n"),
  );
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** airlock's CPU µs per completed request, per round, from /proc. */
function cpuPerRequest(samples: PhaseSamples): number[] {
  return samples.rounds.flatMap((round) =>
    round.cpuUs.target === null || round.completed === 0 ? [] : [round.cpuUs.target / round.completed],
  );
}

/** Each round's translated cost over the baseline's in the same round, as a fraction. */
function pairedRatios(translated: PhaseSamples, baseline: PhaseSamples): number[] {
  const base = cpuPerRequest(baseline);
  return cpuPerRequest(translated).flatMap((us, index) => {
    const over = base[index];
    return over === undefined || over === 0 ? [] : [us / over - 1];
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

function ratioLines(what: string, translated: PhaseSamples, baseline: PhaseSamples): string[] {
  const paired = pairedRatios(translated, baseline);
  const [low, high] = middleHalf(paired);
  const ofMedians = median(cpuPerRequest(translated)) / median(cpuPerRequest(baseline)) - 1;
  return [
    `translation adds ${percent(ofMedians)} CPU per streamed token over ${what}`,
    `  round by round: ${paired.map(percent).join(", ")}`,
    `  their median ${percent(median(paired))}, middle half ${percent(low)} to ${percent(high)}`,
  ];
}

async function main(): Promise<void> {
  installCleanup();
  assertAirlockPresent();
  const upstream = await forkHelper("./upstream.ts", [String(chunks), values["pace-ms"]], []);
  const config = writeConfig(upstream.port);
  // The config holds nothing secret, but a bench leaves no files behind, whichever way it ends.
  process.once("exit", config.remove);
  const airlock = await startAirlock(upstream.port, { nodeFlags, watchLog: false, configFile: config.file });
  const load = await forkHelper("./load.ts", [], []);
  const endpoint = {
    origin: `http://127.0.0.1:${airlock.port}`,
    authorization: `Bearer ${CLIENT_TOKEN}`,
    pid: airlock.pid,
  };
  const round = (arm: Arm, durationMs: number) => ({
    load: { child: load.child, pid: load.pid },
    upstreamPid: upstream.pid,
    endpoint,
    api: arms[arm].api,
    model: arms[arm].model,
    stream: true,
    connections,
    durationMs,
    maxRequests: 200_000,
  });
  const clientBytes = await sameAnswers(endpoint.origin);
  const samples: Record<Arm, PhaseSamples> = {
    chatPassthrough: emptySamples(),
    responsesPassthrough: emptySamples(),
    translated: emptySamples(),
  };
  for (const arm of armNames) {
    const warmup = await runRound(round(arm, 2_000));
    if (warmup.completed === 0) throw new Error(`${arm}: no request completed: ${warmup.firstError ?? "?"}`);
  }
  for (let index = 1; index <= rounds; index++) {
    // Each arm takes each place in turn: none always runs right after the same other.
    const order = armNames.map((_, at) => armNames[(at + index) % armNames.length] as Arm);
    for (const arm of order) {
      const result = await runRound(round(arm, roundMs), samples[arm]);
      if (result.errors > 0) throw new Error(`${arm}: ${result.errors} errors: ${result.firstError ?? "?"}`);
    }
    process.stderr.write(`round ${index}/${rounds}\n`);
  }
  await stopAll();

  const machine = machineInfo();
  const perToken = (us: number) => (us / chunks).toFixed(2);
  const row = (arm: Arm) => {
    const us = median(cpuPerRequest(samples[arm]));
    return `${arms[arm].label.padEnd(56)}${us.toFixed(0).padStart(10)}   ${perToken(us).padStart(8)}`;
  };
  process.stdout.write(
    [
      `airlock translation bench — ${new Date().toISOString()}`,
      `machine: ${machine.cpuModel}, ${machine.cores} cores, node ${machine.node}; ${connections} connections, ${rounds} rounds × ${roundMs / 1000} s, ${chunks}-chunk streams, ${values["pace-ms"] === "0" ? "sent at once" : `${values["pace-ms"]} ms between chunks`}`,
      `the Responses client reads the same events, ${clientBytes.translated} bytes an answer translated, ${clientBytes.passedThrough} passed through`,
      "",
      `${"airlock CPU per streamed answer (median of rounds)".padEnd(56)}µs/request   µs/token`,
      ...armNames.map(row),
      "",
      ...ratioLines(
        "passing the same Responses stream through (the target: ≤ 20%)",
        samples.translated,
        samples.responsesPassthrough,
      ),
      ...ratioLines(
        "passing a Chat stream through (a smaller stream for the client)",
        samples.translated,
        samples.chatPassthrough,
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
