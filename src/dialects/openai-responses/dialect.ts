/**
 * The Responses API on the translated path: the client's dialect (Codex against a chat backend) or
 * the backend's (any chat client against Lightspeed). Stream events are named and numbered; a failure
 * after `response.created` is `response.failed`, before it an `error` event, both from the renderer
 * so the numbering stays whole.
 */
import type { Dialect, StreamWriter } from "../../canonical/dialect.ts";
import type { CanonicalRequest } from "../../canonical/request.ts";
import { collectResponse } from "./collect.ts";
import { decodeResponsesRequest } from "./decode-request.ts";
import { decodeResponse } from "./decode-response.ts";
import { createResponsesStreamDecoder } from "./decode-stream.ts";
import { echoOf } from "./echo.ts";
import { encodeResponsesRequest } from "./encode-request.ts";
import { createResponsesStream } from "./render-stream.ts";
import { createEventWriter } from "./write-events.ts";

export const openaiResponses = {
  operation: "responses",
  decodeRequest: decodeResponsesRequest,
  encodeRequest: (request) => encodeResponsesRequest(request),
  createStreamDecoder: createResponsesStreamDecoder,
  decodeResponse,
  createStreamWriter: createResponsesStreamWriter,
  collect: (events, request) => collectResponse(events, { echo: echoOf(request) }),
} satisfies Dialect;

function createResponsesStreamWriter(request: CanonicalRequest): StreamWriter {
  const events = createEventWriter(echoOf(request));
  const stream = createResponsesStream(events);
  return {
    render(event) {
      stream.render(event);
      return events.take();
    },
    renderTextBody(bytes, start, end) {
      const state = stream.continueText(bytes, start, end);
      return state === undefined ? undefined : events.textBody(state, bytes, start, end);
    },
    end() {
      stream.end();
      return events.take();
    },
    fail(error) {
      stream.render({ type: "error", message: error.message });
      return events.take();
    },
  };
}
