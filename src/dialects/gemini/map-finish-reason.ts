/**
 * Gemini `finishReason` -> canonical finish reason. `STOP` is `stop`, or `tool_calls` when the answer
 * called functions (Gemini has no reason of its own for that); `MAX_TOKENS` is `length`; the blocking
 * reasons (safety, recitation, blocklists, prohibited content, personal data, unsupported language) are
 * `content_filter`; a malformed or unexpected function call is `error`, since the answer is unusable;
 * `OTHER` and reasons added later are `stop`.
 * Reference: https://cloud.google.com/vertex-ai/generative-ai/docs/reference/rest/v1/GenerateContentResponse#FinishReason
 */
import type { FinishReason } from "../../canonical/events.ts";

const filtered = new Set([
  "SAFETY",
  "RECITATION",
  "BLOCKLIST",
  "PROHIBITED_CONTENT",
  "SPII",
  "LANGUAGE",
  "IMAGE_SAFETY",
  "IMAGE_PROHIBITED_CONTENT",
  "IMAGE_RECITATION",
]);

const failed = new Set(["MALFORMED_FUNCTION_CALL", "UNEXPECTED_TOOL_CALL", "TOO_MANY_TOOL_CALLS"]);

export function decodeFinishReason(reason: string, calledTools: boolean): FinishReason {
  if (reason === "MAX_TOKENS") return "length";
  if (filtered.has(reason)) return "content_filter";
  if (failed.has(reason)) return "error";
  return calledTools ? "tool_calls" : "stop";
}
