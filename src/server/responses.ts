/**
 * POST /v1/responses: the OpenAI Responses API (Codex CLI). Passed through to backends that take it
 * (`responses`, `openai`), translated to Chat Completions for the others (`openai-compatible`, `mock`).
 */
import { parseResponsesRequest } from "../dialects/openai-responses/parse-request.ts";
import { responsesErrorEvent } from "../dialects/openai-responses/render-error.ts";
import { modelEndpoint } from "./model-endpoint.ts";

export const responses = modelEndpoint({
  path: "/v1/responses",
  dialect: "openai-responses",
  operation: "responses",
  parse: parseResponsesRequest,
  // A translated stream renders its own failures with the right sequence number; this is for a
  // passed-through stream that breaks, whose numbering airlock does not follow.
  errorEvent: (error) => responsesErrorEvent(error, 0),
});
