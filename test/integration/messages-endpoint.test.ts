/**
 * POST /v1/messages and /v1/messages/count_tokens, driven by `@anthropic-ai/sdk` as Claude Code drives
 * them, against backends that speak another dialect: an OpenAI-compatible upstream on loopback (the
 * request and its answer are translated, event by event) and the in-process mock. Token counts are
 * estimated by airlock there. Every failure is in Anthropic's error form with the right status.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toolOutput } from "./support/agents.ts";
import { fixtureSecret, type RunningAirlock, startAirlock } from "./support/airlock.ts";
import {
  bashTool,
  claudeCodeBetas,
  claudeCodeClient,
  claudeCodeConversation,
} from "./support/claude-code.ts";
import { startUpstream, type Upstream } from "./support/upstream.ts";

const backendKey = fixtureSecret("vllm-key");
const clientToken = fixtureSecret("client-token");
let upstream: Upstream;
let airlock: RunningAirlock;
let claude: Anthropic;

beforeAll(async () => {
  upstream = await startUpstream();
  const config = join(mkdtempSync(join(tmpdir(), "airlock-messages-")), "config.toml");
  writeFileSync(
    config,
    `[server]
api_key = "${clientToken}"
max_body_bytes = 8192

[[backends]]
name = "vllm"
kind = "openai-compatible"
url = "${upstream.url}"
api_key = "${backendKey}"
models = ["agent", "m", "status-*", "die-*"]

[[backends]]
name = "mock"
kind = "mock"
models = ["mock"]
`,
  );
  airlock = await startAirlock({}, { config });
  claude = claudeCodeClient(airlock.url, clientToken, "auth-token");
});

afterAll(async () => {
  await airlock?.close();
  await upstream?.close();
});

const hello = [{ role: "user" as const, content: "hello" }];

function post(path: string, body: string, headers: Record<string, string> = {}) {
  return fetch(`${airlock.url}${path}`, {
    method: "POST",
    headers: { "x-api-key": clientToken, "content-type": "application/json", ...headers },
    body,
  });
}

async function expectAnthropicError(response: Response, status: number, type: string, message: RegExp) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toBe("application/json");
  const body: unknown = await response.json();
  expect(body).toEqual({ type: "error", error: { type, message: expect.stringMatching(message) } });
}

describe("Claude Code on an OpenAI-compatible backend (translated)", () => {
  it("completes a streamed, tool-using conversation, event by event", async () => {
    const transcript = await claudeCodeConversation(claude, "agent");
    expect(transcript.calls).toEqual(['Bash({"command":"ls"})']);
    expect(transcript.answer).toBe(`The tool returned: ${toolOutput}`);
    const turn = (blockDelta: string, stop: string) => [
      "message_start",
      "content_block_start",
      `content_block_delta:${blockDelta}`,
      `content_block_delta:${blockDelta}`,
      "content_block_stop",
      `message_delta:${stop}`,
      "message_stop",
    ];
    expect(transcript.seen).toEqual([
      ...turn("input_json_delta", "tool_use"),
      ...turn("text_delta", "end_turn"),
    ]);
    const sent = upstream.requests.at(-1);
    expect(sent?.url).toBe("/v1/chat/completions");
    expect(sent?.headers.authorization).toBe(`Bearer ${backendKey}`);
    expect(sent?.headers["x-api-key"]).toBeUndefined();
    expect(sent?.headers["anthropic-beta"]).toBeUndefined();
    expect(Object.keys(sent?.headers ?? {}).filter((name) => name.startsWith("x-stainless"))).toEqual([]);
    expect(sent?.body).toMatchObject({
      model: "agent",
      max_tokens: 32_000,
      stream: true,
      stream_options: { include_usage: true },
      tools: [{ type: "function", function: { name: "Bash", parameters: bashTool.input_schema } }],
    });
    expect(JSON.stringify(sent?.body.messages)).toContain('"role":"tool"');
  });

  it("streams a tool call as tool_use blocks with input_json_delta, then the stop reason and usage", async () => {
    const stream = await claude.messages.create({
      model: "agent",
      max_tokens: 100,
      stream: true,
      tools: [bashTool],
      messages: hello,
    });
    const events = [];
    for await (const event of stream) events.push(event);
    expect(events[0]).toMatchObject({ type: "message_start", message: { role: "assistant", content: [] } });
    expect(events[1]).toEqual({
      type: "content_block_start",
      index: 0,
      content_block: { type: "tool_use", id: "call_agent_1", name: "Bash", input: {} },
    });
    const json = events.flatMap((event) =>
      event.type === "content_block_delta" && event.delta.type === "input_json_delta"
        ? [event.delta.partial_json]
        : [],
    );
    expect(JSON.parse(json.join(""))).toEqual({ command: "ls" });
    expect(events.at(-3)).toEqual({ type: "content_block_stop", index: 0 });
    expect(events.at(-2)).toMatchObject({
      type: "message_delta",
      delta: { stop_reason: "tool_use", stop_sequence: null },
      usage: { input_tokens: 20, output_tokens: 5 },
    });
    expect(events.at(-1)).toEqual({ type: "message_stop" });
  });

  it("answers a non-streaming request as one message", async () => {
    const message = await claude.messages.create({ model: "m", max_tokens: 100, messages: hello });
    expect(message).toMatchObject({
      type: "message",
      role: "assistant",
      content: [{ type: "text", text: "Hello from upstream" }],
      stop_reason: "end_turn",
      usage: { input_tokens: 5, output_tokens: 3 },
    });
  });

  it("estimates count_tokens itself, without asking the backend", async () => {
    const before = upstream.requests.length;
    const count = (text: string) =>
      claude.beta.messages.countTokens({
        model: "agent",
        system: "You are Claude Code, Anthropic's official CLI for Claude.",
        tools: [bashTool],
        messages: [{ role: "user", content: text }],
        betas: claudeCodeBetas,
      });
    const short = await count("hello");
    const long = await count("hello ".repeat(200));
    expect(short.input_tokens).toBeGreaterThan(346);
    expect(long.input_tokens - short.input_tokens).toBeGreaterThan(200);
    expect(upstream.requests.length).toBe(before);
  });
});

describe("Claude Code on the mock backend", () => {
  it("gets an answer, streamed or not, and a token count", async () => {
    const message = await claude.messages.create({ model: "mock", max_tokens: 100, messages: hello });
    expect(message.content).toEqual([{ type: "text", text: "You said: hello" }]);
    const transcript = await claudeCodeConversation(claude, "mock");
    expect(transcript.calls).toHaveLength(1);
    expect(transcript.seen.at(-1)).toBe("message_stop");
    const count = await claude.messages.countTokens({ model: "mock", messages: hello });
    expect(count.input_tokens).toBeGreaterThan(0);
  });
});

describe("errors on /v1/messages", () => {
  it("are Anthropic error objects for bad input", async () => {
    await expectAnthropicError(await post("/v1/messages", "{not json"), 400, "invalid_request_error", /JSON/);
    await expectAnthropicError(
      await post("/v1/messages", JSON.stringify({ max_tokens: 10, messages: hello })),
      400,
      "invalid_request_error",
      /model/,
    );
    await expectAnthropicError(
      await post("/v1/messages", JSON.stringify({ model: 7, max_tokens: 10, messages: hello })),
      400,
      "invalid_request_error",
      /model: expected a string/,
    );
    await expectAnthropicError(
      await post("/v1/messages?beta=true", JSON.stringify({ model: "m", messages: hello })),
      400,
      "invalid_request_error",
      /max_tokens/,
    );
    await expectAnthropicError(
      await post("/v1/messages/count_tokens?beta=true", "[]"),
      400,
      "invalid_request_error",
      /JSON object/,
    );
    await expectAnthropicError(
      await post("/v1/messages", JSON.stringify({ model: "m", padding: "x".repeat(10_000) })),
      413,
      "request_too_large",
      /max_body_bytes/,
    );
  });

  it("is a not_found_error for a model no backend serves", async () => {
    const error = await claude.messages
      .create({ model: "claude-opus-4-1", max_tokens: 10, messages: hello })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(Anthropic.NotFoundError);
    if (!(error instanceof Anthropic.NotFoundError)) return;
    expect(error.error).toMatchObject({ type: "error", error: { type: "not_found_error" } });
    expect(error.error).toMatchObject({
      error: { message: expect.stringContaining('no backend serves model "claude-opus-4-1"') },
    });
  });

  it("is an authentication_error for a wrong or missing token, on both paths", async () => {
    const wrong = claudeCodeClient(airlock.url, fixtureSecret("wrong-token"));
    const error = await wrong.messages
      .create({ model: "m", max_tokens: 10, messages: hello })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
    const body = JSON.stringify({ model: "m", messages: hello });
    await expectAnthropicError(
      await post("/v1/messages/count_tokens", body, { "x-api-key": "nope" }),
      401,
      "authentication_error",
      /invalid airlock client token/,
    );
    const anonymous = await fetch(`${airlock.url}/v1/messages`, { method: "POST", body });
    await expectAnthropicError(anonymous, 401, "authentication_error", /missing airlock client token/);
  });

  it("relays an upstream 429 as a rate_limit_error with its message and retry-after", async () => {
    const error = await claude.messages
      .create({ model: "status-429", max_tokens: 10, messages: hello })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    if (!(error instanceof Anthropic.RateLimitError)) return;
    expect(error.error).toEqual({
      type: "error",
      error: { type: "rate_limit_error", message: "upstream says 429" },
    });
    // Claude Code's SDK waits as long as retry-after says; without it, it retries on its own clock.
    expect(error.headers?.get("retry-after")).toBe("17");
  });

  it("turns an upstream 401 into a 502 that names the backend, not its key", async () => {
    const response = await post(
      "/v1/messages",
      JSON.stringify({ model: "status-401", max_tokens: 10, messages: hello }),
    );
    const text = await response.clone().text();
    await expectAnthropicError(response, 502, "api_error", /backend "vllm" rejected airlock's credentials/);
    expect(text).not.toContain(backendKey);
    expect(airlock.logs.join("\n")).not.toContain(backendKey);
  });

  it("ends a stream whose upstream dies with an Anthropic error event", async () => {
    const response = await post(
      "/v1/messages",
      JSON.stringify({ model: "die-mid-stream", max_tokens: 10, stream: true, messages: hello }),
    );
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain("event: content_block_delta\n");
    const events = text.trimEnd().split("\n\n");
    expect(events.at(-1)?.split("\n")[0]).toBe("event: error");
    expect(JSON.parse(events.at(-1)?.split("data: ")[1] ?? "")).toEqual({
      type: "error",
      error: { type: "api_error", message: 'backend "vllm" is unreachable (UND_ERR_SOCKET)' },
    });
    expect(text).not.toContain("message_stop");
  });
});

describe("GET and HEAD /api/hello", () => {
  it("answers 200 with no token, as Claude Code's connectivity check expects", async () => {
    const head = await fetch(`${airlock.url}/api/hello`, { method: "HEAD" });
    expect(head.status).toBe(200);
    const get = await fetch(`${airlock.url}/api/hello`);
    expect(get.status).toBe(200);
  });

  it("answers Claude Code 2.1's HEAD / at start with 200 and no error in the log", async () => {
    const head = await fetch(`${airlock.url}/`, { method: "HEAD" });
    expect(head.status).toBe(200);
    const line = airlock.logs
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .findLast((l) => l.path === "/");
    expect(line).toMatchObject({ method: "HEAD", status: 200, level: "debug" });
    expect(line).not.toHaveProperty("error");
  });
});
