/**
 * Narrows a Responses API request body just enough to route it: the model, whether it streams, and
 * that it is a Responses request at all. As on the chat endpoint, the body is checked in place and
 * kept whole: a pass-through backend gets every field, reasoning items' `encrypted_content` included,
 * byte for byte; the translated path parses it fully (decode-request.ts).
 */
import { narrowRoutable, notA, type RoutableBody } from "../routable-body.ts";

export type ResponsesRequest = RoutableBody;

const what = "a Responses API request";

export function parseResponsesRequest(body: unknown): ResponsesRequest {
  const request = narrowRoutable(body, what);
  const { input } = request.payload;
  if (typeof input !== "string" && !Array.isArray(input)) {
    throw notA(what, "input", "expected a string or an array of input items");
  }
  return request;
}
