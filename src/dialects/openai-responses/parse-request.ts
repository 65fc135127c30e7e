/**
 * Narrows a Responses API request body just enough to route it: the model, whether it streams, and
 * that it is a Responses request at all. As on the chat endpoint, the body is checked in place and
 * kept whole: a pass-through backend gets every field, reasoning items' `encrypted_content` included,
 * byte for byte; the translated path parses it fully (decode-request.ts).
 */
import { AirlockError } from "../../canonical/error.ts";

export type ResponsesRequest = {
  readonly model: string;
  readonly stream: boolean;
  /** The whole body, every field kept. */
  readonly payload: Record<string, unknown>;
};

export function parseResponsesRequest(body: unknown): ResponsesRequest {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw invalid("", "expected a JSON object");
  }
  const { model, input, stream } = body as Record<string, unknown>;
  if (model !== undefined && typeof model !== "string") throw invalid("model", "expected a string");
  if (typeof input !== "string" && !Array.isArray(input)) {
    throw invalid("input", "expected a string or an array of input items");
  }
  if (stream !== undefined && stream !== null && typeof stream !== "boolean") {
    throw invalid("stream", "expected a boolean");
  }
  return { model: model ?? "", stream: stream === true, payload: body as Record<string, unknown> };
}

function invalid(param: string, what: string): AirlockError {
  return new AirlockError(
    "invalid_request",
    `not a Responses API request: ${param === "" ? "" : `${param}: `}${what}`,
    param === "" ? {} : { param },
  );
}
