/**
 * zod schemas for the parts of a Responses API request that translation reads. Objects are loose:
 * fields not named here are not read, and are dropped when the request is translated (they survive
 * pass-through). Reference: https://platform.openai.com/docs/api-reference/responses/create
 */
import { z } from "zod";

const inputText = z.looseObject({ type: z.literal("input_text"), text: z.string() });

export const inputContent = z.discriminatedUnion("type", [
  inputText,
  z.looseObject({
    type: z.literal("input_image"),
    image_url: z.string().nullish(),
    file_id: z.string().nullish(),
    detail: z.string().nullish(),
  }),
  z.looseObject({
    type: z.literal("input_file"),
    file_data: z.string().nullish(),
    file_id: z.string().nullish(),
    file_url: z.string().nullish(),
    filename: z.string().nullish(),
  }),
  z.looseObject({ type: z.literal("input_audio") }),
]);

const assistantContent = z.discriminatedUnion("type", [
  z.looseObject({ type: z.literal("output_text"), text: z.string() }),
  inputText,
  z.looseObject({ type: z.literal("refusal"), refusal: z.string() }),
]);

export const userMessage = z.looseObject({
  role: z.literal("user"),
  content: z.union([z.string(), z.array(inputContent)]),
});
export const assistantMessage = z.looseObject({
  role: z.literal("assistant"),
  content: z.union([z.string(), z.array(assistantContent)]),
});
export const instructionMessage = z.looseObject({
  role: z.enum(["system", "developer"]),
  content: z.union([z.string(), z.array(inputText)]),
});

export const functionCall = z.looseObject({
  type: z.literal("function_call"),
  call_id: z.string(),
  name: z.string(),
  arguments: z.string(),
});

export const functionCallOutput = z.looseObject({
  type: z.literal("function_call_output"),
  call_id: z.string(),
  output: z.union([z.string(), z.array(inputContent)]),
});

/** Every input item: a message (which may omit `type`) or a typed item. */
export const inputItem = z.looseObject({ type: z.string().optional(), role: z.string().optional() });

export const tool = z.looseObject({
  type: z.string(),
  name: z.string().optional(),
  description: z.string().nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
  strict: z.boolean().nullish(),
});

export const toolChoice = z.union([
  z.enum(["none", "auto", "required"]),
  z.looseObject({ type: z.string(), name: z.string().optional() }),
]);

export const textFormat = z.discriminatedUnion("type", [
  z.looseObject({ type: z.literal("text") }),
  z.looseObject({ type: z.literal("json_object") }),
  z.looseObject({
    type: z.literal("json_schema"),
    name: z.string(),
    schema: z.record(z.string(), z.unknown()),
    strict: z.boolean().nullish(),
    description: z.string().nullish(),
  }),
]);

export const responsesRequest = z.looseObject({
  model: z.string().optional(),
  input: z.union([z.string(), z.array(z.unknown())]),
  instructions: z.union([z.string(), z.array(z.unknown())]).nullish(),
  tools: z.array(z.unknown()).nullish(),
  tool_choice: z.unknown().optional(),
  parallel_tool_calls: z.boolean().nullish(),
  temperature: z.number().nullish(),
  top_p: z.number().nullish(),
  max_output_tokens: z.int().nonnegative().nullish(),
  text: z.looseObject({ format: z.unknown().optional() }).nullish(),
  reasoning: z.looseObject({ effort: z.string().nullish(), summary: z.string().nullish() }).nullish(),
  user: z.string().nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
  previous_response_id: z.string().nullish(),
  background: z.boolean().nullish(),
  stream: z.boolean().nullish(),
});

export type InputContentIn = z.infer<typeof inputContent>;
