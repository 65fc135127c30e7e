/**
 * The hand-written checks of narrow-fast.ts stand in for zod on the common path: whatever they accept,
 * the zod schema must accept too, and the common shapes must pass them (or the fast path is dead).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { itemEventOf, responseOf } from "../../../../src/dialects/openai-responses/narrow-fast.ts";
import { itemEvent, lifecycleEvent } from "../../../../src/dialects/openai-responses/wire-schema.ts";

/** A field's value: often of the right type, sometimes of another, sometimes absent. */
const value = <T>(right: fc.Arbitrary<T>) =>
  fc.oneof(
    { weight: 6, arbitrary: right },
    { weight: 1, arbitrary: fc.constantFrom(null, undefined) },
    {
      weight: 1,
      arbitrary: fc.oneof(fc.string(), fc.double(), fc.boolean(), fc.constant({}), fc.constant([])),
    },
  );

const part = fc.record(
  { type: value(fc.constant("output_text")), text: value(fc.string()), refusal: value(fc.string()) },
  { requiredKeys: [] },
);
const item = fc.record(
  {
    type: value(fc.constantFrom("message", "function_call", "reasoning")),
    id: value(fc.string()),
    content: value(fc.array(part, { maxLength: 3 })),
    call_id: value(fc.string()),
    name: value(fc.string()),
    arguments: value(fc.string()),
    summary: value(fc.array(fc.record({ text: value(fc.string()) }, { requiredKeys: [] }), { maxLength: 2 })),
  },
  { requiredKeys: [] },
);
const count = value(fc.nat());
const response = fc.record(
  {
    id: value(fc.string()),
    created_at: value(fc.nat()),
    model: value(fc.string()),
    status: value(fc.constantFrom("completed", "in_progress")),
    output: value(fc.array(item, { maxLength: 3 })),
    usage: value(
      fc.record(
        {
          input_tokens: count,
          output_tokens: count,
          input_tokens_details: value(fc.record({ cached_tokens: count }, { requiredKeys: [] })),
          output_tokens_details: value(fc.record({ reasoning_tokens: count }, { requiredKeys: [] })),
        },
        { requiredKeys: [] },
      ),
    ),
    error: value(fc.record({ code: value(fc.string()), message: value(fc.string()) }, { requiredKeys: [] })),
    incomplete_details: value(fc.record({ reason: value(fc.string()) }, { requiredKeys: [] })),
  },
  { requiredKeys: [] },
);

describe("narrow-fast", () => {
  it("responseOf accepts only what lifecycleEvent's zod schema accepts", () => {
    let accepted = 0;
    fc.assert(
      fc.property(value(response), (one) => {
        const raw = { type: "response.completed", response: one };
        if (responseOf(raw) === undefined) return;
        accepted++;
        expect(lifecycleEvent.safeParse(raw).success).toBe(true);
      }),
      { numRuns: 5000 },
    );
    expect(accepted).toBeGreaterThan(50);
  });

  it("itemEventOf accepts only what itemEvent's zod schema accepts", () => {
    let accepted = 0;
    fc.assert(
      fc.property(value(fc.integer({ min: -2, max: 5 })), value(item), (index, one) => {
        const raw = { type: "response.output_item.done", output_index: index, item: one };
        if (itemEventOf(raw) === undefined) return;
        accepted++;
        expect(itemEvent.safeParse(raw).success).toBe(true);
      }),
      { numRuns: 5000 },
    );
    expect(accepted).toBeGreaterThan(50);
  });

  it("responseOf takes OpenAI's and Lightspeed's common response objects", () => {
    const message = {
      id: "msg_1",
      type: "message",
      status: "completed",
      role: "assistant",
      content: [{ type: "output_text", text: "Hi", annotations: [] }],
    };
    const raw = {
      type: "response.completed",
      sequence_number: 9,
      response: {
        id: "resp_1",
        object: "response",
        created_at: 1755433010,
        status: "completed",
        error: null,
        incomplete_details: null,
        instructions: null,
        model: "gpt-4o",
        output: [message, { id: "fc_1", type: "function_call", call_id: "c1", name: "ls", arguments: "{}" }],
        usage: {
          input_tokens: 11,
          input_tokens_details: { cached_tokens: 0 },
          output_tokens: 7,
          output_tokens_details: { reasoning_tokens: 0 },
          total_tokens: 18,
        },
      },
    };
    expect(responseOf(raw)).toBe(raw.response);
    expect(itemEventOf({ type: "response.output_item.done", output_index: 0, item: message })).toEqual({
      output_index: 0,
      item: message,
    });
  });
});
