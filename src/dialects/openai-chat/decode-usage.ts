/** Chat Completions usage and finish reasons -> canonical: the inverse of map-usage.ts. */
import type { FinishReason, Usage } from "../../canonical/events.ts";

export type ChatUsageIn = {
  readonly prompt_tokens?: number | null | undefined;
  readonly completion_tokens?: number | null | undefined;
  readonly prompt_tokens_details?: { readonly cached_tokens?: number | null | undefined } | null | undefined;
  readonly completion_tokens_details?:
    | { readonly reasoning_tokens?: number | null | undefined }
    | null
    | undefined;
};

/** Zero details are left out: "none cached" and "not reported" render the same on every wire. */
export function decodeChatUsage(usage: ChatUsageIn): Usage {
  const cached = usage.prompt_tokens_details?.cached_tokens ?? 0;
  const reasoning = usage.completion_tokens_details?.reasoning_tokens ?? 0;
  return {
    inputTokens: usage.prompt_tokens ?? 0,
    outputTokens: usage.completion_tokens ?? 0,
    ...(cached > 0 ? { cachedInputTokens: cached } : {}),
    ...(reasoning > 0 ? { reasoningTokens: reasoning } : {}),
  };
}

/**
 * `function_call` is the legacy spelling of `tool_calls`; vLLM ends a failed or aborted generation with
 * `error` / `abort`. Other inventions (`eos`, `end_turn`) end the answer normally: `stop`.
 */
export function decodeChatFinishReason(reason: string): FinishReason {
  switch (reason) {
    case "length":
    case "tool_calls":
    case "content_filter":
      return reason;
    case "function_call":
      return "tool_calls";
    case "error":
    case "abort":
      return "error";
    default:
      return "stop";
  }
}
