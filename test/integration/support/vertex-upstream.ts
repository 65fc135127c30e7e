/**
 * Vertex AI on loopback: `/v1/projects/{p}/locations/{l}/publishers/{anthropic|google}/models/{m}:{verb}`.
 * It records every request (URL, headers, raw body) and answers like an agent's model, in each
 * publisher's own wire form written here by hand: Claude (Anthropic SSE on `:streamRawPredict`, a
 * message on `:rawPredict`, `{input_tokens}` on `count-tokens:rawPredict`) and Gemini
 * (`:streamGenerateContent?alt=sse` data lines, `:generateContent` JSON). Given tools and no tool
 * result yet, the model calls the first tool with `{"command":"ls"}`; given a tool result, it quotes
 * it; otherwise it echoes the user's text. A model named `…status-NNN` gets that status with an error
 * in Google's form, as Vertex AI's platform answers for Claude as well as Gemini (quota, a model the
 * project may not use); 401 is refused the way Google refuses a bad token — quoting the
 * Authorization header back, as a careless proxy might.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import { close, listen, readText } from "./gcp.ts";

export type VertexRequest = {
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly raw: string;
  readonly body: Record<string, unknown>;
};

export type VertexUpstream = {
  readonly url: string;
  readonly requests: VertexRequest[];
  close(): Promise<void>;
};

const route =
  /^\/v1\/projects\/([^/]+)\/locations\/([^/]+)\/publishers\/(anthropic|google)\/models\/([^/:]+):(\w+)$/;

export async function startVertexUpstream(): Promise<VertexUpstream> {
  const requests: VertexRequest[] = [];
  const server = createServer(async (req, res) => {
    const raw = await readText(req);
    const body = JSON.parse(raw || "{}") as Record<string, unknown>;
    requests.push({ url: req.url ?? "", headers: req.headers, raw, body });
    const [, , , publisher, model = "", verb] = route.exec((req.url ?? "").split("?")[0] ?? "") ?? [];
    const status = Number(/status-(\d{3})$/.exec(model)?.[1] ?? 0);
    if (status === 401) {
      json(res, 401, {
        error: {
          code: 401,
          message: `Request had invalid authentication credentials: ${req.headers.authorization}`,
          status: "UNAUTHENTICATED",
        },
      });
    } else if (status !== 0) {
      // Google says when to retry a quota error; a client should see it whatever form it reads.
      if (status === 429) res.setHeader("retry-after", "9");
      json(res, status, { error: { code: status, ...platformErrors[status] } });
    } else if (publisher === "anthropic" && model === "count-tokens") json(res, 200, { input_tokens: 42 });
    else if (publisher === "anthropic" && verb === "streamRawPredict") sse(res, claudeEvents(body, model));
    else if (publisher === "anthropic" && verb === "rawPredict") json(res, 200, claudeMessage(body, model));
    else if (publisher === "google" && verb === "streamGenerateContent") sse(res, geminiChunks(body, model));
    else if (publisher === "google" && verb === "generateContent")
      json(res, 200, geminiChunks(body, model)[0]);
    else json(res, 404, { error: { code: 404, message: `no route ${req.url}`, status: "NOT_FOUND" } });
  });
  const url = await listen(server);
  return { url, requests, close: () => close(server) };
}

/** Google's own wording for the platform's errors a Claude Code user meets most. */
const platformErrors: Readonly<Record<number, { message: string; status: string }>> = {
  404: {
    message: "Publisher Model `claude-status-404` was not found or your project does not have access to it.",
    status: "NOT_FOUND",
  },
  429: {
    message: "Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model.",
    status: "RESOURCE_EXHAUSTED",
  },
};

type Turn = { readonly toolResult?: string; readonly userText: string; readonly tool?: string };

/** What the conversation asks for, in Anthropic's wire form. */
function claudeTurn(body: Record<string, unknown>): Turn {
  const messages = (body.messages ?? []) as { role: string; content: unknown }[];
  const last = messages.at(-1);
  const blocks = Array.isArray(last?.content) ? (last.content as Record<string, unknown>[]) : [];
  const result = blocks.find((block) => block.type === "tool_result");
  const tools = (body.tools ?? []) as { name: string }[];
  const text =
    typeof last?.content === "string" ? last.content : blocks.map((block) => block.text ?? "").join("");
  return {
    userText: text,
    ...(result === undefined ? {} : { toolResult: flatten(result.content) }),
    ...(tools[0] === undefined ? {} : { tool: tools[0].name }),
  };
}

function flatten(content: unknown): string {
  if (typeof content === "string") return content;
  return Array.isArray(content) ? content.map((part: { text?: string }) => part.text ?? "").join("") : "";
}

function claudeAnswer(turn: Turn): { text?: string; tool?: string } {
  if (turn.toolResult !== undefined) return { text: `The tool returned: ${turn.toolResult}` };
  if (turn.tool !== undefined) return { tool: turn.tool };
  return { text: `You said: ${turn.userText}` };
}

function claudeMessage(body: Record<string, unknown>, model: string) {
  const answer = claudeAnswer(claudeTurn(body));
  return {
    id: "msg_vrtx_test",
    type: "message",
    role: "assistant",
    model,
    content:
      answer.tool === undefined
        ? [{ type: "text", text: answer.text }]
        : [{ type: "tool_use", id: "toolu_vrtx_1", name: answer.tool, input: { command: "ls" } }],
    stop_reason: answer.tool === undefined ? "end_turn" : "tool_use",
    stop_sequence: null,
    usage: { input_tokens: 20, output_tokens: 5 },
  };
}

function claudeEvents(body: Record<string, unknown>, model: string): string[] {
  const answer = claudeAnswer(claudeTurn(body));
  const start = { ...claudeMessage(body, model), content: [], stop_reason: null };
  const block =
    answer.tool === undefined
      ? [
          { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } },
          { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: answer.text } },
        ]
      : [
          {
            type: "content_block_start",
            index: 0,
            content_block: { type: "tool_use", id: "toolu_vrtx_1", name: answer.tool, input: {} },
          },
          {
            type: "content_block_delta",
            index: 0,
            delta: { type: "input_json_delta", partial_json: '{"command":' },
          },
          {
            type: "content_block_delta",
            index: 0,
            delta: { type: "input_json_delta", partial_json: '"ls"}' },
          },
        ];
  const events = [
    { type: "message_start", message: start },
    ...block,
    { type: "content_block_stop", index: 0 },
    {
      type: "message_delta",
      delta: { stop_reason: answer.tool === undefined ? "end_turn" : "tool_use", stop_sequence: null },
      usage: { output_tokens: 5 },
    },
    { type: "message_stop" },
  ];
  return events.map((event) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
}

/** The same model in Gemini's form: `contents` with `functionResponse` parts for tool results. */
function geminiChunks(body: Record<string, unknown>, model: string) {
  const contents = (body.contents ?? []) as { role: string; parts: Record<string, unknown>[] }[];
  const parts = contents.at(-1)?.parts ?? [];
  const response = parts.find((part) => part.functionResponse !== undefined)?.functionResponse as
    | { response?: unknown }
    | undefined;
  const tools = (body.tools ?? []) as { functionDeclarations?: { name: string }[] }[];
  const tool = tools[0]?.functionDeclarations?.[0]?.name;
  const usage = { promptTokenCount: 20, candidatesTokenCount: 5, totalTokenCount: 25 };
  const chunk = (part: Record<string, unknown>, finish?: string) => ({
    candidates: [
      {
        content: { role: "model", parts: [part] },
        ...(finish === undefined ? {} : { finishReason: finish }),
      },
    ],
    ...(finish === undefined ? {} : { usageMetadata: usage }),
    modelVersion: model,
  });
  if (response !== undefined) {
    const quoted = JSON.stringify(response.response);
    return [chunk({ text: "The tool returned: " }), chunk({ text: quoted }, "STOP")];
  }
  if (tool !== undefined) return [chunk({ functionCall: { name: tool, args: { command: "ls" } } }, "STOP")];
  const text = parts.map((part) => part.text ?? "").join("");
  return [chunk({ text: `You said: ${text}` }, "STOP")];
}

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(value));
}

function sse(res: ServerResponse, events: readonly (string | object)[]): void {
  res.writeHead(200, { "content-type": "text/event-stream" });
  for (const event of events)
    res.write(typeof event === "string" ? event : `data: ${JSON.stringify(event)}\n\n`);
  res.end();
}
