/**
 * zod schemas for what a Responses backend sends: response objects and the stream events the decoder
 * reads. Loose and forgiving (`nullish` everywhere a server might omit or null a field) because
 * Responses servers other than OpenAI's (Lightspeed / Llama Stack, vLLM) fill in fewer fields.
 */
import { z } from "zod";

const count = z.number().nullish();
const index = z.int().nonnegative();

export const usageSchema = z.looseObject({
  input_tokens: count,
  output_tokens: count,
  input_tokens_details: z.looseObject({ cached_tokens: count }).nullish(),
  output_tokens_details: z.looseObject({ reasoning_tokens: count }).nullish(),
});

export const outputItemSchema = z.looseObject({
  type: z.string(),
  id: z.string().nullish(),
  content: z
    .array(z.looseObject({ type: z.string(), text: z.string().nullish(), refusal: z.string().nullish() }))
    .nullish(),
  call_id: z.string().nullish(),
  name: z.string().nullish(),
  arguments: z.string().nullish(),
  summary: z.array(z.looseObject({ text: z.string().nullish() })).nullish(),
});

export const responseSchema = z.looseObject({
  id: z.string().nullish(),
  created_at: z.number().nullish(),
  model: z.string().nullish(),
  status: z.string().nullish(),
  output: z.array(outputItemSchema).nullish(),
  usage: usageSchema.nullish(),
  error: z.looseObject({ code: z.string().nullish(), message: z.string().nullish() }).nullish(),
  incomplete_details: z.looseObject({ reason: z.string().nullish() }).nullish(),
});

export const eventHead = z.looseObject({ type: z.string() });
export const lifecycleEvent = z.looseObject({ response: responseSchema });
export const itemEvent = z.looseObject({ output_index: index, item: outputItemSchema });
export const deltaEvent = z.looseObject({
  output_index: index,
  delta: z.string(),
  item_id: z.string().nullish(),
});
export const argumentsDoneEvent = z.looseObject({ output_index: index, arguments: z.string() });
export const summaryPartEvent = z.looseObject({ output_index: index, summary_index: z.int().nullish() });
export const errorEvent = z.looseObject({ message: z.string().nullish(), code: z.string().nullish() });

export type OutputItemIn = z.infer<typeof outputItemSchema>;
export type ResponseIn = z.infer<typeof responseSchema>;
