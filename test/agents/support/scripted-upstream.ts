/**
 * Scripted model servers on loopback for the real-agent suite: Chat Completions (at `/v1`), Anthropic
 * Messages (the bare origin), or Claude on Vertex AI (the bare origin; Anthropic's wire form at
 * `/v1/projects/…/publishers/anthropic/models/{m}:streamRawPredict` and `count-tokens:rawPredict`).
 * Each plays one tool-using turn the way a
 * real model would for "read notes.txt": offered tools, it calls the agent's own shell or read tool
 * (Bash, exec_command, bash, Read, …) with arguments that fit that tool's schema; given the tool's
 * result, it answers `FINAL ANSWER: <the result>`; offered none (a title or summary side request),
 * it answers in plain text. Each records every request's URL, headers and body, as they reached it.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

type Item = Record<string, unknown>;

export type ScriptedRequest = {
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Item;
};

export type ScriptedUpstream = {
  readonly url: string;
  readonly requests: ScriptedRequest[];
  close(): Promise<void>;
};

/** The agents' tools for running a command or reading a file, most useful first. */
const preferred = ["Bash", "exec_command", "shell", "bash", "Read", "read"];

/** Claude's model and verb in a Vertex AI URL. */
const vertexRoute =
  /^\/v1\/projects\/[^/]+\/locations\/[^/]+\/publishers\/anthropic\/models\/([^/:]+):(\w+)$/;

export async function startScriptedUpstream(dialect: "chat" | "anthropic" | "vertex", file: string) {
  const requests: ScriptedRequest[] = [];
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (part: Buffer) => parts.push(part));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(parts).toString("utf8") || "{}") as Item;
      const url = req.url ?? "";
      requests.push({ url, headers: req.headers, body });
      if (dialect === "chat") answerChat(res, body, file);
      else if (dialect === "anthropic")
        answerAnthropic(res, url.startsWith("/v1/messages/count_tokens"), body, file);
      else answerVertex(res, url, body, file);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: dialect === "chat" ? `${origin}/v1` : origin,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  } satisfies ScriptedUpstream;
}

type Tool = { readonly name: string; readonly schema: Item };

/** The tool to call and its arguments, filled in from the tool's own schema. */
function toolCall(tools: readonly Tool[], file: string): { name: string; input: Item } | undefined {
  const tool = preferred.map((name) => tools.find((t) => t.name === name)).find((t) => t !== undefined);
  if (tool === undefined) return undefined;
  const properties = (tool.schema.properties ?? {}) as Record<string, Item>;
  const input: Item = {};
  const command = `cat ${file}`;
  if ("command" in properties)
    input.command = properties.command?.type === "array" ? ["bash", "-lc", command] : command;
  if ("cmd" in properties) input.cmd = command;
  if ("file_path" in properties) input.file_path = file;
  if ("filePath" in properties) input.filePath = file;
  if ("description" in properties) input.description = "Print the notes";
  return { name: tool.name, input };
}

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return (content as Item[])
    .map((part) => (typeof part.text === "string" ? part.text : textOf(part.content)))
    .join("");
}

function answerChat(res: ServerResponse, body: Item, file: string): void {
  const messages = (Array.isArray(body.messages) ? body.messages : []) as Item[];
  const tools = ((Array.isArray(body.tools) ? body.tools : []) as { function?: Item }[]).map((t) => ({
    name: String(t.function?.name ?? ""),
    schema: (t.function?.parameters ?? {}) as Item,
  }));
  const lastUser = messages.findLastIndex((m) => m.role === "user");
  const result = messages.slice(lastUser + 1).findLast((m) => m.role === "tool");
  const call = result === undefined ? toolCall(tools, file) : undefined;
  const chunk = (delta: Item, finish: string | null = null) => ({
    id: "chatcmpl-scripted",
    object: "chat.completion.chunk",
    created: 1_700_000_000,
    model: body.model,
    choices: [{ index: 0, delta, finish_reason: finish }],
  });
  const chunks =
    call === undefined
      ? [
          chunk({ role: "assistant", content: "" }),
          chunk({
            content: result === undefined ? "Plain answer." : `FINAL ANSWER: ${textOf(result.content)}`,
          }),
          chunk({}, "stop"),
        ]
      : [
          chunk({ role: "assistant", content: null }),
          chunk({
            tool_calls: [
              {
                index: 0,
                id: "call_scripted_1",
                type: "function",
                function: { name: call.name, arguments: "" },
              },
            ],
          }),
          chunk({ tool_calls: [{ index: 0, function: { arguments: JSON.stringify(call.input) } }] }),
          chunk({}, "tool_calls"),
        ];
  const usage = { prompt_tokens: 100, completion_tokens: 10, total_tokens: 110 };
  res.writeHead(200, { "content-type": "text/event-stream" });
  for (const item of chunks) res.write(`data: ${JSON.stringify(item)}\n\n`);
  res.write(`data: ${JSON.stringify({ ...chunk({}), choices: [], usage })}\n\n`);
  res.end("data: [DONE]\n\n");
}

function answerVertex(res: ServerResponse, url: string, body: Item, file: string): void {
  const [, model, verb] = vertexRoute.exec(url) ?? [];
  if (model === undefined || (verb !== "rawPredict" && verb !== "streamRawPredict")) {
    const error = { code: 404, message: `no route ${url}`, status: "NOT_FOUND" };
    res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error }));
    return;
  }
  // Vertex takes the model in the URL, not the body; the answer names it as Vertex does.
  answerAnthropic(res, model === "count-tokens", { ...body, model }, file);
}

function answerAnthropic(res: ServerResponse, countTokens: boolean, body: Item, file: string): void {
  if (countTokens) {
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ input_tokens: 321 }));
    return;
  }
  const messages = (Array.isArray(body.messages) ? body.messages : []) as Item[];
  const tools = ((Array.isArray(body.tools) ? body.tools : []) as Item[]).map((t) => ({
    name: String(t.name ?? ""),
    schema: (t.input_schema ?? {}) as Item,
  }));
  const last = messages.at(-1)?.content;
  const result = (Array.isArray(last) ? (last as Item[]) : []).find((part) => part.type === "tool_result");
  const call = result === undefined ? toolCall(tools, file) : undefined;
  const blocks: Item[] =
    call === undefined
      ? [
          {
            type: "text",
            text: result === undefined ? "Plain answer." : `FINAL ANSWER: ${textOf(result.content)}`,
          },
        ]
      : [{ type: "tool_use", id: "toolu_scripted_1", name: call.name, input: call.input }];
  const stop = call === undefined ? "end_turn" : "tool_use";
  const usage = { input_tokens: 100, output_tokens: 10 };
  const message = { id: "msg_scripted", type: "message", role: "assistant", model: body.model, content: [] };
  const send = (type: string, data: Item) =>
    res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  res.writeHead(200, { "content-type": "text/event-stream" });
  send("message_start", { message: { ...message, stop_reason: null, stop_sequence: null, usage } });
  for (const [index, block] of blocks.entries()) {
    const start = block.type === "text" ? { type: "text", text: "" } : { ...block, input: {} };
    send("content_block_start", { index, content_block: start });
    const delta =
      block.type === "text"
        ? { type: "text_delta", text: block.text }
        : { type: "input_json_delta", partial_json: JSON.stringify(block.input) };
    send("content_block_delta", { index, delta });
    send("content_block_stop", { index });
  }
  send("message_delta", { delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: 10 } });
  send("message_stop", {});
  res.end();
}
