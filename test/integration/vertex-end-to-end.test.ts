/**
 * Issue #5's "done when", end to end: an agent holding only airlock's URL and its client token talks
 * to Claude and Gemini on Vertex AI. The official `@anthropic-ai/sdk`, as Claude Code uses it, on
 * POST /v1/messages: passed through to Claude's `streamRawPredict` / `rawPredict` /
 * `count-tokens:rawPredict` with the ADC token the loopback token server issued, the body in Vertex's
 * form and unknown fields intact; translated to Gemini. The `openai` SDK's Responses API, translated
 * to both. Vertex AI's platform errors (Google's form) reach the Anthropic SDK in Anthropic's. The
 * ADC token never reaches anything the client receives, nor the log.
 */

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import Anthropic from "@anthropic-ai/sdk";
import type { BetaMessageParam, BetaTextBlockParam } from "@anthropic-ai/sdk/resources/beta/messages";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codexConversation, toolOutput } from "./support/agents.ts";
import { fixtureSecret, type RunningAirlock, startAirlock } from "./support/airlock.ts";
import { bashTool, claudeCodeConversation } from "./support/claude-code.ts";
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
const project = "airlock-e2e-project";
const claudeCodeModel = "claude-sonnet-4-5-20250929";
const claudePath = `/v1/projects/${project}/locations/us-east5/publishers/anthropic/models`;
let account: ServiceAccount;
let upstream: VertexUpstream;
let airlock: RunningAirlock;
let recorder: Recorder;
let claude: Anthropic;

beforeAll(async () => {
  account = await startServiceAccount();
  upstream = await startVertexUpstream();
  const config = join(account.dir, "airlock.toml");
  const backend = vertexBackendToml({
    url: upstream.url,
    project,
    location: "us-east5",
    credentialsFile: account.credentialsFile,
    models: ["claude-*", "gemini-*"],
  });
  writeFileSync(config, ["[server]", `api_key = "${clientToken}"`, ...backend, ""].join("\n"));
  airlock = await startAirlock({}, { config });
  await waitReady(airlock.url);
  recorder = recordResponses();
  claude = new Anthropic({ baseURL: airlock.url, apiKey: clientToken, maxRetries: 0, fetch: recorder.fetch });
});

afterAll(async () => {
  await airlock?.close();
  await upstream?.close();
  await account?.close();
});

const last = () => upstream.requests.at(-1);
const token = () => account.tokens.issued.at(-1);

/** What every request to Claude on Vertex must look like, whatever the client sent. */
function expectVertexClaudeRequest(path: string): void {
  const request = last();
  expect(request?.url).toBe(path);
  expect(request?.headers.host).toBe(new URL(upstream.url).host);
  expect(request?.headers.authorization).toBe(`Bearer ${token()}`);
  expect(request?.headers["anthropic-version"]).toBeUndefined();
  expect(request?.headers["x-api-key"]).toBeUndefined();
  expect(Object.keys(request?.headers ?? {}).filter((name) => name.startsWith("x-stainless"))).toEqual([]);
  expect(JSON.stringify(request?.headers)).not.toContain(clientToken);
  expect(request?.body.anthropic_version).toBe("vertex-2023-10-16");
}

describe("the Anthropic SDK on /v1/messages, Claude on Vertex AI (passed through)", () => {
  it("streams a tool_use turn, then the final text after the tool_result", async () => {
    const system: BetaTextBlockParam[] = [
      { type: "text", text: "You are Claude Code.", cache_control: { type: "ephemeral" } },
    ];
    const messages: BetaMessageParam[] = [
      {
        role: "user",
        content: [{ type: "text", text: "List the files.", cache_control: { type: "ephemeral" } }],
      },
    ];
    const turn = async () => {
      const stream = claude.beta.messages.stream({
        model: claudeCodeModel,
        max_tokens: 1024,
        system,
        messages,
        tools: [bashTool],
        betas: ["claude-code-20250219", "interleaved-thinking-2025-05-14"],
      });
      const seen: string[] = [];
      for await (const event of stream) seen.push(event.type);
      return { seen, message: await stream.finalMessage() };
    };

    const first = await turn();
    expect(first.seen).toContain("content_block_delta");
    expect(first.message.stop_reason).toBe("tool_use");
    const call = first.message.content.find((block) => block.type === "tool_use");
    expect(call).toMatchObject({ type: "tool_use", name: "Bash", input: { command: "ls" } });
    expectVertexClaudeRequest(`${claudePath}/claude-sonnet-4-5@20250929:streamRawPredict`);
    expect(last()?.headers["anthropic-beta"]).toBe("interleaved-thinking-2025-05-14");
    expect(last()?.body.model).toBeUndefined();
    expect(last()?.body).toMatchObject({ stream: true, max_tokens: 1024, system });
    // airlock knows nothing of cache_control: pass-through keeps the client's fields as they were.
    expect(last()?.body.messages).toEqual(messages);

    messages.push({ role: "assistant", content: first.message.content });
    messages.push({
      role: "user",
      content: [
        { type: "tool_result", tool_use_id: call?.type === "tool_use" ? call.id : "", content: toolOutput },
      ],
    });
    const second = await turn();
    expect(second.message.stop_reason).toBe("end_turn");
    expect(second.message.content).toEqual([{ type: "text", text: `The tool returned: ${toolOutput}` }]);
    expectVertexClaudeRequest(`${claudePath}/claude-sonnet-4-5@20250929:streamRawPredict`);
  });

  it("answers a non-streaming request from rawPredict", async () => {
    const message = await claude.messages.create({
      model: claudeCodeModel,
      max_tokens: 100,
      messages: [{ role: "user", content: "hello" }],
    });
    expect(message.content).toEqual([{ type: "text", text: "You said: hello" }]);
    expectVertexClaudeRequest(`${claudePath}/claude-sonnet-4-5@20250929:rawPredict`);
    expect(last()?.body.model).toBeUndefined();
  });

  it("counts tokens at count-tokens:rawPredict, with the model in the body and no beta flags", async () => {
    const counted = await claude.beta.messages.countTokens({
      model: claudeCodeModel,
      messages: [{ role: "user", content: "hello" }],
      betas: ["claude-code-20250219", "interleaved-thinking-2025-05-14"],
    });
    expect(counted.input_tokens).toBe(42);
    expectVertexClaudeRequest(`${claudePath}/count-tokens:rawPredict`);
    expect(last()?.body.model).toBe("claude-sonnet-4-5@20250929");
    expect(last()?.headers["anthropic-beta"]).toBeUndefined();
  });
});

describe("Vertex AI's platform errors on /v1/messages", () => {
  // Quota and model access are Vertex's, not Claude's: Google's error form, which the Anthropic SDK
  // (and Claude Code's retry and error display) does not read. The caller gets Anthropic's.
  it.each([
    [429, "rate_limit_error", /^Quota exceeded/, Anthropic.RateLimitError],
    [404, "not_found_error", /^Publisher Model `claude-status-404` was not found/, Anthropic.NotFoundError],
  ])("a %i is an Anthropic %s carrying Google's message", async (status, type, message, errorClass) => {
    const model = `claude-status-${status}`;
    const error = await claude.messages
      .create({ model, max_tokens: 10, messages: [{ role: "user", content: "hi" }] })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(errorClass);
    if (!(error instanceof Anthropic.APIError)) return;
    expect(error.status).toBe(status);
    expect(error.error).toEqual({ type: "error", error: { type, message: expect.stringMatching(message) } });
    if (status === 429) expect(error.headers?.get("retry-after")).toBe("9");
    expect(last()?.url).toBe(`${claudePath}/${model}:rawPredict`);
  });

  it("a streamed request gets the same error before its first event", async () => {
    const stream = claude.messages.stream({
      model: "claude-status-429",
      max_tokens: 10,
      messages: [{ role: "user", content: "hi" }],
    });
    const error = await stream.finalMessage().catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    if (!(error instanceof Anthropic.APIError)) return;
    expect(error.error).toMatchObject({ type: "error", error: { type: "rate_limit_error" } });
  });

  it("Vertex AI's own URL surface still relays Google's form, which its clients read", async () => {
    const response = await recorder.fetch(
      `${airlock.url}/v1/projects/p/locations/l/publishers/anthropic/models/claude-status-429:rawPredict`,
      { method: "POST", headers: { authorization: `Bearer ${clientToken}` }, body: "{}" },
    );
    expect(response.status).toBe(429);
    expect(await response.json()).toMatchObject({ error: { code: 429, status: "RESOURCE_EXHAUSTED" } });
  });
});

describe("agents translated to Vertex AI", () => {
  it("Claude Code's streamed tool round trip reaches Gemini as streamGenerateContent", async () => {
    const transcript = await claudeCodeConversation(claude, "gemini-2.5-pro");
    expect(transcript.calls).toEqual(['Bash({"command":"ls"})']);
    expect(transcript.answer).toMatch(/^The tool returned: .*README\.md/);
    expect(last()?.url).toBe(
      `/v1/projects/${project}/locations/us-east5/publishers/google/models/gemini-2.5-pro:streamGenerateContent?alt=sse`,
    );
    expect(last()?.headers.authorization).toBe(`Bearer ${token()}`);
  });

  it("a Codex-style Responses client's streamed tool round trip reaches Gemini and Claude", async () => {
    const codex = new OpenAI({
      baseURL: airlock.baseURL,
      apiKey: clientToken,
      maxRetries: 0,
      fetch: recorder.fetch,
    });
    const gemini = await codexConversation(codex, "gemini-2.5-pro");
    expect(gemini.calls).toEqual(['shell({"command":"ls"})']);
    expect(gemini.answer).toMatch(/^The tool returned: .*README\.md/);
    expect(gemini.seen.at(-1)).toBe("response.completed");
    expect(last()?.url).toMatch(
      /\/publishers\/google\/models\/gemini-2\.5-pro:streamGenerateContent\?alt=sse$/,
    );
    expect(last()?.body.contents).toBeDefined();

    const sonnet = await codexConversation(codex, claudeCodeModel);
    expect(sonnet.calls).toEqual(['shell({"command":"ls"})']);
    expect(sonnet.answer).toBe(`The tool returned: ${toolOutput}`);
    expectVertexClaudeRequest(`${claudePath}/claude-sonnet-4-5@20250929:streamRawPredict`);
  });

  it("no ADC token reaches a response's headers or body, or the log", async () => {
    await recorder.settled();
    expect(recorder.seen.length).toBeGreaterThan(5);
    const everything = [...recorder.seen, ...airlock.logs].join("\n");
    expect(account.tokens.issued.length).toBeGreaterThan(0);
    for (const issued of account.tokens.issued) expect(everything).not.toContain(issued);
    expect(everything).not.toContain("PRIVATE KEY");
  });
});
