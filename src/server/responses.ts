/**
 * POST /v1/responses: the OpenAI Responses API (Codex CLI). Passed through to backends that take it
 * (`responses`, `openai`), translated to Chat Completions for the others (`openai-compatible`, `mock`).
 */
import { parseResponsesRequest } from "../dialects/openai-responses/parse-request.ts";
import { nextSequenceNumber, responsesErrorEvent } from "../dialects/openai-responses/render-error.ts";
import { modelEndpoint } from "./model-endpoint.ts";

export const responses = modelEndpoint({
  path: "/v1/responses",
  dialect: "openai-responses",
  operation: "responses",
  parse: parseResponsesRequest,
  // A translated stream renders its own failures with the right sequence number; this is for a
  // passed-through stream that breaks: its numbering goes on from the last event the client got.
  errorEvent: (error, lastEvents) => responsesErrorEvent(error, nextSequenceNumber(lastEvents)),
});
