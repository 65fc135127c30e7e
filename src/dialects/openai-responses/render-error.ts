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

/** `sequence` continues the stream's numbering: the renderer's nextSequence(), or 0 before any event. */
export function responsesErrorEvent(error: AirlockError, sequence: number): string {
  const { code, message, param } = openAIErrorBody(error).error;
  return formatResponsesEvent({ type: "error", sequence_number: sequence, code, message, param });
}
