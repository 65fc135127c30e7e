import { afterEach, describe, expect, it, vi } from "vitest";
import { mockAnswer } from "../../../src/backends/mock-answer.ts";
import type { CanonicalEvent } from "../../../src/canonical/events.ts";

afterEach(() => {
  vi.useRealTimers();
});

const user = (content: unknown) => ({ role: "user", content });

const weatherTool = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Weather for a city",
    parameters: {
      type: "object",
      properties: { city: { type: "string" }, days: { type: "integer" }, metric: { type: "boolean" } },
      required: ["city", "days", "metric"],
    },
  },
};
const timeTool = { type: "function", function: { name: "get_time", parameters: { type: "object" } } };

function textOf(events: CanonicalEvent[]): string {
  return events.flatMap((e) => (e.type === "text-delta" ? [e.text] : [])).join("");
}

function finishOf(events: CanonicalEvent[]): string | undefined {
  return events.flatMap((e) => (e.type === "finish" ? [e.reason] : [])).at(-1);
}

function toolCalls(events: CanonicalEvent[]): { name: string; arguments: string }[] {
  const calls: { name: string; arguments: string }[] = [];
  for (const event of events) {
    if (event.type === "tool-call-start") calls[event.index] = { name: event.name, arguments: "" };
    if (event.type === "tool-call-delta") {
      const call = calls[event.index];
      if (call) call.arguments += event.arguments;
    }
  }
  return calls;
}

describe("mockAnswer text", () => {
  it("mockAnswer echoes the last user message in several text deltas", () => {
    const events = mockAnswer(
      { messages: [user("first question"), { role: "assistant", content: "ok" }, user("say hello world")] },
      "mock",
    );
    expect(textOf(events)).toBe("You said: say hello world");
    expect(events.filter((e) => e.type === "text-delta").length).toBeGreaterThan(2);
  });

  it("mockAnswer starts with the model it was given and ends with usage and finish stop", () => {
    const events = mockAnswer({ messages: [user("hi")] }, "gpt-4o-mini");
    expect(events[0]).toMatchObject({ type: "start", model: "gpt-4o-mini" });
    expect(events.at(-1)).toEqual({ type: "finish", reason: "stop" });
    const usage = events.find((e) => e.type === "usage");
    expect(usage).toMatchObject({ type: "usage", usage: { outputTokens: 3 } });
    if (usage?.type === "usage") expect(usage.usage.inputTokens).toBeGreaterThan(0);
  });

  it("mockAnswer reads text parts of array content", () => {
    const content = [
      { type: "text", text: "look at " },
      { type: "image_url", image_url: { url: "data:," } },
      { type: "text", text: "this" },
    ];
    expect(textOf(mockAnswer({ messages: [user(content)] }, "mock"))).toBe("You said: look at this");
  });

  it("mockAnswer greets when there is no user message", () => {
    const events = mockAnswer({ messages: [{ role: "system", content: "be brief" }] }, "mock");
    expect(textOf(events)).toBe("Hello from the airlock mock backend.");
  });

  it("mockAnswer stops at max_tokens words with finish length", () => {
    const events = mockAnswer({ messages: [user("one two three four five")], max_tokens: 2 }, "mock");
    expect(textOf(events)).toBe("You said: ");
    expect(finishOf(events)).toBe("length");
    expect(events.find((e) => e.type === "usage")).toMatchObject({ usage: { outputTokens: 2 } });
  });

  it("mockAnswer prefers max_completion_tokens over max_tokens", () => {
    const payload = { messages: [user("one two three")], max_tokens: 1, max_completion_tokens: 3 };
    expect(textOf(mockAnswer(payload, "mock"))).toBe("You said: one ");
  });

  it("mockAnswer finishes with stop when max_tokens is not reached", () => {
    const events = mockAnswer({ messages: [user("short")], max_tokens: 100 }, "mock");
    expect(finishOf(events)).toBe("stop");
    expect(textOf(events)).toBe("You said: short");
  });
});

describe("mockAnswer tools", () => {
  it("mockAnswer calls the tool the user names, with typed arguments", () => {
    const events = mockAnswer(
      { messages: [user("what does get_weather say for Paris?")], tools: [timeTool, weatherTool] },
      "mock",
    );
    const calls = toolCalls(events);
    expect(calls.map((c) => c.name)).toEqual(["get_weather"]);
    const args: unknown = JSON.parse(calls[0]?.arguments ?? "");
    expect(args).toEqual({ city: "what does get_weather say for Paris?", days: 1, metric: true });
    expect(finishOf(events)).toBe("tool_calls");
    expect(textOf(events)).toBe("");
  });

  it("mockAnswer streams a tool call as start, more than one delta, end", () => {
    const events = mockAnswer({ messages: [user("use a tool")], tools: [weatherTool] }, "mock");
    const types = events.map((e) => e.type);
    expect(types[0]).toBe("start");
    expect(types.filter((t) => t === "tool-call-start")).toHaveLength(1);
    expect(types.filter((t) => t === "tool-call-delta").length).toBeGreaterThan(1);
    expect(types.indexOf("tool-call-end")).toBeGreaterThan(types.lastIndexOf("tool-call-delta"));
    expect(types).toContain("usage");
    const start = events.find((e) => e.type === "tool-call-start");
    expect(start).toMatchObject({ index: 0, id: expect.stringMatching(/^call_/) });
  });

  it("mockAnswer calls the first offered tool when the user says tool", () => {
    const events = mockAnswer(
      { messages: [user("please run a tool")], tools: [timeTool, weatherTool] },
      "mock",
    );
    expect(toolCalls(events).map((c) => c.name)).toEqual(["get_time"]);
  });

  it("mockAnswer answers in text when tools are offered but not asked for", () => {
    const events = mockAnswer({ messages: [user("tell me a joke")], tools: [weatherTool] }, "mock");
    expect(toolCalls(events)).toEqual([]);
    expect(textOf(events)).toBe("You said: tell me a joke");
  });

  it("mockAnswer answers in text when the user asks for a tool but none is offered", () => {
    const events = mockAnswer({ messages: [user("use a tool")] }, "mock");
    expect(toolCalls(events)).toEqual([]);
    expect(finishOf(events)).toBe("stop");
  });

  it("mockAnswer calls no tool with tool_choice none", () => {
    const events = mockAnswer(
      { messages: [user("call get_weather")], tools: [weatherTool], tool_choice: "none" },
      "mock",
    );
    expect(toolCalls(events)).toEqual([]);
    expect(finishOf(events)).toBe("stop");
  });

  it("mockAnswer calls the tool tool_choice forces", () => {
    const events = mockAnswer(
      {
        messages: [user("hello")],
        tools: [weatherTool, timeTool],
        tool_choice: { type: "function", function: { name: "get_time" } },
      },
      "mock",
    );
    expect(toolCalls(events).map((c) => c.name)).toEqual(["get_time"]);
  });

  it("mockAnswer calls a tool with tool_choice required", () => {
    const events = mockAnswer(
      { messages: [user("hello")], tools: [weatherTool], tool_choice: "required" },
      "mock",
    );
    expect(toolCalls(events).map((c) => c.name)).toEqual(["get_weather"]);
  });

  it("mockAnswer reports a tool's result as text after a tool message", () => {
    const events = mockAnswer(
      {
        messages: [
          user("use get_weather"),
          {
            role: "assistant",
            content: null,
            tool_calls: [
              { id: "call_1", type: "function", function: { name: "get_weather", arguments: "{}" } },
            ],
          },
          { role: "tool", tool_call_id: "call_1", content: "sunny, 21 C" },
        ],
        tools: [weatherTool],
      },
      "mock",
    );
    expect(toolCalls(events)).toEqual([]);
    expect(textOf(events)).toBe("The tool returned: sunny, 21 C");
    expect(finishOf(events)).toBe("stop");
  });
});

describe("mockAnswer determinism", () => {
  it("mockAnswer gives the same events for the same request, apart from created", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const payload = { messages: [user("use get_weather")], tools: [weatherTool] };
    vi.setSystemTime(new Date("2030-01-01T00:00:00Z"));
    const first = mockAnswer(payload, "mock");
    vi.setSystemTime(new Date("2030-01-01T01:00:00Z"));
    const second = mockAnswer(payload, "mock");
    expect(first[0]).toMatchObject({ created: 1_893_456_000 });
    expect(second[0]).toMatchObject({ created: 1_893_459_600 });
    const withoutCreated = (events: CanonicalEvent[]) =>
      events.map((e) => (e.type === "start" ? { ...e, created: 0 } : e));
    expect(withoutCreated(second)).toEqual(withoutCreated(first));
  });

  it("mockAnswer gives different conversations different ids", () => {
    const a = mockAnswer({ messages: [user("a")] }, "mock")[0];
    const b = mockAnswer({ messages: [user("b")] }, "mock")[0];
    expect(a?.type === "start" && b?.type === "start" && a.id !== b.id).toBe(true);
    expect(a).toMatchObject({ id: expect.stringMatching(/^chatcmpl-/) });
  });
});
