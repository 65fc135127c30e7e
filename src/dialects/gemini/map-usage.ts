/**
 * Gemini `usageMetadata` -> canonical usage. `promptTokenCount` already includes cached tokens
 * (`cachedContentTokenCount`), as the canonical `inputTokens` does; tool-use prompt tokens (what a
 * tool such as search fed back) are input too. `candidatesTokenCount` leaves out the thinking tokens
 * (`thoughtsTokenCount`), which the canonical `outputTokens` includes, as OpenAI's does.
 */
import type { Usage } from "../../canonical/events.ts";

export type GeminiUsageIn = {
  readonly promptTokenCount?: number | null | undefined;
  readonly candidatesTokenCount?: number | null | undefined;
  readonly cachedContentTokenCount?: number | null | undefined;
  readonly thoughtsTokenCount?: number | null | undefined;
  readonly toolUsePromptTokenCount?: number | null | undefined;
};

export function decodeGeminiUsage(usage: GeminiUsageIn): Usage {
  const cached = usage.cachedContentTokenCount ?? 0;
  const thoughts = usage.thoughtsTokenCount ?? 0;
  return {
    inputTokens: (usage.promptTokenCount ?? 0) + (usage.toolUsePromptTokenCount ?? 0),
    outputTokens: (usage.candidatesTokenCount ?? 0) + thoughts,
    ...(cached > 0 ? { cachedInputTokens: cached } : {}),
    ...(thoughts > 0 ? { reasoningTokens: thoughts } : {}),
  };
}
