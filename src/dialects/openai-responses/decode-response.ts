/**
 * A whole Responses object -> the canonical events a stream of it would decode to: it is fed to the
 * stream decoder as its `response.created` and its terminal event, whose output items the decoder
 * settles. One path for streamed and whole answers; a failed response is an error event.
 */
import { AirlockError } from "../../canonical/error.ts";
import type { CanonicalEvent } from "../../canonical/events.ts";
import { narrowUpstream } from "../openai-chat/narrow.ts";
import { createResponsesStreamDecoder } from "./decode-stream.ts";
import { responseSchema } from "./wire-schema.ts";

const terminalOf: Readonly<Record<string, string>> = {
  completed: "response.completed",
  incomplete: "response.incomplete",
  failed: "response.failed",
  cancelled: "response.failed",
};

export function decodeResponse(body: unknown): CanonicalEvent[] {
  const response = narrowUpstream(responseSchema, body, "Responses API response");
  const terminal = terminalOf[response.status ?? "completed"];
  if (terminal === undefined) {
    throw new AirlockError("backend_error", `the backend answered with a response still ${response.status}`);
  }
  const decoder = createResponsesStreamDecoder();
  return [
    ...decoder.push({ type: "response.created", response: body }),
    ...decoder.push({ type: terminal, response: body }),
    ...decoder.end(),
  ];
}
