/**
 * Issue #5's example configuration in one TOML file: `claude-*` to Vertex AI (ADC), `gpt-*` to an
 * `openai` backend (its key), everything else to a Lightspeed-style `responses` backend (a client
 * certificate). Chat Completions, Anthropic Messages and Responses clients each reach all three;
 * each upstream sees only its own requests, on the path of its own dialect, with its own credential.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureSecret, type RunningAirlock, startAirlock } from "./support/airlock.ts";
import { createPki, type Pki } from "./support/pki.ts";
import { type ResponsesUpstream, startResponsesUpstream } from "./support/responses-upstream.ts";
import { startUpstream, type Upstream } from "./support/upstream.ts";
import {
  type Recorder,
  recordResponses,
  type ServiceAccount,
  startServiceAccount,
  vertexBackendToml,
  waitReady,
} from "./support/vertex-stack.ts";
import { startVertexUpstream, type VertexUpstream } from "./support/vertex-upstream.ts";

const clientToken = fixtureSecret("client-token");
const openaiKey = fixtureSecret("openai-key");
const project = "airlock-multi-project";
let account: ServiceAccount;
let pki: Pki;
let vertex: VertexUpstream;
let openaiUpstream: Upstream;
let lightspeed: ResponsesUpstream;
let airlock: RunningAirlock;
let recorder: Recorder;
let chat: OpenAI;
let claude: Anthropic;

beforeAll(async () => {
  account = await startServiceAccount();
  pki = createPki();
  const cert = pki.issueClient("consumer-multi");
  [vertex, openaiUpstream, lightspeed] = await Promise.all([
    startVertexUpstream(),
    startUpstream(),
    startResponsesUpstream(pki),
  ]);
  const config = join(account.dir, "airlock.toml");
  writeFileSync(
    config,
    [
      "[server]",
      `api_key = "${clientToken}"`,
      "[aliases]",
      '"sonnet" = "claude-sonnet-4-5-20250929"',
      ...vertexBackendToml({
        url: vertex.url,
        project,
        location: "global",
        credentialsFile: account.credentialsFile,
        models: ["claude-sonnet-4-5", "claude-*"],
      }),
      "[[backends]]",
      'name = "openai"',
      'kind = "openai"',
      `url = "${openaiUpstream.url}"`,
      `api_key = "${openaiKey}"`,
      'models = ["gpt-4.1", "gpt-*"]',
      "[[backends]]",
      'name = "lightspeed"',
      'kind = "responses"',
      `url = "${lightspeed.url}"`,
      'models = ["granite", "*"]',
      "[backends.tls]",
      `cert_file = "${cert.cert}"`,
      `key_file = "${cert.key}"`,
      `ca_file = "${pki.ca}"`,
      "",
    ].join("\n"),
  );
  airlock = await startAirlock({}, { config });
  await waitReady(airlock.url);
  recorder = recordResponses();
  const options = { apiKey: clientToken, maxRetries: 0, fetch: recorder.fetch };
  chat = new OpenAI({ ...options, baseURL: airlock.baseURL });
  claude = new Anthropic({ ...options, baseURL: airlock.url });
});

afterAll(async () => {
  await airlock?.close();
  await Promise.all([vertex?.close(), openaiUpstream?.close(), lightspeed?.close()]);
  await account?.close();
  pki?.remove();
});

type Target = "vertex" | "openai" | "lightspeed";
type Client = "chat" | "messages" | "responses";

/** One request with `model`, from one kind of client; the answer's text. */
async function ask(client: Client, model: string, stream: boolean): Promise<string> {
  const text = "hello";
  if (client === "chat") {
    const messages = [{ role: "user" as const, content: text }];
    if (!stream)
      return (await chat.chat.completions.create({ model, messages })).choices[0]?.message.content ?? "";
    let out = "";
    for await (const chunk of await chat.chat.completions.create({ model, messages, stream })) {
      out += chunk.choices[0]?.delta.content ?? "";
    }
    return out;
  }
  if (client === "messages") {
    const body = { model, max_tokens: 100, messages: [{ role: "user" as const, content: text }] };
    const message = stream
      ? await claude.messages.stream(body).finalMessage()
      : await claude.messages.create(body);
    return message.content.map((block) => (block.type === "text" ? block.text : "")).join("");
  }
  if (!stream) return (await chat.responses.create({ model, input: text })).output_text;
  return (await chat.responses.stream({ model, input: text }).finalResponse()).output_text;
}

function counts(): Record<Target, number> {
  return {
    vertex: vertex.requests.length,
    openai: openaiUpstream.requests.length,
    lightspeed: lightspeed.requests.length,
  };
}

/** The request the one upstream that was asked received: its path and the credential on it. */
function seenBy(target: Target): { url: string; credential: string } {
  if (target === "vertex") {
    const request = vertex.requests.at(-1);
    return { url: request?.url ?? "", credential: String(request?.headers.authorization) };
  }
  if (target === "openai") {
    const request = openaiUpstream.requests.at(-1);
    return { url: request?.url ?? "", credential: String(request?.headers.authorization) };
  }
  const request = lightspeed.requests.at(-1);
  const auth = request?.headers.authorization;
  return { url: request?.url ?? "", credential: `cn=${request?.clientCn} ${auth ?? "no-authorization"}` };
}

const claudeModels = `/v1/projects/${project}/locations/global/publishers/anthropic/models`;
const vertexPath = (stream: boolean) =>
  `${claudeModels}/claude-sonnet-4-5@20250929:${stream ? "streamRawPredict" : "rawPredict"}`;

/** Where each client's request for each backend must land: passed through or translated. */
const cases: { client: Client; model: string; target: Target; path: (stream: boolean) => string }[] = [
  { client: "chat", model: "sonnet", target: "vertex", path: vertexPath },
  { client: "chat", model: "gpt-4.1", target: "openai", path: () => "/v1/chat/completions" },
  { client: "chat", model: "granite", target: "lightspeed", path: () => "/api/lightspeed/v1/responses" },
  { client: "messages", model: "claude-sonnet-4-5-20250929", target: "vertex", path: vertexPath },
  { client: "messages", model: "gpt-4o-mini", target: "openai", path: () => "/v1/chat/completions" },
  { client: "messages", model: "llama-3", target: "lightspeed", path: () => "/api/lightspeed/v1/responses" },
  { client: "responses", model: "sonnet", target: "vertex", path: vertexPath },
  { client: "responses", model: "gpt-5", target: "openai", path: () => "/v1/responses" },
  { client: "responses", model: "granite", target: "lightspeed", path: () => "/api/lightspeed/v1/responses" },
];

/** What each fake says to "hello": Claude and the Responses fakes echo it; the chat fake has set lines. */
function expectedText(target: Target, client: Client, stream: boolean): string {
  if (target !== "openai" || client === "responses") return "You said: hello";
  return stream ? "Hello, world" : "Hello from upstream";
}

describe("three backends behind one airlock", () => {
  for (const stream of [false, true]) {
    for (const { client, model, target, path } of cases) {
      it(`a ${client} client's ${stream ? "streamed" : "whole"} request for ${model} reaches ${target} only`, async () => {
        const before = counts();
        expect(await ask(client, model, stream)).toBe(expectedText(target, client, stream));
        const after = counts();
        expect(after).toEqual({ ...before, [target]: before[target] + 1 });
        const credential = {
          vertex: `Bearer ${account.tokens.issued.at(-1)}`,
          openai: `Bearer ${openaiKey}`,
          lightspeed: "cn=consumer-multi no-authorization",
        }[target];
        expect(seenBy(target)).toEqual({ url: path(stream), credential });
      });
    }
  }

  it("GET /v1/models lists the plain names and the aliases, each with the backend that serves it", async () => {
    const listed = [];
    for await (const model of chat.models.list()) listed.push({ id: model.id, owned_by: model.owned_by });
    expect(listed).toEqual([
      { id: "claude-sonnet-4-5", owned_by: "vertex" },
      { id: "gpt-4.1", owned_by: "openai" },
      { id: "granite", owned_by: "lightspeed" },
      { id: "sonnet", owned_by: "vertex" },
    ]);
  });

  it("no backend's credential reaches a client or the log, and none reaches another backend", async () => {
    await recorder.settled();
    const everything = [...recorder.seen, ...airlock.logs].join("\n");
    for (const token of account.tokens.issued) expect(everything).not.toContain(token);
    expect(everything).not.toContain(openaiKey);
    const foreign = [
      ...openaiUpstream.requests.map((request) => request.headers),
      ...lightspeed.requests.map((request) => request.headers),
    ];
    for (const token of account.tokens.issued) expect(JSON.stringify(foreign)).not.toContain(token);
    const allHeaders = JSON.stringify([
      ...vertex.requests.map((request) => request.headers),
      ...lightspeed.requests.map((request) => request.headers),
    ]);
    expect(allHeaders).not.toContain(openaiKey);
    expect(allHeaders).not.toContain(clientToken);
    expect(JSON.stringify(openaiUpstream.requests.map((request) => request.headers))).not.toContain(
      clientToken,
    );
  });
});
