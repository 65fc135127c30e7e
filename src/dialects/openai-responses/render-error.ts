/**
 * Errors on the Responses endpoint. The JSON body is OpenAI's error object, the same as on the chat
 * endpoint. Mid-stream, prefer rendering a canonical `error` event through the stream renderer: after
 * `response.created` that is `response.failed`, which Codex reads as the end of the turn. This `error`
 * event is for failures the renderer never saw; the official SDKs raise on it (`event: error`).
 */
import type { AirlockError } from "../../canonical/error.ts";
import { openAIErrorBody } from "../openai-chat/render-error.ts";
import type { OpenAIErrorBody } from "../openai-chat/wire.ts";
import { formatResponsesEvent } from "./format-sse.ts";

export function responsesErrorBody(error: AirlockError): OpenAIErrorBody {
  return openAIErrorBody(error);
}

/**
 * The number after the last `sequence_number` in a piece of a passed-through stream (whole events),
 * or 0 when it has none. Only the failure path calls this, so reading the text costs nothing per event.
 */
export function nextSequenceNumber(lastEvents: Uint8Array | undefined): number {
  if (lastEvents === undefined) return 0;
  const text = Buffer.from(lastEvents.buffer, lastEvents.byteOffset, lastEvents.byteLength).toString("utf8");
  let next = 0;
  for (const match of text.matchAll(/"sequence_number":\s*(\d+)/g))
    next = Math.max(next, Number(match[1]) + 1);
  return next;
}

/** `sequence` continues the stream's numbering: the renderer's nextSequence(), or 0 before any event. */
export function responsesErrorEvent(error: AirlockError, sequence: number): string {
  const { code, message, param } = openAIErrorBody(error).error;
  return formatResponsesEvent({ type: "error", sequence_number: sequence, code, message, param });
}
