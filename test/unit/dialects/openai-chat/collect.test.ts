import { describe, expect, it } from "vitest";
import { AirlockError } from "../../../../src/canonical/error.ts";
import type { CanonicalEvent } from "../../../../src/canonical/events.ts";
import { collectChatCompletion } from "../../../../src/dialects/openai-chat/collect.ts";
import type { ChatCompletion } from "../../../../src/dialects/openai-chat/wire.ts";
import { fromArray, goldens } from "./goldens.ts";

const start: CanonicalEvent = { type: "start", id: "chatcmpl-c", model: "gpt-4o", created: 1_767_225_600 };

async function collect(events: readonly CanonicalEvent[]): Promise<ChatCompletion> {
  return collectChatCompletion(fromArray(events));
}

describe("collectChatCompletion goldens", () => {
  for (const golden of goldens()) {
    it(`collectChatCompletion folds ${golden.name} into the expected chat.completion`, async () => {
      const completion = await collect(golden.events);
      expect(JSON.parse(JSON.stringify(completion))).toStrictEqual(golden.completion);
    });
  }
});

describe("collectChatCompletion", () => {
  it("collectChatCompletion leaves content null for an answer with no text", async () => {
    const completion = await collect([start, { type: "finish", reason: "stop" }]);
    expect(completion.choices[0]?.message.content).toBeNull();
    expect(completion.choices[0]?.message.tool_calls).toBeUndefined();
  });

  it("collectChatCompletion keeps tool calls in index order whatever order they started in", async () => {
    const completion = await collect([
      start,
      { type: "tool-call-start", index: 1, id: "call_b", name: "b" },
      { type: "tool-call-start", index: 0, id: "call_a", name: "a" },
      { type: "tool-call-delta", index: 1, arguments: "{}" },
      { type: "tool-call-delta", index: 0, arguments: "[]" },
      { type: "finish", reason: "tool_calls" },
    ]);
    expect(completion.choices[0]?.message.tool_calls).toEqual([
      { id: "call_a", type: "function", function: { name: "a", arguments: "[]" } },
      { id: "call_b", type: "function", function: { name: "b", arguments: "{}" } },
    ]);
  });

  it("collectChatCompletion has no usage key when the answer reported none", async () => {
    const completion = await collect([
      start,
      { type: "text-delta", text: "x" },
      { type: "finish", reason: "stop" },
    ]);
    expect("usage" in completion).toBe(false);
  });

  it("collectChatCompletion leaves finish_reason null when the answer never finished", async () => {
    const completion = await collect([start, { type: "text-delta", text: "cut" }]);
    expect(completion.choices[0]?.finish_reason).toBeNull();
    expect(completion.choices[0]?.message.content).toBe("cut");
  });

  it("collectChatCompletion maps the canonical error finish to stop", async () => {
    const completion = await collect([start, { type: "finish", reason: "error" }]);
    expect(completion.choices[0]?.finish_reason).toBe("stop");
  });

  it("collectChatCompletion turns an error event into a backend_error (502) with its message", async () => {
    const events: CanonicalEvent[] = [
      start,
      { type: "text-delta", text: "partial" },
      { type: "error", message: "upstream overloaded" },
    ];
    const error = await collect(events).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(AirlockError);
    expect(error).toMatchObject({ kind: "backend_error", status: 502, message: "upstream overloaded" });
  });
});
