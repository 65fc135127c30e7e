import OpenAI from "openai";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createMockBackend } from "../../../src/backends/mock.ts";
import type { UpstreamResponse } from "../../../src/canonical/contract.ts";
import type { BackendConfig } from "../../../src/config/types.ts";

afterEach(() => {
  vi.useRealTimers();
});

const config: BackendConfig = {
  name: "mock",
  kind: "mock",
  url: undefined,
  models: ["mock", "*"],
  apiKey: undefined,
  headers: {},
  defaultBody: undefined,
  tls: undefined,
  timeouts: { connectMs: 1_000, firstByteMs: 1_000, idleMs: 1_000, requestMs: 1_000 },
  anthropicBetas: undefined,
  vertex: undefined,
};
const backend = createMockBackend(config);

const weatherTool = {
  type: "function",
  function: {
    name: "get_weather",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  },
} as const;

function send(payload: Record<string, unknown>): Promise<UpstreamResponse> {
  return backend.send({
    operation: "chat",
    model: typeof payload.model === "string" ? payload.model : "mock",
    stream: payload.stream === true,
    payload,
    headers: {},
    requestId: "req-test",
    signal: new AbortController().signal,
  });
}

async function bodyOf(response: UpstreamResponse): Promise<{ text: string; writes: number }> {
  const parts: Uint8Array[] = [];
  for await (const part of response.body) parts.push(part);
  return { text: Buffer.concat(parts).toString("utf8"), writes: parts.length };
}

type Chunk = {
  choices: {
    delta: { content?: string; tool_calls?: { function: { arguments: string } }[] };
    finish_reason: string | null;
  }[];
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | null;
};

/** SSE text -> the data payloads, checking the framing on the way. */
function dataLines(text: string): string[] {
  expect(text.endsWith("\n\n")).toBe(true);
  return text
    .slice(0, -2)
    .split("\n\n")
    .map((event) => {
      expect(event.startsWith("data: ")).toBe(true);
      return event.slice("data: ".length);
    });
}

function chunksOf(text: string): Chunk[] {
  const lines = dataLines(text);
  expect(lines.at(-1)).toBe("[DONE]");
  return lines.slice(0, -1).map((line) => JSON.parse(line) as Chunk);
}

/** The official SDK, talking to the mock backend through a fetch that never touches the network. */
function sdkClient(): OpenAI {
  return new OpenAI({
    apiKey: "test-unused",
    baseURL: "http://airlock.invalid/v1",
    maxRetries: 0,
    fetch: async (_url, init) => {
      const response = await send(JSON.parse(String(init?.body)) as Record<string, unknown>);
      const { text } = await bodyOf(response);
      return new Response(text, { status: response.status, headers: response.headers });
    },
  });
}

describe("createMockBackend", () => {
  it("createMockBackend describes itself as a keyless openai-chat backend with the configured models", () => {
    expect(backend.name).toBe("mock");
    expect(backend.wire("mock").dialect).toBe("openai-chat");
    expect(backend.models).toEqual(["mock", "*"]);
    expect(backend.problems()).toEqual([]);
  });

  it("send streams SSE in several writes, text from the last user message, ending with [DONE]", async () => {
    const response = await send({
      model: "mock-1",
      stream: true,
      messages: [{ role: "user", content: "ping pong" }],
    });
    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toBe("text/event-stream");
    const { text, writes } = await bodyOf(response);
    expect(writes).toBeGreaterThan(3);
    const chunks = chunksOf(text);
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? "").join("")).toBe("You said: ping pong");
    expect(chunks.filter((c) => (c.choices[0]?.delta.content ?? "") !== "").length).toBeGreaterThan(1);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe("stop");
    expect(chunks.every((c) => !("usage" in c))).toBe(true);
    expect(text).toContain('"model":"mock-1"');
  });

  it("send reports usage in a chunk with no choices when include_usage is set, and usage null elsewhere", async () => {
    const response = await send({
      model: "mock",
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: "user", content: "count these words" }],
    });
    const chunks = chunksOf((await bodyOf(response)).text);
    const withUsage = chunks.filter((c) => c.usage !== null);
    expect(withUsage).toHaveLength(1);
    expect(withUsage[0]?.choices).toEqual([]);
    expect(withUsage[0]?.usage).toMatchObject({ completion_tokens: 5, total_tokens: expect.any(Number) });
    expect(chunks.filter((c) => c.usage === null)).toHaveLength(chunks.length - 1);
  });

  it("send puts the usage chunk last, after the finish chunk, as OpenAI does", async () => {
    const response = await send({
      model: "mock",
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: "user", content: "order matters" }],
    });
    const chunks = chunksOf((await bodyOf(response)).text);
    expect(chunks.at(-1)?.choices).toEqual([]);
    expect(chunks.at(-1)?.usage).toMatchObject({ completion_tokens: 4 });
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe("stop");
  });

  it("send answers a non-streaming request with one chat.completion JSON body", async () => {
    const response = await send({ model: "mock", messages: [{ role: "user", content: "hello there" }] });
    expect(response.headers["content-type"]).toBe("application/json");
    const completion = JSON.parse((await bodyOf(response)).text) as Record<string, unknown>;
    expect(completion).toMatchObject({
      object: "chat.completion",
      model: "mock",
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: "You said: hello there" },
          finish_reason: "stop",
        },
      ],
      usage: { completion_tokens: 4 },
    });
  });

  it("send streams a tool call whose argument deltas join into JSON", async () => {
    const response = await send({
      model: "mock",
      stream: true,
      tools: [weatherTool],
      messages: [{ role: "user", content: "get_weather for Oslo" }],
    });
    const chunks = chunksOf((await bodyOf(response)).text);
    const args = chunks
      .flatMap((c) => c.choices[0]?.delta.tool_calls ?? [])
      .map((call) => call.function.arguments)
      .join("");
    expect(JSON.parse(args)).toEqual({ city: "get_weather for Oslo" });
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe("tool_calls");
  });

  it("send is deterministic: the same request gives the same bytes apart from created", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const payload = { model: "mock", stream: true, messages: [{ role: "user", content: "same again" }] };
    vi.setSystemTime(new Date("2030-01-01T00:00:00Z"));
    const first = (await bodyOf(await send(payload))).text;
    vi.setSystemTime(new Date("2030-01-02T00:00:00Z"));
    const second = (await bodyOf(await send(payload))).text;
    expect(first).not.toBe(second);
    const strip = (text: string) => text.replace(/"created":\d+/g, '"created":0');
    expect(strip(second)).toBe(strip(first));
  });
});

describe("createMockBackend through the openai SDK", () => {
  it("the SDK reads the mock's stream as the same answer as its JSON", async () => {
    const client = sdkClient();
    const request = {
      model: "mock",
      messages: [{ role: "user" as const, content: "stream me this sentence" }],
    };
    const json = await client.chat.completions.create(request);
    const streamed = await client.chat.completions
      .stream({ ...request, stream_options: { include_usage: true } })
      .finalChatCompletion();
    expect(streamed.choices[0]?.message.content).toBe(json.choices[0]?.message.content);
    expect(json.choices[0]?.message.content).toBe("You said: stream me this sentence");
    expect(streamed.choices[0]?.finish_reason).toBe("stop");
    expect(streamed.usage).toEqual(json.usage);
    expect(streamed.id).toBe(json.id);
  });

  it("the SDK reads the mock's streamed tool call as the same call as its JSON", async () => {
    const client = sdkClient();
    const request = {
      model: "mock",
      tools: [weatherTool],
      messages: [{ role: "user" as const, content: "use get_weather in Rome" }],
    };
    const json = await client.chat.completions.create(request);
    const streamed = await client.chat.completions.stream(request).finalChatCompletion();
    expect(json.choices[0]?.finish_reason).toBe("tool_calls");
    expect(streamed.choices[0]?.finish_reason).toBe("tool_calls");
    expect(streamed.choices[0]?.message.tool_calls).toEqual(json.choices[0]?.message.tool_calls);
    expect(json.choices[0]?.message.tool_calls?.[0]).toMatchObject({
      type: "function",
      function: { name: "get_weather", arguments: '{"city":"use get_weather in Rome"}' },
    });
  });
});
