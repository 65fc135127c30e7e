/**
 * Finish reasons both ways. `stop_sequence` is `stop` (the canonical model does not say which sequence
 * matched); `refusal` is `content_filter`; `pause_turn` (a server tool paused a long turn) is `stop`;
 * `model_context_window_exceeded` is `length`. A canonical `error` finish has no stop reason: the
 * renderer sends an `error` event instead.
 */
import { assertNever, type FinishReason } from "../../canonical/events.ts";
import type { AnthropicStopReason } from "./wire.ts";

export function mapStopReason(reason: Exclude<FinishReason, "error">): AnthropicStopReason {
  switch (reason) {
    case "stop":
      return "end_turn";
    case "length":
      return "max_tokens";
    case "tool_calls":
      return "tool_use";
    case "content_filter":
      return "refusal";
    default:
      return assertNever(reason);
  }
}

/** An unknown or missing stop reason is `stop`, or `tool_calls` when the answer called tools. */
export function decodeStopReason(reason: string | null | undefined, calledTools: boolean): FinishReason {
  switch (reason) {
    case "max_tokens":
    case "model_context_window_exceeded":
      return "length";
    case "tool_use":
      return "tool_calls";
    case "refusal":
      return "content_filter";
    default:
      return calledTools ? "tool_calls" : "stop";
  }
}
