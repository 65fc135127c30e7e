/**
 * POST /v1/responses against chat backends (translated): the built-in mock and an OpenAI-compatible
 * upstream on loopback, driven by the `openai` SDK's Responses client the way Codex drives it.
 */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codexConversation, gooseConversation, toolOutput } from "./support/agents.ts";
import { fixtureSecret, type RunningAirlock, startAirlock } from "./support/airlock.ts";
import { startUpstream, type Upstream } from "./support/upstream.ts";

let mock: RunningAirlock;
let mockClient: OpenAI;
let upstream: Upstream;
let chat: RunningAirlock;
let chatClient: OpenAI;
const clientToken = fixtureSecret("client-token");
const backendKey = fixtureSecret("backend-key");

beforeAll(async () => {
  mock = await startAirlock({ AIRLOCK_BACKEND: "mock" });
  mockClient = new OpenAI({ baseURL: mock.baseURL, apiKey: "unused-on-loopback", maxRetries: 0 });
  upstream = await startUpstream();
  chat = await startAirlock({
    AIRLOCK_BACKEND: "openai-compatible",
    AIRLOCK_BACKEND_URL: upstream.url,
    AIRLOCK_BACKEND_API_KEY: backendKey,
    AIRLOCK_API_KEY: clientToken,
  });
  chatClient = new OpenAI({ baseURL: chat.baseURL, apiKey: clientToken, maxRetries: 0 });
});

afterAll(async () => {
  await mock.close();
  await chat.close();
  await upstream.close();
});

describe("POST /v1/responses on the mock backend", () => {
  it("responses.create streams the full event sequence, numbered from 0", async () => {
    const stream = await mockClient.responses.create({ model: "mock", input: "hello airlock", stream: true });
    const events = [];
    for await (const event of stream) events.push(event);
    const types = events.map((event) => event.type);
    expect(types.slice(0, 4)).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.content_part.added",
    ]);
    expect(types.at(-1)).toBe("response.completed");
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, i) => i));
    const text = events.flatMap((e) => (e.type === "response.output_text.delta" ? [e.delta] : [])).join("");
    expect(text).toBe("You said: hello airlock");
  });

  it("responses.stream() folds the stream into a final response with usage", async () => {
    const final = await mockClient.responses.stream({ model: "mock", input: "hi there" }).finalResponse();
    expect(final.status).toBe("completed");
    expect(final.output_text).toBe("You said: hi there");
    expect(final.usage?.output_tokens).toBeGreaterThan(0);
  });

  it("a non-streaming responses.create gets one response object", async () => {
    const response = await mockClient.responses.create({
      model: "mock",
      instructions: "Be brief.",
      input: [{ role: "user", content: [{ type: "input_text", text: "one two" }] }],
    });
    expect(response.object).toBe("response");
    expect(response.output_text).toBe("You said: one two");
    expect(response.instructions).toBe("Be brief.");
  });

  it("a Codex-style client completes a streamed, tool-using conversation", async () => {
    const transcript = await codexConversation(mockClient, "mock");
    expect(transcript.calls).toHaveLength(1);
    expect(transcript.calls[0]).toMatch(/^shell\(/);
    expect(transcript.answer).toBe(`The tool returned: ${toolOutput}`.slice(0, 200));
    expect(transcript.seen).toContain("response.function_call_arguments.delta");
  });

  it("previous_response_id is refused by name: airlock keeps no state", async () => {
    const call = mockClient.responses.create({ model: "mock", input: "x", previous_response_id: "resp_1" });
    await expect(call).rejects.toMatchObject({ status: 400, param: "previous_response_id" });
  });

  it("a body that is not a Responses request is a 400 in OpenAI's form", async () => {
    const response = await fetch(`${mock.baseURL}/responses`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "mock", messages: [] }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { param: "input", type: "invalid_request_error" } });
  });
});

describe("POST /v1/responses on an openai backend", () => {
  it("is passed through to /responses with every field, reasoning items byte for byte", async () => {
    const openai = await startAirlock({
      AIRLOCK_BACKEND: "openai",
      AIRLOCK_BACKEND_URL: upstream.url,
      AIRLOCK_BACKEND_API_KEY: backendKey,
    });
    try {
      const reasoning = { type: "reasoning", id: "rs_1", summary: [], encrypted_content: "gAAAAB…opaque==" };
      const body = {
        model: "gpt-5",
        input: [reasoning, { role: "user", content: "hi" }],
        store: false,
        include: ["reasoning.encrypted_content"],
        prompt_cache_key: "codex-session-1",
      };
      const response = await fetch(`${openai.baseURL}/responses`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(200);
      const seen = upstream.requests.at(-1);
      expect(seen?.url).toBe("/v1/responses");
      expect(seen?.headers.authorization).toBe(`Bearer ${backendKey}`);
      expect(seen?.body).toEqual(body);
      expect(JSON.stringify(seen?.body.input)).toContain(JSON.stringify(reasoning));
    } finally {
      await openai.close();
    }
  });
});

describe("POST /v1/responses on an OpenAI-compatible chat upstream", () => {
  it("translates the request to Chat Completions, with instructions as a system message and the key injected", async () => {
    await chatClient.responses.create({ model: "any-model", instructions: "Be brief.", input: "hi" });
    const seen = upstream.requests.at(-1);
    expect(seen?.url).toBe("/v1/chat/completions");
    expect(seen?.headers.authorization).toBe(`Bearer ${backendKey}`);
    expect(seen?.body).toMatchObject({
      model: "any-model",
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "hi" },
      ],
      stream: false,
    });
  });

  it("translates the chat answer to a Responses object", async () => {
    const response = await chatClient.responses.create({ model: "any-model", input: "hi" });
    expect(response.output_text).toBe("Hello from upstream");
    expect(response.usage).toMatchObject({ input_tokens: 5, output_tokens: 3 });
  });

  it("a Codex-style client completes a streamed, tool-using conversation", async () => {
    const transcript = await codexConversation(chatClient, "agent");
    expect(transcript.calls).toEqual(['shell({"command":"ls"})']);
    expect(transcript.answer).toBe(`The tool returned: ${toolOutput}`);
    const second = upstream.requests.at(-1)?.body.messages as { role: string }[];
    expect(second.map((m) => m.role)).toEqual(["system", "system", "user", "assistant", "tool"]);
  });

  it("a Goose-style chat client on the same upstream is passed through", async () => {
    const transcript = await gooseConversation(chatClient, "agent");
    expect(transcript.calls).toEqual(['developer__shell({"command":"ls"})']);
    expect(transcript.answer).toBe(`The tool returned: ${toolOutput}`);
  });

  it("a chat stream that dies mid-answer ends the Responses stream with response.failed", async () => {
    const stream = await chatClient.responses.create({ model: "die-mid-stream", input: "x", stream: true });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    expect(types.at(-1)).toBe("response.failed");
    expect(chat.logs.join("")).toMatch(/"path":"\/v1\/responses".*"error":"backend_unreachable"/);
  });
});
