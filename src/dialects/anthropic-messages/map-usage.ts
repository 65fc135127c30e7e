/**
 * Usage both ways. Anthropic's `input_tokens` excludes cached tokens (`cache_read_input_tokens`) and
 * tokens written to the cache (`cache_creation_input_tokens`); the canonical `inputTokens` counts the
 * whole prompt, as OpenAI's does. So decode adds them up, and render splits the cache reads back out.
 * Cache writes have no canonical field: they are counted as plain input on the way back. Anthropic
 * reports no separate thinking count: `reasoningTokens` is not rendered.
 */
import type { Usage } from "../../canonical/events.ts";
import type { AnthropicUsage } from "./wire.ts";

export function mapAnthropicUsage(usage: Usage | undefined): AnthropicUsage {
  const cached = usage?.cachedInputTokens ?? 0;
  return {
    input_tokens: Math.max(0, (usage?.inputTokens ?? 0) - cached),
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: cached,
    output_tokens: usage?.outputTokens ?? 0,
  };
}

export type AnthropicUsageIn = {
  readonly input_tokens?: number | null | undefined;
  readonly output_tokens?: number | null | undefined;
  readonly cache_creation_input_tokens?: number | null | undefined;
  readonly cache_read_input_tokens?: number | null | undefined;
};

/** A zero cache count is left out, as in the OpenAI decoders. */
export function decodeAnthropicUsage(usage: AnthropicUsageIn): Usage {
  const read = usage.cache_read_input_tokens ?? 0;
  const written = usage.cache_creation_input_tokens ?? 0;
  return {
    inputTokens: (usage.input_tokens ?? 0) + read + written,
    outputTokens: usage.output_tokens ?? 0,
    ...(read > 0 ? { cachedInputTokens: read } : {}),
  };
}
