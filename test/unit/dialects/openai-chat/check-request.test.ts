import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  isCommonChatMessage,
  isCommonChatRequest,
} from "../../../../src/dialects/openai-chat/check-request.ts";
import { chatRequest, message } from "../../../../src/dialects/openai-chat/request-schema.ts";
import { readDecoded } from "../read-decoded.ts";

/** Values of the kinds the schemas tell apart, `__proto__` keys included (JSON.parse makes them own). */
const leaf = fc.oneof(
  fc.constantFrom(undefined, null, true, 0, -0, 1.5, -1, 2 ** 53, "", "user", "text", "function"),
  fc.string({ maxLength: 3 }),
);
const part = fc.record(
  { type: fc.constantFrom("text", "refusal", "image_url", 1), text: leaf, refusal: leaf },
  { requiredKeys: [] },
);
const call = fc.record(
  {
    id: leaf,
    type: fc.constantFrom("function", "custom", 1),
    function: fc.oneof(leaf, fc.record({ name: leaf, arguments: leaf }, { requiredKeys: [] })),
  },
  { requiredKeys: [] },
);
const record = fc
  .dictionary(fc.constantFrom("a", "__proto__", "1"), fc.oneof(leaf, fc.constant({})))
  .map((value) => JSON.parse(JSON.stringify(value)) as unknown);
const field = fc.oneof(leaf, fc.array(fc.oneof(leaf, part, call), { maxLength: 3 }), part, record);
const chatMessage = fc.record(
  {
    role: fc.oneof(leaf, fc.constantFrom("system", "developer", "user", "assistant", "tool", "function")),
    content: field,
    refusal: field,
    tool_calls: fc.oneof(field, fc.array(call, { maxLength: 2 })),
    tool_call_id: field,
    function_call: field,
  },
  { requiredKeys: [] },
);
/** Mostly absent, so that a request often has every field right, as real ones do. */
const optional = fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: field });
const request = fc.record(
  {
    model: optional,
    messages: fc.oneof(
      { weight: 4, arbitrary: fc.array(chatMessage, { minLength: 1, maxLength: 3 }) },
      field,
    ),
    tools: optional,
    tool_choice: optional,
    parallel_tool_calls: optional,
    temperature: optional,
    top_p: optional,
    max_tokens: optional,
    max_completion_tokens: optional,
    stop: optional,
    response_format: optional,
    reasoning_effort: optional,
    user: optional,
    metadata: optional,
    stream: optional,
    stream_options: fc.oneof(optional, fc.record({ include_usage: leaf }, { requiredKeys: [] })),
    n: optional,
    modalities: optional,
  },
  { requiredKeys: ["messages"] },
);
const anyValue = fc.oneof(request, chatMessage, field);

const read = (value: unknown) => readDecoded(value, ["metadata"]);

/** Each check with its schema, and the values it is tried on: requests for the request, anything for a message. */
const pairs = [
  ["isCommonChatRequest", isCommonChatRequest, chatRequest, request],
  ["isCommonChatMessage", isCommonChatMessage, message, anyValue],
] as const;

describe("openai-chat check-request", () => {
  for (const [name, isCommon, schema, values] of pairs) {
    it(`${name} passes only what its schema takes, as zod would give it to decoding`, () => {
      let passed = 0;
      fc.assert(
        fc.property(values, (value: unknown) => {
          if (!isCommon(value)) return;
          passed++;
          const parsed = schema.safeParse(value);
          expect(parsed.success).toBe(true);
          expect(read(parsed.data)).toEqual(read(value));
        }),
        { numRuns: 3000 },
      );
      // Not vacuous.
      expect(passed).toBeGreaterThan(20);
    });
  }

  it("isCommonChatRequest and isCommonChatMessage take an agent's usual turn", () => {
    const turn = {
      model: "gpt-4o",
      messages: [
        { role: "system", content: "Be terse." },
        { role: "user", content: [{ type: "text", text: "List files" }] },
        {
          role: "assistant",
          content: null,
          tool_calls: [{ id: "c1", type: "function", function: { name: "ls", arguments: "{}" } }],
        },
        { role: "tool", tool_call_id: "c1", content: "README.md" },
      ],
      tools: [{ type: "function", function: { name: "ls", parameters: { type: "object" } } }],
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0,
    };
    expect(isCommonChatRequest(turn)).toBe(true);
    expect(turn.messages.every(isCommonChatMessage)).toBe(true);
    // An image goes to zod.
    expect(
      isCommonChatMessage({ role: "user", content: [{ type: "image_url", image_url: { url: "data:," } }] }),
    ).toBe(false);
  });
});
