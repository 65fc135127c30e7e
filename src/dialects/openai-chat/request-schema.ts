/**
 * zod schemas for the parts of a Chat Completions request that translation reads. Objects are loose:
 * what is not named here is not read, and is dropped when the request is translated (it survives
 * pass-through). Reference: https://platform.openai.com/docs/api-reference/chat/create
 */
import { z } from "zod";

const text = z.looseObject({ type: z.literal("text"), text: z.string() });

export const userPart = z.discriminatedUnion("type", [
  text,
  z.looseObject({
    type: z.literal("image_url"),
    image_url: z.looseObject({ url: z.string(), detail: z.enum(["auto", "low", "high"]).nullish() }),
  }),
  z.looseObject({
    type: z.literal("file"),
    file: z.looseObject({
      file_data: z.string().nullish(),
      file_id: z.string().nullish(),
      filename: z.string().nullish(),
    }),
  }),
  z.looseObject({ type: z.literal("input_audio") }),
]);

const assistantPart = z.discriminatedUnion("type", [
  text,
  z.looseObject({ type: z.literal("refusal"), refusal: z.string() }),
]);

const toolCall = z.looseObject({
  id: z.string(),
  type: z.literal("function"),
  function: z.looseObject({ name: z.string(), arguments: z.string() }),
});

export const message = z.discriminatedUnion("role", [
  z.looseObject({ role: z.enum(["system", "developer"]), content: z.union([z.string(), z.array(text)]) }),
  z.looseObject({ role: z.literal("user"), content: z.union([z.string(), z.array(userPart)]) }),
  z.looseObject({
    role: z.literal("assistant"),
    content: z.union([z.string(), z.array(assistantPart)]).nullish(),
    refusal: z.string().nullish(),
    tool_calls: z.array(toolCall).nullish(),
    function_call: z.unknown().optional(),
  }),
  z.looseObject({
    role: z.literal("tool"),
    tool_call_id: z.string(),
    content: z.union([z.string(), z.array(text)]),
  }),
  z.looseObject({ role: z.literal("function") }),
]);

export const tool = z.looseObject({
  type: z.string(),
  function: z
    .looseObject({
      name: z.string(),
      description: z.string().nullish(),
      parameters: z.record(z.string(), z.unknown()).nullish(),
      strict: z.boolean().nullish(),
    })
    .optional(),
});

export const toolChoice = z.union([
  z.enum(["none", "auto", "required"]),
  z.looseObject({ type: z.string() }),
]);

export const functionChoice = z.looseObject({
  type: z.literal("function"),
  function: z.looseObject({ name: z.string() }),
});

export const responseFormat = z.discriminatedUnion("type", [
  z.looseObject({ type: z.literal("text") }),
  z.looseObject({ type: z.literal("json_object") }),
  z.looseObject({
    type: z.literal("json_schema"),
    json_schema: z.looseObject({
      name: z.string(),
      description: z.string().nullish(),
      schema: z.record(z.string(), z.unknown()).nullish(),
      strict: z.boolean().nullish(),
    }),
  }),
]);

export const chatRequest = z.looseObject({
  model: z.string().optional(),
  messages: z.array(z.looseObject({ role: z.string() })).min(1),
  tools: z.array(z.unknown()).nullish(),
  tool_choice: z.unknown().optional(),
  parallel_tool_calls: z.boolean().nullish(),
  temperature: z.number().nullish(),
  top_p: z.number().nullish(),
  max_tokens: z.int().nonnegative().nullish(),
  max_completion_tokens: z.int().nonnegative().nullish(),
  stop: z.union([z.string(), z.array(z.string())]).nullish(),
  response_format: z.unknown().optional(),
  reasoning_effort: z.string().nullish(),
  user: z.string().nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
  n: z.int().nullish(),
  modalities: z.array(z.string()).nullish(),
});

export type ChatMessageIn = z.infer<typeof message>;
export type ChatUserPartIn = z.infer<typeof userPart>;
