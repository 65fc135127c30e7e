/** The quick start: the built-in mock backend, through the OpenAI SDK, with no credentials at all. */
import OpenAI from "openai";
import type { ChatCompletionMessageParam, ChatCompletionTool } from "openai/resources/chat/completions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningAirlock, startAirlock } from "./support/airlock.ts";

let airlock: RunningAirlock;
let client: OpenAI;

beforeAll(async () => {
  airlock = await startAirlock({ AIRLOCK_BACKEND: "mock" });
  client = new OpenAI({ baseURL: airlock.baseURL, apiKey: "no-token-needed-on-loopback", maxRetries: 0 });
});

afterAll(() => airlock.close());

const tools: ChatCompletionTool[] = [
  {
    type: "function",
    function: {
      name: "read_file",
      parameters: { type: "object", properties: { path: { type: "string" } }, required: ["path"] },
    },
  },
];

describe("mock backend", () => {
  it("answers from the last user message, with usage", async () => {
    const answer = await client.chat.completions.create({
      model: "mock",
      messages: [{ role: "user", content: "hello airlock" }],
    });
    expect(answer.choices[0]?.message.content).toBe("You said: hello airlock");
    expect(answer.usage?.completion_tokens).toBe(4);
  });

  it("streams the same answer in several chunks, usage last when asked", async () => {
    const stream = await client.chat.completions.create({
      model: "mock",
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: "user", content: "hello airlock" }],
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("");
    expect(text).toBe("You said: hello airlock");
    expect(chunks.length).toBeGreaterThan(4);
    expect(chunks.at(-1)?.choices).toEqual([]);
    expect(chunks.at(-1)?.usage?.total_tokens).toBeGreaterThan(0);
  });

  it("runs a whole tool round trip: call, result, answer", async () => {
    const messages: ChatCompletionMessageParam[] = [{ role: "user", content: "use read_file on README.md" }];
    const stream = client.chat.completions.stream({ model: "mock", messages, tools });
    const first = await stream.finalChatCompletion();
    const call = first.choices[0]?.message.tool_calls?.[0];
    expect(first.choices[0]?.finish_reason).toBe("tool_calls");
    expect(call?.type === "function" && call.function.name).toBe("read_file");
    expect(JSON.parse(call?.type === "function" ? call.function.arguments : "{}")).toEqual({
      path: "use read_file on README.md",
    });
    messages.push(first.choices[0]?.message ?? { role: "assistant", content: "" });
    messages.push({ role: "tool", tool_call_id: call?.id ?? "", content: "# airlock" });
    const second = await client.chat.completions.create({ model: "mock", messages, tools });
    expect(second.choices[0]?.message.content).toBe("The tool returned: # airlock");
    expect(second.choices[0]?.finish_reason).toBe("stop");
  });

  it("lists the mock model", async () => {
    const list = await client.models.list();
    expect(list.data.map((model) => model.id)).toEqual(["mock"]);
  });
});
