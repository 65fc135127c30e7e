import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chatChunkSchema } from "../../../../src/dialects/openai-chat/decode-stream.ts";
import { isCommonChunk } from "../../../../src/dialects/openai-chat/narrow-chunk.ts";

/** Each field right, wrong, absent or null, so that every check is met and missed. */
const anyValue = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.string({ maxLength: 3 }),
  fc.constantFrom(0, 1.5, -1, 2 ** 60),
  fc.boolean(),
  fc.constant([]),
  fc.constant({}),
);
const count = fc.oneof(anyValue, fc.nat());
const maybe = <T>(value: fc.Arbitrary<T>) => fc.oneof(anyValue, value);
const usage = fc.record(
  {
    prompt_tokens: count,
    completion_tokens: count,
    prompt_tokens_details: maybe(fc.record({ cached_tokens: count })),
    completion_tokens_details: maybe(fc.record({ reasoning_tokens: count })),
  },
  { requiredKeys: [] },
);
const delta = fc.record(
  { role: anyValue, content: anyValue, refusal: anyValue, reasoning: anyValue, tool_calls: anyValue },
  { requiredKeys: [] },
);
const choice = fc.record(
  { index: maybe(fc.nat(2)), delta: maybe(delta), finish_reason: anyValue },
  { requiredKeys: [] },
);
const chunk = fc.record(
  {
    id: anyValue,
    object: anyValue,
    created: count,
    model: anyValue,
    choices: maybe(fc.array(choice, { maxLength: 2 })),
    usage: maybe(usage),
    error: fc.oneof(fc.constant(undefined), anyValue),
    message: anyValue,
  },
  { requiredKeys: [] },
);

describe("isCommonChunk", () => {
  it("isCommonChunk accepts only chunks the schema accepts", () => {
    fc.assert(
      fc.property(fc.oneof(chunk, anyValue), (raw) => {
        if (isCommonChunk(raw)) expect(chatChunkSchema.safeParse(raw).success).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("isCommonChunk takes a stream's first and last chunks, and leaves tool calls to the schema", () => {
    const head = { id: "c", object: "chat.completion.chunk", created: 1, model: "m" };
    const first = {
      ...head,
      choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }],
    };
    const last = { ...head, choices: [{ index: 0, delta: {}, finish_reason: "stop" }] };
    const usage = {
      ...head,
      choices: [],
      usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 },
    };
    expect([first, last, usage].map(isCommonChunk)).toEqual([true, true, true]);
    const call = { index: 0, id: "call_1", function: { name: "f", arguments: "" } };
    const calls = { ...head, choices: [{ index: 0, delta: { tool_calls: [call] }, finish_reason: null }] };
    expect(isCommonChunk(calls)).toBe(false);
    expect(isCommonChunk({ ...head, error: { message: "boom" } })).toBe(false);
  });
});
