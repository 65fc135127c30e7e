import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  isCommonAssistantMessage,
  isCommonFunctionCall,
  isCommonFunctionCallOutput,
  isCommonInstructionMessage,
  isCommonItem,
  isCommonRequest,
  isCommonTool,
  isCommonUserMessage,
} from "../../../../src/dialects/openai-responses/check-request.ts";
import {
  assistantMessage,
  functionCall,
  functionCallOutput,
  inputItem,
  instructionMessage,
  responsesRequest,
  tool,
  userMessage,
} from "../../../../src/dialects/openai-responses/request-schema.ts";
import { readDecoded } from "../read-decoded.ts";

/** Values of the kinds the schemas tell apart, `__proto__` keys included (JSON.parse makes them own). */
const leaf = fc.oneof(
  fc.constantFrom(undefined, null, true, 0, -0, 1.5, -1, 2 ** 53, "", "user", "input_text"),
  fc.string({ maxLength: 3 }),
);
const part = fc.record(
  {
    type: fc.constantFrom("input_text", "output_text", "refusal", "input_image", 1),
    text: leaf,
    refusal: leaf,
  },
  { requiredKeys: [] },
);
const record = fc
  .dictionary(fc.constantFrom("a", "__proto__", "1"), fc.oneof(leaf, fc.constant({})))
  .map((value) => JSON.parse(JSON.stringify(value)) as unknown);
const field = fc.oneof(leaf, fc.array(fc.oneof(leaf, part), { maxLength: 3 }), part, record);
const object = fc.record(
  {
    type: fc.oneof(field, fc.constantFrom("function", "function_call", "function_call_output")),
    role: fc.oneof(field, fc.constantFrom("user", "assistant", "system", "developer")),
    content: field,
    output: field,
    call_id: field,
    name: field,
    arguments: field,
    description: field,
    parameters: field,
    strict: field,
    model: field,
    input: field,
    instructions: field,
    tools: field,
    temperature: field,
    max_output_tokens: field,
    text: field,
    reasoning: fc.oneof(field, fc.record({ effort: leaf, summary: leaf }, { requiredKeys: [] })),
    metadata: field,
    stream: field,
  },
  { requiredKeys: [] },
);
const anyValue = fc.oneof(object, field);

const read = (value: unknown) => readDecoded(value, ["metadata", "parameters"]);

const pairs = [
  ["isCommonRequest", isCommonRequest, responsesRequest],
  ["isCommonTool", isCommonTool, tool],
  ["isCommonItem", isCommonItem, inputItem],
  ["isCommonUserMessage", isCommonUserMessage, userMessage],
  ["isCommonAssistantMessage", isCommonAssistantMessage, assistantMessage],
  ["isCommonInstructionMessage", isCommonInstructionMessage, instructionMessage],
  ["isCommonFunctionCall", isCommonFunctionCall, functionCall],
  ["isCommonFunctionCallOutput", isCommonFunctionCallOutput, functionCallOutput],
] as const;

describe("check-request", () => {
  for (const [name, isCommon, schema] of pairs) {
    it(`${name} passes only what its schema takes, as zod would give it to decoding`, () => {
      fc.assert(
        fc.property(anyValue, (value) => {
          if (!isCommon(value)) return;
          const parsed = schema.safeParse(value);
          expect(parsed.success).toBe(true);
          expect(read(parsed.data)).toEqual(read(value));
        }),
        { numRuns: 1000 },
      );
    });
  }

  it("isCommonRequest sends a metadata record with an own __proto__ key to zod, which drops it", () => {
    const body = JSON.parse('{"input":"hi","metadata":{"__proto__":"x","a":"b"}}');
    expect(isCommonRequest(body)).toBe(false);
    expect(isCommonRequest(JSON.parse('{"input":"hi","metadata":{"a":"b"}}'))).toBe(true);
  });
});
