import type { FinishReason, Usage } from "../../canonical/events.ts";
import type { ChatFinishReason, ChatUsage } from "./wire.ts";

export function mapUsage(usage: Usage): ChatUsage {
  const out: ChatUsage = {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
  };
  if (usage.cachedInputTokens !== undefined)
    out.prompt_tokens_details = { cached_tokens: usage.cachedInputTokens };
  if (usage.reasoningTokens !== undefined) {
    out.completion_tokens_details = { reasoning_tokens: usage.reasoningTokens };
  }
  return out;
}

/** `error` has no Chat Completions counterpart; the error itself travels as an error event. */
export function mapFinishReason(reason: FinishReason): ChatFinishReason {
  return reason === "error" ? "stop" : reason;
}
