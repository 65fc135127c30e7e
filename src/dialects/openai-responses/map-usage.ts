/** Usage both ways between the canonical model and the Responses API's `usage` object. */
import type { Usage } from "../../canonical/events.ts";
import type { ResponsesUsage } from "./wire.ts";

/** The Responses API always states both details; zero where the backend reported none. */
export function mapResponsesUsage(usage: Usage): ResponsesUsage {
  return {
    input_tokens: usage.inputTokens,
    input_tokens_details: { cached_tokens: usage.cachedInputTokens ?? 0 },
    output_tokens: usage.outputTokens,
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
    total_tokens: usage.inputTokens + usage.outputTokens,
  };
}

export type ResponsesUsageIn = {
  readonly input_tokens?: number | null | undefined;
  readonly output_tokens?: number | null | undefined;
  readonly input_tokens_details?: { readonly cached_tokens?: number | null | undefined } | null | undefined;
  readonly output_tokens_details?:
    | { readonly reasoning_tokens?: number | null | undefined }
    | null
    | undefined;
};

/** Zero details are left out, as in the chat decoder: "none" and "not reported" render the same. */
export function decodeResponsesUsage(usage: ResponsesUsageIn): Usage {
  const cached = usage.input_tokens_details?.cached_tokens ?? 0;
  const reasoning = usage.output_tokens_details?.reasoning_tokens ?? 0;
  return {
    inputTokens: usage.input_tokens ?? 0,
    outputTokens: usage.output_tokens ?? 0,
    ...(cached > 0 ? { cachedInputTokens: cached } : {}),
    ...(reasoning > 0 ? { reasoningTokens: reasoning } : {}),
  };
}
