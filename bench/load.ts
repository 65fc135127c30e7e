/**
 * The load generator, in its own process so no target shares its event loop. It waits for round
 * commands over IPC, runs `connections` closed-loop workers on one keep-alive undici Pool per origin
 * (undici's request() rather than fetch(), which costs several times more per request), and answers
 * with the raw samples. A round stops at whichever comes first: maxRequests started or durationMs
 * elapsed; per-request timeouts bound the tail, so a hung target cannot hang the bench.
 *
 * Run: node bench/load.ts   (forked by run.ts)
 */
import { Pool } from "undici";
import { chatRequestBody, doneMarker, responsesRequestBody } from "./fixtures.ts";
import { isRoundCommand, type ReadyMessage, type RoundCommand, type RoundResult } from "./messages.ts";

const REQUEST_TIMEOUT_MS = 10_000;
const pools = new Map<string, Pool>();
/** Request bodies by API, model and streaming, made once each. */
const bodies = new Map<string, string>();

function bodyFor(command: RoundCommand): string {
  const key = `${command.api} ${command.model} ${command.stream}`;
  let body = bodies.get(key);
  if (body === undefined) {
    const make = command.api === "chat" ? chatRequestBody : responsesRequestBody;
    body = make(command.stream, command.model);
    bodies.set(key, body);
  }
  return body;
}

function poolFor(origin: string, connections: number): Pool {
  const key = `${origin} ${connections}`;
  let pool = pools.get(key);
  if (!pool) {
    pool = new Pool(origin, {
      connections,
      headersTimeout: REQUEST_TIMEOUT_MS,
      bodyTimeout: REQUEST_TIMEOUT_MS,
    });
    pools.set(key, pool);
  }
  return pool;
}

/** One request; resolves to the time of the first body chunk, throws on anything but a whole 200 answer. */
async function sendOne(pool: Pool, command: RoundCommand): Promise<number> {
  const { statusCode, body } = await pool.request({
    path: command.path,
    method: "POST",
    headers: { "content-type": "application/json", authorization: command.authorization },
    body: bodyFor(command),
  });
  let firstChunkAt = 0;
  // Per chunk, only references are kept, the same for either API: the client's own work must not
  // differ between the answers it reads, nor crowd the target it shares the machine with. The end
  // marker is looked for once, in the last two chunks: each API's last event is one write of the
  // target's, so it ends the stream whole or split in two.
  let previous: Buffer | undefined;
  let last: Buffer | undefined;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    if (firstChunkAt === 0) firstChunkAt = performance.now();
    previous = last;
    last = chunk;
  }
  const end = Buffer.concat([previous, last].filter((chunk) => chunk !== undefined));
  const marker = doneMarker(command.api);
  const sawMarker = end.includes(marker);
  const tail = end.toString("utf8").slice(-200);
  if (statusCode !== 200) throw new Error(`HTTP ${statusCode}: ${tail}`);
  if (firstChunkAt === 0) throw new Error("HTTP 200 with an empty body");
  if (command.stream && !sawMarker) throw new Error(`stream ended without ${marker}: ${tail}`);
  return firstChunkAt;
}

async function runRound(command: RoundCommand): Promise<RoundResult> {
  const pool = poolFor(command.origin, command.connections);
  const latencyMs = new Float64Array(command.maxRequests);
  const ttfbMs = new Float64Array(command.maxRequests);
  let started = 0;
  let completed = 0;
  let errors = 0;
  let firstError: string | null = null;
  const startedAt = performance.now();
  const deadline = startedAt + command.durationMs;

  async function worker(): Promise<void> {
    while (started < command.maxRequests && performance.now() < deadline) {
      started++;
      const sentAt = performance.now();
      try {
        const firstChunkAt = await sendOne(pool, command);
        latencyMs[completed] = performance.now() - sentAt;
        ttfbMs[completed] = firstChunkAt - sentAt;
        completed++;
      } catch (error) {
        errors++;
        firstError ??= error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      }
    }
  }

  await Promise.all(Array.from({ length: command.connections }, worker));
  return {
    type: "result",
    completed,
    errors,
    firstError,
    elapsedMs: performance.now() - startedAt,
    latencyMs: latencyMs.slice(0, completed),
    ttfbMs: ttfbMs.slice(0, completed),
  };
}

process.on("message", (message: unknown) => {
  if (!isRoundCommand(message)) return;
  runRound(message).then(
    (result) => process.send?.(result),
    (error: unknown) => {
      process.stderr.write(`load: ${String(error)}\n`);
      process.exit(1);
    },
  );
});
process.on("disconnect", () => process.exit(0));
const ready: ReadyMessage = { type: "ready", port: 0 };
process.send?.(ready);
