/**
 * A Responses API upstream on loopback that, like Red Hat Lightspeed, takes only clients presenting a
 * certificate from its CA (`requestCert`, `rejectUnauthorized`). Its answers are written here by hand
 * in the wire form OpenAI streams, not by airlock's renderer. It behaves by what it is asked:
 * - the last input item is a `function_call_output`: a text answer quoting the tool's output;
 * - tools are offered and the user's text names one: a call of it with `{"command":"ls"}`;
 * - `text.format` is a JSON schema: a JSON object text;
 * - otherwise: `You said: <the last user text>` (images are counted: `[N image(s)]`).
 * Model `fail-mid-stream` sends `response.failed` after some text; `die-mid-stream` drops the
 * connection after the first text delta; `slow` waits 100 ms between events.
 */
import type { ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import type { TLSSocket } from "node:tls";
import type { Pki } from "./pki.ts";

export type SeenRequest = {
  readonly url: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Record<string, unknown>;
  /** The client certificate's subject CN, as the TLS layer verified it. */
  readonly clientCn: string;
};

export type ResponsesUpstream = {
  readonly url: string;
  readonly requests: SeenRequest[];
  close(): Promise<void>;
};

type Item = Record<string, unknown>;

export async function startResponsesUpstream(pki: Pki): Promise<ResponsesUpstream> {
  const requests: SeenRequest[] = [];
  const server: Server = createServer(
    {
      cert: pki.read(pki.server.cert),
      key: pki.read(pki.server.key),
      ca: pki.read(pki.ca),
      requestCert: true,
      rejectUnauthorized: true,
    },
    (req, res) => {
      const parts: Buffer[] = [];
      req.on("data", (part: Buffer) => parts.push(part));
      req.on("end", async () => {
        const body = JSON.parse(Buffer.concat(parts).toString("utf8") || "{}") as Record<string, unknown>;
        const peer = (req.socket as TLSSocket).getPeerCertificate();
        requests.push({
          url: req.url ?? "",
          headers: req.headers,
          body,
          clientCn: String(peer.subject?.CN ?? ""),
        });
        await writeResponsesAnswer(res, body);
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}/api/lightspeed/v1`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The model's answer to a Responses request, as one JSON response or as SSE events numbered from 0. */
export async function writeResponsesAnswer(
  res: ServerResponse,
  body: Record<string, unknown>,
): Promise<void> {
  const { events, response } = answer(body);
  if (body.stream !== true) {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(response));
    return;
  }
  res.writeHead(200, { "content-type": "text/event-stream" });
  let sequence = 0;
  for (const event of events) {
    const data = JSON.stringify({ ...event, sequence_number: sequence++ });
    res.write(`event: ${String(event.type)}\ndata: ${data}\n\n`);
    if (body.model === "die-mid-stream" && event.type === "response.output_text.delta") {
      // Let what was written reach airlock first: destroy() discards unsent data.
      await new Promise((resolve) => setTimeout(resolve, 50));
      res.destroy();
      return;
    }
    if (body.model === "slow") await new Promise((resolve) => setTimeout(resolve, 100));
  }
  res.end();
}

function answer(body: Record<string, unknown>): { events: Item[]; response: Item } {
  const input =
    typeof body.input === "string"
      ? [{ role: "user", content: body.input }]
      : Array.isArray(body.input)
        ? (body.input as Item[])
        : [];
  const model = String(body.model ?? "");
  const base = { id: "resp_mtls_1", object: "response", created_at: 1_760_000_000, model, output: [] };
  const events: Item[] = [
    { type: "response.created", response: { ...base, status: "in_progress" } },
    { type: "response.in_progress", response: { ...base, status: "in_progress" } },
  ];
  const last = input.at(-1);
  const userText = lastUserText(input);
  const tool = chosenTool(body, userText);
  let item: Item;
  if (last?.type === "function_call_output") {
    item = message(events, `The tool returned: ${String(last.output)}`);
  } else if (tool !== undefined) {
    item = call(events, tool, JSON.stringify({ command: "ls" }));
  } else if ((body.text as { format?: { type?: string } } | undefined)?.format?.type === "json_schema") {
    item = message(events, JSON.stringify({ answer: userText, confidence: 1 }));
  } else {
    const images = countImages(input);
    item = message(events, `You said: ${userText}${images > 0 ? ` [${images} image(s)]` : ""}`);
  }
  const usage = {
    input_tokens: 11,
    input_tokens_details: { cached_tokens: 3 },
    output_tokens: 7,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: 18,
  };
  if (model === "fail-mid-stream") {
    const failed = {
      ...base,
      status: "failed",
      error: { code: "server_error", message: "the model crashed" },
    };
    events.splice(-2, 2, { type: "response.failed", response: failed });
    return { events, response: failed };
  }
  const response = { ...base, status: "completed", output: [item], usage };
  events.push({ type: "response.completed", response });
  return { events, response };
}

function message(events: Item[], text: string): Item {
  const id = "msg_mtls_1";
  const done = { id, type: "message", status: "completed", role: "assistant", content: [part(text)] };
  events.push(
    {
      type: "response.output_item.added",
      output_index: 0,
      item: { ...done, status: "in_progress", content: [] },
    },
    { type: "response.content_part.added", item_id: id, output_index: 0, content_index: 0, part: part("") },
  );
  for (const piece of text.match(/.{1,8}/gs) ?? []) {
    events.push({
      type: "response.output_text.delta",
      item_id: id,
      output_index: 0,
      content_index: 0,
      delta: piece,
    });
  }
  events.push(
    { type: "response.output_text.done", item_id: id, output_index: 0, content_index: 0, text },
    { type: "response.content_part.done", item_id: id, output_index: 0, content_index: 0, part: part(text) },
    { type: "response.output_item.done", output_index: 0, item: done },
  );
  return done;
}

function call(events: Item[], name: string, args: string): Item {
  const id = "fc_mtls_1";
  const done = {
    id,
    type: "function_call",
    status: "completed",
    call_id: "call_mtls_1",
    name,
    arguments: args,
  };
  events.push({
    type: "response.output_item.added",
    output_index: 0,
    item: { ...done, status: "in_progress", arguments: "" },
  });
  const half = Math.ceil(args.length / 2);
  for (const delta of [args.slice(0, half), args.slice(half)]) {
    events.push({ type: "response.function_call_arguments.delta", item_id: id, output_index: 0, delta });
  }
  events.push(
    { type: "response.function_call_arguments.done", item_id: id, output_index: 0, arguments: args },
    { type: "response.output_item.done", output_index: 0, item: done },
  );
  return done;
}

function part(text: string): Item {
  return { type: "output_text", text, annotations: [] };
}

function lastUserText(input: readonly Item[]): string {
  const user = [...input].reverse().find((item) => item.role === "user");
  const content = user?.content;
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return (content as Item[])
    .filter((piece) => piece.type === "input_text")
    .map((piece) => String(piece.text))
    .join("");
}

function countImages(input: readonly Item[]): number {
  return input
    .flatMap((item) => (Array.isArray(item.content) ? (item.content as Item[]) : []))
    .filter((piece) => piece.type === "input_image").length;
}

function chosenTool(body: Record<string, unknown>, text: string): string | undefined {
  const tools = Array.isArray(body.tools) ? (body.tools as Item[]) : [];
  return tools
    .map((tool) => String(tool.name ?? ""))
    .find((name) => name !== "" && text.toLowerCase().includes(name.toLowerCase()));
}
