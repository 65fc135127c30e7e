/**
 * An Anthropic Messages upstream on loopback. It records what it received and answers in the wire
 * form Anthropic sends, written here by hand (named events, a `ping`, the empty first
 * `input_json_delta`, usage in `message_start` and `message_delta`), not by airlock's renderer. It
 * behaves by what it is asked:
 * - `POST /v1/messages/count_tokens`: `{"input_tokens": 1234}`;
 * - the last user message carries a `tool_result`: a text answer quoting it;
 * - tools are offered: a `tool_use` of the first one with `{"command":"ls"}`;
 * - otherwise: `You said: <the last user text>`.
 * Model `status-NNN` answers that status in Anthropic's error form (401 echoes the key it was sent, as
 * a careless upstream might; 429 carries `retry-after`); `die-mid-stream` drops the connection after
 * some text.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type AnthropicRequest = {
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Record<string, unknown>;
  /** What the upstream wrote back, byte for byte. */
  readonly sent: string[];
};

export type AnthropicUpstream = {
  /** The bare origin, as the `anthropic` kind takes it. */
  readonly url: string;
  readonly requests: AnthropicRequest[];
  close(): Promise<void>;
};

type Item = Record<string, unknown>;

export const upstreamTokenCount = 1234;

export async function startAnthropicUpstream(): Promise<AnthropicUpstream> {
  const requests: AnthropicRequest[] = [];
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (part: Buffer) => parts.push(part));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(parts).toString("utf8") || "{}") as Item;
      const sent: string[] = [];
      requests.push({ url: req.url ?? "", headers: req.headers, body, sent });
      const write = res.write.bind(res);
      res.write = ((chunk: string) => {
        sent.push(chunk);
        return write(chunk);
      }) as typeof res.write;
      void answer(res, req.url ?? "", body, req.headers);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function answer(res: ServerResponse, url: string, body: Item, headers: IncomingHttpHeaders) {
  const model = String(body.model ?? "");
  const status = /^status-(\d{3})$/.exec(model);
  if (status?.[1] !== undefined) return fail(res, Number(status[1]), String(headers["x-api-key"]));
  if (url.startsWith("/v1/messages/count_tokens")) {
    res.writeHead(200, { "content-type": "application/json", "request-id": "req_count_1" });
    res.end(JSON.stringify({ input_tokens: upstreamTokenCount }));
    return;
  }
  const blocks = reply(body);
  const stopReason = blocks.some((block) => block.type === "tool_use") ? "tool_use" : "end_turn";
  const usage = { input_tokens: 25, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
  const message = {
    id: "msg_loopback_1",
    type: "message",
    role: "assistant",
    model,
    content: blocks,
    stop_reason: stopReason,
    stop_sequence: null,
    usage: { ...usage, output_tokens: 7, service_tier: "standard" },
  };
  const replyHeaders = {
    "request-id": "req_loopback_1",
    "anthropic-ratelimit-requests-remaining": "49",
    "anthropic-organization-id": "org-not-for-clients",
  };
  if (body.stream !== true) {
    res.writeHead(200, { "content-type": "application/json", ...replyHeaders });
    res.end(JSON.stringify(message));
    return;
  }
  res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", ...replyHeaders });
  const send = (type: string, data: Item) => res.write(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
  send("message_start", {
    type: "message_start",
    message: { ...message, content: [], stop_reason: null, usage: { ...usage, output_tokens: 1 } },
  });
  for (const [index, block] of blocks.entries()) {
    const start = block.type === "text" ? { type: "text", text: "" } : { ...block, input: {} };
    send("content_block_start", { type: "content_block_start", index, content_block: start });
    if (index === 0) send("ping", { type: "ping" });
    for (const delta of deltas(block))
      send("content_block_delta", { type: "content_block_delta", index, delta });
    if (model === "die-mid-stream") {
      // Some text is out; then the connection drops, with no error event and no message_stop.
      await new Promise((resolve) => setTimeout(resolve, 20));
      res.socket?.destroy();
      return;
    }
    send("content_block_stop", { type: "content_block_stop", index });
  }
  send("message_delta", {
    type: "message_delta",
    delta: { stop_reason: stopReason, stop_sequence: null },
    usage: { output_tokens: 7 },
  });
  send("message_stop", { type: "message_stop" });
  res.end();
}

function reply(body: Item): Item[] {
  const messages = Array.isArray(body.messages) ? (body.messages as Item[]) : [];
  const tools = Array.isArray(body.tools) ? (body.tools as Item[]) : [];
  const last = messages.at(-1);
  const content = typeof last?.content === "string" ? [{ type: "text", text: last.content }] : last?.content;
  const parts = Array.isArray(content) ? (content as Item[]) : [];
  const result = parts.find((part) => part.type === "tool_result");
  if (result !== undefined) return [{ type: "text", text: `The tool returned: ${textOf(result.content)}` }];
  const tool = tools[0];
  if (tool !== undefined) {
    return [
      { type: "text", text: "Let me look." },
      { type: "tool_use", id: "toolu_loopback_1", name: String(tool.name), input: { command: "ls" } },
    ];
  }
  return [{ type: "text", text: `You said: ${textOf(parts)}` }];
}

function deltas(block: Item): Item[] {
  if (block.type === "text") {
    const text = String(block.text);
    return (text.match(/.{1,8}/gs) ?? []).map((piece) => ({ type: "text_delta", text: piece }));
  }
  const json = JSON.stringify(block.input);
  const half = Math.ceil(json.length / 2);
  return ["", json.slice(0, half), json.slice(half)].map((partial_json) => ({
    type: "input_json_delta",
    partial_json,
  }));
}

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return (content as Item[])
    .filter((part) => part.type === "text")
    .map((part) => String(part.text))
    .join("");
}

function fail(res: ServerResponse, status: number, key: string) {
  const types: Record<number, string> = { 401: "authentication_error", 429: "rate_limit_error" };
  const message =
    status === 401
      ? `invalid x-api-key: ${key}`
      : status === 429
        ? "Number of request tokens has exceeded your per-minute rate limit"
        : `upstream says ${status}`;
  res.writeHead(status, {
    "content-type": "application/json",
    "request-id": "req_failed_1",
    ...(status === 429 ? { "retry-after": "17" } : {}),
  });
  res.end(
    JSON.stringify({
      type: "error",
      error: { type: types[status] ?? "api_error", message },
      request_id: "req_failed_1",
    }),
  );
}
