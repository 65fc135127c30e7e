/**
 * Folds canonical events into one Responses object: the non-streaming answer, built by the very
 * renderer that streams, so the two cannot disagree. A failed answer is an error, as a non-streaming
 * client expects (an HTTP error status with an OpenAI error body), never a 200 with `status: failed`.
 */
import { AirlockError } from "../../canonical/error.ts";
import type { CanonicalEvent } from "../../canonical/events.ts";
import { createResponsesStreamRenderer, type ResponsesStreamOptions } from "./render-stream.ts";
import type { ResponseObject, ResponsesStreamEvent } from "./wire.ts";

export async function collectResponse(
  events: AsyncIterable<CanonicalEvent>,
  options: ResponsesStreamOptions = {},
): Promise<ResponseObject> {
  const renderer = createResponsesStreamRenderer(options);
  let last: ResponsesStreamEvent | undefined;
  for await (const event of events) last = renderer.render(event).at(-1) ?? last;
  last = renderer.end().at(-1) ?? last;
  if (last?.type === "error") throw new AirlockError("backend_error", last.message);
  if (last === undefined || !("response" in last)) {
    throw new AirlockError("backend_error", "the backend sent no answer");
  }
  const response = last.response;
  if (response.status === "failed") {
    throw new AirlockError("backend_error", response.error?.message ?? "the backend's answer failed");
  }
  return response;
}
