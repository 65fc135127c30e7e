/**
 * An OpenAI-compatible upstream on loopback for integration tests. It records what it received and
 * behaves according to the model name it is sent, so each test picks its scenario through airlock's
 * ordinary routing: `slow-headers`, `die-mid-stream`, `…slow-stream` (300 ms between chunks),
 * `stall-stream` (stops for 5 s after two chunks), `status-NNN` (a 429 carries `retry-after: 17`), `html-503`,
 * `echo-headers`, `tool-call`, and `agent` (calls the first tool offered; after a tool result, quotes
 * it in text). Like OpenAI's own API it also answers the Responses API at `…/responses`, as the mTLS
 * Responses fake does.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { writeResponsesAnswer } from "./responses-upstream.ts";

export type Recorded = {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Record<string, unknown>;
  /** Resolves when the request's connection closed or the answer finished. */
  readonly closed: Promise<"finished" | "aborted">;
};

export type Upstream = {
  readonly url: string;
  readonly requests: Recorded[];
  close(): Promise<void>;
};

export function chunk(id: string, delta: Record<string, unknown>, finish: string | null = null) {
  return {
    id,
    object: "chat.completion.chunk",
    created: 1_700_000_000,
    model: "upstream-model",
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  };
}

export const completion = {
  id: "chatcmpl-upstream-1",
  object: "chat.completion",
  created: 1_700_000_000,
  model: "upstream-model",
  choices: [
    {
      index: 0,
      message: { role: "assistant", content: "Hello from upstream", refusal: null },
      logprobs: null,
      finish_reason: "stop",
    },
  ],
  usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 },
  system_fingerprint: "fp_test",
};

export const textChunks = [
  chunk("chatcmpl-s", { role: "assistant", content: "" }),
  chunk("chatcmpl-s", { content: "Hel" }),
  chunk("chatcmpl-s", { content: "lo, " }),
  chunk("chatcmpl-s", { content: "world" }),
  chunk("chatcmpl-s", {}, "stop"),
];

export const toolChunks = [
  chunk("chatcmpl-t", { role: "assistant", content: null }),
  chunk("chatcmpl-t", {
    tool_calls: [
      { index: 0, id: "call_1", type: "function", function: { name: "get_weather", arguments: "" } },
    ],
  }),
  chunk("chatcmpl-t", { tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }),
  chunk("chatcmpl-t", { tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] }),
  chunk("chatcmpl-t", {}, "tool_calls"),
];

/** A model that calls the first tool offered, then, given the tool's result, quotes it. */
function agentChunks(body: Record<string, unknown>) {
  const messages = Array.isArray(body.messages)
    ? (body.messages as { role?: unknown; content?: unknown }[])
    : [];
  const tools = Array.isArray(body.tools) ? (body.tools as { function?: { name?: unknown } }[]) : [];
  const last = messages.at(-1);
  const usage = { prompt_tokens: 20, completion_tokens: 5, total_tokens: 25 };
  if (last?.role === "tool" || tools.length === 0) {
    return [
      chunk("chatcmpl-a", { role: "assistant", content: "" }),
      chunk("chatcmpl-a", { content: "The tool returned: " }),
      chunk("chatcmpl-a", { content: String(last?.content ?? "") }),
      chunk("chatcmpl-a", {}, "stop"),
      { ...chunk("chatcmpl-a", {}), choices: [], usage },
    ];
  }
  const name = String(tools[0]?.function?.name ?? "");
  return [
    chunk("chatcmpl-a", { role: "assistant", content: null }),
    chunk("chatcmpl-a", {
      tool_calls: [{ index: 0, id: "call_agent_1", type: "function", function: { name, arguments: "" } }],
    }),
    chunk("chatcmpl-a", { tool_calls: [{ index: 0, function: { arguments: '{"command":' } }] }),
    chunk("chatcmpl-a", { tool_calls: [{ index: 0, function: { arguments: '"ls"}' } }] }),
    chunk("chatcmpl-a", {}, "tool_calls"),
    { ...chunk("chatcmpl-a", {}), choices: [], usage },
  ];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startUpstream(): Promise<Upstream> {
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (part: Buffer) => parts.push(part));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(parts).toString("utf8") || "{}") as Record<string, unknown>;
      const closed = new Promise<"finished" | "aborted">((resolve) =>
        res.once("close", () => resolve(res.writableFinished ? "finished" : "aborted")),
      );
      requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body, closed });
      if ((req.url ?? "").endsWith("/responses")) void writeResponsesAnswer(res, body);
      else void answer(res, body, req.headers);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function answer(
  res: ServerResponse,
  body: Record<string, unknown>,
  headers: IncomingHttpHeaders,
): Promise<void> {
  const model = String(body.model ?? "");
  if (model === "echo-headers") {
    // A badly behaved upstream that echoes the request's headers in its error message.
    res.writeHead(400, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        error: {
          message: `bad request; headers were ${JSON.stringify(headers)}`,
          type: "invalid_request_error",
        },
      }),
    );
    return;
  }
  if (model === "html-503") {
    res.writeHead(503, { "content-type": "text/html" });
    res.end("<html><body><h1>503 Service Unavailable</h1>No server is available.</body></html>");
    return;
  }
  const status = /^status-(\d{3})$/.exec(model);
  if (status?.[1] !== undefined) {
    const code = Number(status[1]);
    res.writeHead(code, {
      "content-type": "application/json",
      ...(code === 429 ? { "retry-after": "17" } : {}),
    });
    const message =
      code === 401 ? "Incorrect API key provided: sk-up***********1234." : `upstream says ${code}`;
    res.end(
      JSON.stringify({ error: { message, type: "invalid_request_error", param: null, code: "upstream" } }),
    );
    return;
  }
  if (model === "slow-headers") await sleep(2_000);
  if (body.stream !== true) {
    res.writeHead(200, {
      "content-type": "application/json",
      "x-ratelimit-remaining-requests": "99",
      "set-cookie": "x=1",
    });
    res.end(JSON.stringify({ ...completion, model }));
    return;
  }
  res.writeHead(200, { "content-type": "text/event-stream" });
  const chunks = model === "tool-call" ? toolChunks : model === "agent" ? agentChunks(body) : textChunks;
  for (const [index, item] of chunks.entries()) {
    if (res.destroyed) return;
    const event = `data: ${JSON.stringify(item)}\n\n`;
    if (model === "die-mid-stream" && index === 2) {
      // Half an event, then the connection drops: the worst place to die.
      res.write(event.slice(0, 20));
      await sleep(20);
      res.socket?.destroy();
      return;
    }
    res.write(event);
    if (model.endsWith("slow-stream")) await sleep(300);
    if (model === "stall-stream" && index === 1) await sleep(5_000);
  }
  res.end("data: [DONE]\n\n");
}
