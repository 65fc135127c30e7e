/**
 * zod schemas for what an Anthropic backend sends: stream events and whole messages. Loose and
 * forgiving (`nullish` where a server may omit a field): Anthropic-compatible servers other than
 * Anthropic's and Vertex's fill in fewer fields.
 * Reference: https://docs.claude.com/en/docs/build-with-claude/streaming
 */
import { z } from "zod";

const count = z.number().nullish();
const index = z.int().nonnegative();

export const usageSchema = z.looseObject({
  input_tokens: count,
  output_tokens: count,
  cache_creation_input_tokens: count,
  cache_read_input_tokens: count,
});

export const blockSchema = z.looseObject({
  type: z.string(),
  text: z.string().nullish(),
  thinking: z.string().nullish(),
  id: z.string().nullish(),
  name: z.string().nullish(),
  input: z.unknown().optional(),
});

export const messageSchema = z.looseObject({
  id: z.string().nullish(),
  model: z.string().nullish(),
  content: z.array(blockSchema).nullish(),
  stop_reason: z.string().nullish(),
  usage: usageSchema.nullish(),
});

export const eventHead = z.looseObject({ type: z.string() });

export const messageStart = z.looseObject({ message: messageSchema });

export const blockStart = z.looseObject({ index, content_block: blockSchema });

export const blockDelta = z.looseObject({
  index,
  delta: z.looseObject({
    type: z.string(),
    text: z.string().nullish(),
    thinking: z.string().nullish(),
    partial_json: z.string().nullish(),
  }),
});

export const blockStop = z.looseObject({ index });

export const messageDelta = z.looseObject({
  delta: z.looseObject({ stop_reason: z.string().nullish() }).nullish(),
  usage: usageSchema.nullish(),
});

export const errorEvent = z.looseObject({
  error: z.looseObject({ type: z.string().nullish(), message: z.string().nullish() }).nullish(),
});

export type AnthropicMessageIn = z.infer<typeof messageSchema>;
