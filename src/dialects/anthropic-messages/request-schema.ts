/**
 * zod schemas for the parts of an Anthropic Messages request that translation reads. Objects are
 * loose: fields not named here (`cache_control`, `citations`, `container`, `service_tier`, `top_k`,
 * …) are not read and are dropped when the request is translated; they survive pass-through.
 * Reference: https://docs.claude.com/en/api/messages
 */
import { z } from "zod";

const text = z.looseObject({ type: z.literal("text"), text: z.string() });

const source = z.looseObject({
  type: z.string(),
  media_type: z.string().nullish(),
  data: z.string().nullish(),
  url: z.string().nullish(),
  file_id: z.string().nullish(),
});

export const image = z.looseObject({ type: z.literal("image"), source });

export const document = z.looseObject({
  type: z.literal("document"),
  source,
  title: z.string().nullish(),
});

export const toolResultContent = z.union([z.string(), z.array(z.looseObject({ type: z.string() }))]);

/** Every block a message may hold; those translation cannot carry are refused or dropped by type. */
export const block = z.discriminatedUnion("type", [
  text,
  image,
  document,
  z.looseObject({
    type: z.literal("tool_use"),
    id: z.string(),
    name: z.string(),
    input: z.unknown(),
  }),
  z.looseObject({
    type: z.literal("tool_result"),
    tool_use_id: z.string(),
    content: toolResultContent.nullish(),
    is_error: z.boolean().nullish(),
  }),
  z.looseObject({ type: z.literal("thinking"), thinking: z.string(), signature: z.string().nullish() }),
  z.looseObject({ type: z.literal("redacted_thinking"), data: z.string() }),
]);

export const message = z.looseObject({
  /** `system` only under the `mid-conversation-system-2026-04-07` beta, which Claude Code sends. */
  role: z.enum(["user", "assistant", "system"]),
  content: z.union([z.string(), z.array(z.looseObject({ type: z.string() }))]),
});

export const tool = z.looseObject({
  type: z.string().nullish(),
  name: z.string(),
  description: z.string().nullish(),
  input_schema: z.record(z.string(), z.unknown()).nullish(),
  strict: z.boolean().nullish(),
});

export const toolChoice = z.discriminatedUnion("type", [
  z.looseObject({ type: z.enum(["auto", "any"]), disable_parallel_tool_use: z.boolean().nullish() }),
  z.looseObject({
    type: z.literal("tool"),
    name: z.string(),
    disable_parallel_tool_use: z.boolean().nullish(),
  }),
  z.looseObject({ type: z.literal("none") }),
]);

export const thinking = z.looseObject({
  type: z.string(),
  budget_tokens: z.int().nonnegative().nullish(),
});

export const anthropicRequest = z.looseObject({
  model: z.string().optional(),
  /** Required by the Messages API, absent from count_tokens: decode-request.ts checks it. */
  max_tokens: z.int().positive().nullish(),
  system: z.union([z.string(), z.array(text)]).nullish(),
  messages: z.array(z.unknown()),
  tools: z.array(z.unknown()).nullish(),
  tool_choice: z.unknown().optional(),
  thinking: z.unknown().optional(),
  temperature: z.number().nullish(),
  top_p: z.number().nullish(),
  stop_sequences: z.array(z.string()).nullish(),
  metadata: z.looseObject({ user_id: z.string().nullish() }).nullish(),
  output_config: z
    .looseObject({
      effort: z.string().nullish(),
      format: z
        .looseObject({ type: z.literal("json_schema"), schema: z.record(z.string(), z.unknown()) })
        .nullish(),
    })
    .nullish(),
  stream: z.boolean().nullish(),
});

export type AnthropicBlockIn = z.infer<typeof block>;
