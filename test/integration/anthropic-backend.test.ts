/**
 * An `anthropic` backend, against a loopback Anthropic upstream. Claude Code's requests (through
 * `@anthropic-ai/sdk`) are passed through: the backend's key replaces the client's token, the
 * `anthropic-beta` flags are filtered by the allowlist, every field and every byte of the answer
 * survive. OpenAI clients are translated to Messages and back.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codexConversation, gooseConversation, toolOutput } from "./support/agents.ts";
import { fixtureSecret, type RunningAirlock, startAirlock } from "./support/airlock.ts";
import {
  type AnthropicUpstream,
  startAnthropicUpstream,
  upstreamTokenCount,
} from "./support/anthropic-upstream.ts";
import { claudeCodeBetas, claudeCodeClient, claudeCodeConversation } from "./support/claude-code.ts";

const backendKey = fixtureSecret("anthropic-key");
const clientToken = fixtureSecret("client-token");
let upstream: AnthropicUpstream;
let airlock: RunningAirlock;
let claude: Anthropic;
let openai: OpenAI;

beforeAll(async () => {
  upstream = await startAnthropicUpstream();
  const config = join(mkdtempSync(join(tmpdir(), "airlock-anthropic-")), "config.toml");
  writeFileSync(
    config,
    `[server]
api_key = "${clientToken}"

[[backends]]
name = "anthropic"
kind = "anthropic"
url = "${upstream.url}"
api_key = "${backendKey}"
models = ["claude-*", "status-*", "die-*"]
anthropic_betas = ["claude-code-20250219", "fine-grained-tool-streaming-2025-05-14"]

[[backends]]
name = "anthropic-all-betas"
kind = "anthropic"
url = "${upstream.url}"
api_key = "${backendKey}"
models = ["open-*"]
`,
  );
  airlock = await startAirlock({}, { config });
  claude = claudeCodeClient(airlock.url, clientToken);
  openai = new OpenAI({ baseURL: airlock.baseURL, apiKey: clientToken, maxRetries: 0 });
});

afterAll(async () => {
  await airlock?.close();
  await upstream?.close();
});

const last = () => {
  const request = upstream.requests.at(-1);
  if (request === undefined) throw new Error("the upstream saw no request");
  return request;
};

describe("Claude Code on an anthropic backend (passed through)", () => {
  it("completes a streamed, tool-using conversation with the upstream's events as they were", async () => {
    const transcript = await claudeCodeConversation(claude, "claude-sonnet-4-5");
    expect(transcript.calls).toEqual(['Bash({"command":"ls"})']);
    expect(transcript.answer).toBe(`The tool returned: ${toolOutput}`);
    expect(transcript.seen).toContain("message_delta:tool_use");
    expect(transcript.seen.at(-2)).toBe("message_delta:end_turn");
  });

  it("injects the backend's key and sends on only the allowed betas and the client's version", async () => {
    await claudeCodeConversation(claude, "claude-haiku-4-5-20251001");
    const { url, headers, body } = last();
    expect(url).toBe("/v1/messages");
    expect(headers["x-api-key"]).toBe(backendKey);
    expect(headers.authorization).toBeUndefined();
    // The client's own version (the SDK's) is passed on; see below for the default.
    expect(headers["anthropic-version"]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(headers["anthropic-beta"]).toBe("claude-code-20250219,fine-grained-tool-streaming-2025-05-14");
    expect(Object.keys(headers).filter((name) => name.startsWith("x-stainless"))).toEqual([]);
    expect(JSON.stringify(headers)).not.toContain(clientToken);
    // Fields the translation would drop arrive as the client sent them.
    expect(body.system).toEqual([
      { type: "text", text: "You are Claude Code, Anthropic's official CLI for Claude." },
      { type: "text", text: "Be concise.", cache_control: { type: "ephemeral" } },
    ]);
    expect(body.metadata).toEqual({ user_id: "user_loopback" });
    expect(body.max_tokens).toBe(32_000);
  });

  it("streams the upstream's bytes untouched", async () => {
    const response = await fetch(`${airlock.url}/v1/messages?beta=true`, {
      method: "POST",
      headers: { "x-api-key": clientToken, "content-type": "application/json" },
      body: JSON.stringify({
        model: "claude-sonnet-4-5",
        max_tokens: 100,
        stream: true,
        messages: [{ role: "user", content: "hello" }],
      }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(await response.text()).toBe(last().sent.join(""));
  });

  it("answers a non-streaming request and passes back Anthropic's request id and rate limits", async () => {
    const { data, response } = await claude.messages
      .create({
        model: "claude-3-5-haiku-20241022",
        max_tokens: 512,
        messages: [{ role: "user", content: "hello" }],
      })
      .withResponse();
    expect(data.content).toEqual([{ type: "text", text: "You said: hello" }]);
    expect(data.stop_reason).toBe("end_turn");
    expect(response.headers.get("request-id")).toBe("req_loopback_1");
    expect(response.headers.get("anthropic-ratelimit-requests-remaining")).toBe("49");
    expect(response.headers.get("anthropic-organization-id")).toBeNull();
  });

  it("passes count_tokens through, ?beta=true and all", async () => {
    const count = await claude.beta.messages.countTokens({
      model: "claude-sonnet-4-5",
      messages: [{ role: "user", content: "hello" }],
      betas: claudeCodeBetas,
    });
    expect(count.input_tokens).toBe(upstreamTokenCount);
    expect(last().url).toBe("/v1/messages/count_tokens");
    expect(last().headers["anthropic-beta"]).toBe(
      "claude-code-20250219,fine-grained-tool-streaming-2025-05-14",
    );
    expect(last().headers["x-api-key"]).toBe(backendKey);
  });

  it("fills in anthropic-version, keeps every beta with no allowlist, and drops the client's own headers", async () => {
    const response = await fetch(`${airlock.url}/v1/messages`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${clientToken}`,
        "content-type": "application/json",
        "anthropic-beta": "context-management-2025-06-27, some-future-flag",
        "x-stainless-os": "Linux",
        cookie: "session=abc",
      },
      body: JSON.stringify({
        model: "open-model",
        max_tokens: 100,
        messages: [{ role: "user", content: "hello" }],
        context_management: { edits: [{ type: "clear_tool_uses_20250919" }] },
      }),
    });
    expect(response.status).toBe(200);
    const { headers, body } = last();
    expect(headers["anthropic-version"]).toBe("2023-06-01");
    expect(headers["anthropic-beta"]).toBe("context-management-2025-06-27,some-future-flag");
    expect(headers["x-api-key"]).toBe(backendKey);
    expect(headers.authorization).toBeUndefined();
    expect(headers.cookie).toBeUndefined();
    expect(headers["x-stainless-os"]).toBeUndefined();
    expect(body.context_management).toEqual({ edits: [{ type: "clear_tool_uses_20250919" }] });
    expect(body.model).toBe("open-model");
  });

  it("passes on the client's own anthropic-version", async () => {
    const response = await fetch(`${airlock.url}/v1/messages`, {
      method: "POST",
      headers: {
        "x-api-key": clientToken,
        "content-type": "application/json",
        "anthropic-version": "2023-01-01",
      },
      body: JSON.stringify({
        model: "open-model",
        max_tokens: 100,
        messages: [{ role: "user", content: "hi" }],
      }),
    });
    expect(response.status).toBe(200);
    expect(last().headers["anthropic-version"]).toBe("2023-01-01");
  });
});

describe("OpenAI clients on an anthropic backend (translated)", () => {
  it("a Goose-style chat client completes a streamed, tool-using conversation", async () => {
    const transcript = await gooseConversation(openai, "claude-sonnet-4-5");
    expect(transcript.calls).toEqual(['developer__shell({"command":"ls"})']);
    expect(transcript.answer).toBe(`The tool returned: ${toolOutput}`);
    expect(transcript.seen).toEqual(["tool_calls", "stop"]);
    const { url, headers, body } = last();
    expect(url).toBe("/v1/messages");
    expect(headers["x-api-key"]).toBe(backendKey);
    expect(headers["anthropic-version"]).toBe("2023-06-01");
    expect(headers["anthropic-beta"]).toBeUndefined();
    expect(body).toMatchObject({
      model: "claude-sonnet-4-5",
      max_tokens: 4096,
      stream: true,
      system: "You are a general-purpose AI agent called goose.",
    });
  });

  it("a non-streaming chat request becomes one Messages request and one chat completion", async () => {
    const answer = await openai.chat.completions.create({
      model: "claude-haiku-4-5-20251001",
      messages: [{ role: "user", content: "hello" }],
      max_tokens: 64,
    });
    expect(answer.choices[0]?.message.content).toBe("You said: hello");
    expect(answer.choices[0]?.finish_reason).toBe("stop");
    expect(answer.usage).toMatchObject({ prompt_tokens: 25, completion_tokens: 7 });
    expect(last().body).toMatchObject({ model: "claude-haiku-4-5-20251001", max_tokens: 64 });
    expect(last().body.stream).not.toBe(true);
  });

  it("a Codex-style Responses client completes a streamed, tool-using conversation", async () => {
    const transcript = await codexConversation(openai, "claude-sonnet-4-5");
    expect(transcript.calls).toEqual(['shell({"command":"ls"})']);
    expect(transcript.answer).toBe(`The tool returned: ${toolOutput}`);
    expect(transcript.seen.at(-1)).toBe("response.completed");
  });

  it("relays an upstream 429 in OpenAI's form with its message", async () => {
    const error = await openai.chat.completions
      .create({ model: "status-429", messages: [{ role: "user", content: "hi" }] })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(String(error)).toContain("per-minute rate limit");
  });
});

describe("failures on an anthropic backend", () => {
  it("relays an upstream 429 as a rate_limit_error with its message and retry-after", async () => {
    const error = await claude.messages
      .create({ model: "status-429", max_tokens: 10, messages: [{ role: "user", content: "hi" }] })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    if (!(error instanceof Anthropic.RateLimitError)) return;
    expect(error.status).toBe(429);
    expect(error.error).toMatchObject({
      type: "error",
      error: {
        type: "rate_limit_error",
        message: "Number of request tokens has exceeded your per-minute rate limit",
      },
    });
    expect(error.headers?.get("retry-after")).toBe("17");
  });

  it("turns an upstream 401 into a 502 that does not carry the backend's key", async () => {
    const response = await fetch(`${airlock.url}/v1/messages`, {
      method: "POST",
      headers: { "x-api-key": clientToken, "content-type": "application/json" },
      body: JSON.stringify({
        model: "status-401",
        max_tokens: 10,
        messages: [{ role: "user", content: "hi" }],
      }),
    });
    expect(response.status).toBe(502);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ type: "error", error: { type: "api_error" } });
    expect(text).not.toContain(backendKey);
    expect(airlock.logs.join("\n")).not.toContain(backendKey);
  });

  it("ends a stream whose upstream dies with an Anthropic error event", async () => {
    const stream = await claude.messages.create({
      model: "die-mid-stream",
      max_tokens: 10,
      stream: true,
      messages: [{ role: "user", content: "hello" }],
    });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const event of stream) seen.push(event.type);
    })().catch((thrown: unknown) => thrown);
    expect(seen).toContain("content_block_delta");
    expect(error).toBeInstanceOf(Anthropic.APIError);
    if (!(error instanceof Anthropic.APIError)) return;
    expect(error.error).toMatchObject({
      type: "error",
      error: { type: "api_error", message: expect.stringMatching(/^backend "anthropic" is unreachable/) },
    });
  });
});

describe("an anthropic backend from the environment alone", () => {
  it("takes ANTHROPIC_API_KEY and the bare origin as AIRLOCK_BACKEND_URL", async () => {
    const envKey = fixtureSecret("env-anthropic-key");
    const sidecar = await startAirlock({
      AIRLOCK_BACKEND: "anthropic",
      AIRLOCK_BACKEND_URL: upstream.url,
      ANTHROPIC_API_KEY: envKey,
      AIRLOCK_API_KEY: clientToken,
    });
    try {
      const client = claudeCodeClient(sidecar.url, clientToken, "auth-token");
      const message = await client.messages.create({
        model: "claude-sonnet-4-5",
        max_tokens: 10,
        messages: [{ role: "user", content: "hi" }],
      });
      expect(message.content).toEqual([{ type: "text", text: "You said: hi" }]);
      expect(last().headers["x-api-key"]).toBe(envKey);
    } finally {
      await sidecar.close();
    }
  });
});
