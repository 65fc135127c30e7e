/**
 * A fast mock OpenAI-compatible upstream on loopback. It is the same process for every target, so
 * whatever it costs is paid equally by direct, pipe and airlock. It checks the injected key (a proxy
 * that forgot it would otherwise look fast), answers `stream:false` with one small JSON body and
 * `stream:true` with STREAM_CHUNKS `chat.completion.chunk` events (or as many as its first argument
 * says) plus `data: [DONE]`, each event its own write and none delayed — unless a pace is given: then
 * it waits that many milliseconds between events, as a real model does between tokens, so that each
 * event reaches the proxy in a read of its own instead of a few reads carrying the whole answer.
 *
 * It also speaks the Responses API (`POST /v1/responses`, streamed only): the same answer as the
 * Responses event sequence airlock renders when it translates the chat stream above, in as many
 * writes, grouped as airlock writes them. airlock passes it through unchanged to a Responses client,
 * which is the baseline translation is measured against (bench/translation.ts).
 *
 * Run: node bench/upstream.ts [CHUNKS [PACE_MS]]   (forked by run.ts; reports its port over IPC)
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { CHAT_PATH, INSTRUCTIONS, RESPONSES_PATH, STREAM_CHUNKS, UPSTREAM_API_KEY } from "./fixtures.ts";
import type { ReadyMessage } from "./messages.ts";

const EXPECTED_AUTH = `Bearer ${UPSTREAM_API_KEY}`;
const CREATED = Math.floor(Date.now() / 1000);
const CHUNKS = process.argv[2] === undefined ? STREAM_CHUNKS : Number(process.argv[2]);
if (!Number.isInteger(CHUNKS) || CHUNKS < 2)
  throw new Error(`chunk count must be an integer ≥ 2, got ${process.argv[2]}`);
const PACE_MS = Number(process.argv[3] ?? 0);
if (!Number.isFinite(PACE_MS) || PACE_MS < 0) throw new Error(`pace must be ≥ 0 ms, got ${process.argv[3]}`);

/** Events are the same for every request naming a model, so build them once per model, not per request. */
const eventsByModel = new Map<string, string[]>();

function streamEvents(model: string): string[] {
  const cached = eventsByModel.get(model);
  if (cached) return cached;
  const events: string[] = [];
  for (let i = 0; i < CHUNKS; i++) {
    const last = i === CHUNKS - 1;
    const delta = i === 0 ? { role: "assistant", content: "" } : last ? {} : { content: tokenOf(i) };
    const chunk = {
      id: "chatcmpl-bench",
      object: "chat.completion.chunk",
      created: CREATED,
      model,
      choices: [{ index: 0, delta, finish_reason: last ? "stop" : null }],
    };
    events.push(`data: ${JSON.stringify(chunk)}\n\n`);
  }
  events.push("data: [DONE]\n\n");
  eventsByModel.set(model, events);
  return events;
}

/** The text of chunk `i` of a streamed answer: chunk 0 only opens the message, the last one finishes it. */
function tokenOf(i: number): string {
  return `tok${i} `;
}

const responsesByModel = new Map<string, string[]>();

function sse<Event extends { type: string; sequence_number: number }>(event: Event): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/**
 * The chat stream's answer as Responses API events, one string per write: `created` and `in_progress`
 * where the chat stream has its first chunk, the message's opening events with its first delta, one
 * delta per text chunk, its closing events where the chat stream finishes, and `completed` last.
 */
function responsesEvents(model: string): string[] {
  const cached = responsesByModel.get(model);
  if (cached) return cached;
  const id = "resp-bench";
  const itemId = `msg_${id}_0`;
  let text = "";
  for (let i = 1; i < CHUNKS - 1; i++) text += tokenOf(i);
  const response = (status: string, output: unknown[]) => ({
    id,
    object: "response",
    created_at: CREATED,
    status,
    background: false,
    error: null,
    incomplete_details: null,
    instructions: INSTRUCTIONS,
    max_output_tokens: null,
    metadata: {},
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    store: false,
    temperature: 0,
    text: { format: { type: "text" } },
    tool_choice: "auto",
    tools: [],
    top_p: null,
    truncation: "disabled",
    user: null,
    model,
    output,
    usage: null,
  });
  const part = (partText: string) => ({ type: "output_text", text: partText, annotations: [] });
  const item = (status: string, content: unknown[]) => ({
    id: itemId,
    type: "message",
    status,
    role: "assistant",
    content,
  });
  const at = { item_id: itemId, output_index: 0, content_index: 0 };
  let seq = 0;
  const delta = (i: number) =>
    sse({
      type: "response.output_text.delta",
      sequence_number: seq++,
      ...at,
      delta: tokenOf(i),
      logprobs: [],
    });
  const events = [
    sse({ type: "response.created", sequence_number: seq++, response: response("in_progress", []) }) +
      sse({ type: "response.in_progress", sequence_number: seq++, response: response("in_progress", []) }),
    sse({
      type: "response.output_item.added",
      sequence_number: seq++,
      output_index: 0,
      item: item("in_progress", []),
    }) +
      sse({ type: "response.content_part.added", sequence_number: seq++, ...at, part: part("") }) +
      delta(1),
  ];
  for (let i = 2; i < CHUNKS - 1; i++) events.push(delta(i));
  const done = item("completed", [part(text)]);
  events.push(
    sse({ type: "response.output_text.done", sequence_number: seq++, ...at, text, logprobs: [] }) +
      sse({ type: "response.content_part.done", sequence_number: seq++, ...at, part: part(text) }) +
      sse({ type: "response.output_item.done", sequence_number: seq++, output_index: 0, item: done }),
    sse({ type: "response.completed", sequence_number: seq++, response: response("completed", [done]) }),
  );
  responsesByModel.set(model, events);
  return events;
}

function completion(model: string): string {
  return JSON.stringify({
    id: "chatcmpl-bench",
    object: "chat.completion",
    created: CREATED,
    model,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: "Start with README.md, then src/main.ts." },
        finish_reason: "stop",
      },
    ],
    usage: { prompt_tokens: 38, completion_tokens: 11, total_tokens: 49 },
  });
}

function sendJson(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

async function writeStream(res: ServerResponse, events: string[]): Promise<void> {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  for (const event of events) {
    if (PACE_MS > 0) await sleep(PACE_MS);
    // Honour backpressure: a slow reader must not make the mock buffer without bound.
    if (!res.write(event)) await new Promise((resolve) => res.once("drain", resolve));
  }
  res.end();
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

function modelAndStream(body: string): { model: string; stream: boolean } | null {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== "object" || parsed === null) return null;
    const model = "model" in parsed && typeof parsed.model === "string" ? parsed.model : "unknown";
    return { model, stream: "stream" in parsed && parsed.stream === true };
  } catch {
    return null;
  }
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method === "GET" && req.url === "/healthz") return sendJson(res, 200, '{"status":"ok"}');
  if (req.method === "GET" && req.url === "/v1/models") {
    return sendJson(res, 200, '{"object":"list","data":[{"id":"gpt-4o-mini","object":"model"}]}');
  }
  if (req.method !== "POST" || (req.url !== CHAT_PATH && req.url !== RESPONSES_PATH)) {
    return sendJson(res, 404, '{"error":{"message":"not found","type":"invalid_request_error"}}');
  }
  const body = await readBody(req);
  if (req.headers.authorization !== EXPECTED_AUTH) {
    return sendJson(res, 401, '{"error":{"message":"bad key","type":"invalid_request_error"}}');
  }
  const request = modelAndStream(body);
  if (!request) return sendJson(res, 400, '{"error":{"message":"bad json","type":"invalid_request_error"}}');
  if (req.url === RESPONSES_PATH) {
    if (!request.stream) {
      return sendJson(res, 400, '{"error":{"message":"stream only","type":"invalid_request_error"}}');
    }
    return writeStream(res, responsesEvents(request.model));
  }
  if (request.stream) return writeStream(res, streamEvents(request.model));
  return sendJson(res, 200, completion(request.model));
}

const server = createServer((req, res) => {
  handle(req, res).catch((error: unknown) => {
    process.stderr.write(`upstream: ${String(error)}\n`);
    res.destroy();
  });
});
// Longer than any client's idle timeout, so the mock never closes a pooled connection mid-round.
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  const ready: ReadyMessage = { type: "ready", port: (server.address() as AddressInfo).port };
  process.send?.(ready);
});
// The parent going away (even by SIGKILL) closes the IPC channel: never outlive it.
process.on("disconnect", () => process.exit(0));
