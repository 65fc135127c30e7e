/**
 * POST /v1/messages and /v1/messages/count_tokens: Anthropic Messages (Claude Code, which adds
 * `?beta=true`; the query plays no part in matching). Passed through to backends that take Messages
 * (`anthropic`, Vertex Claude), translated for the others. A token count goes to a backend that can
 * count; for any other it is estimated by airlock (route/estimate-tokens.ts), never a 404. Every
 * error on these paths is Anthropic's error object, or its `event: error` once a stream has begun.
 */
import { parseMessagesRequest } from "../dialects/anthropic-messages/parse-request.ts";
import { anthropicErrorBody, anthropicErrorEvent } from "../dialects/anthropic-messages/render-error.ts";
import { modelEndpoint } from "./model-endpoint.ts";

const anthropicSide = {
  dialect: "anthropic-messages",
  parse: parseMessagesRequest,
  errorEvent: anthropicErrorEvent,
  errorBody: anthropicErrorBody,
} as const;

export const messages = modelEndpoint({ ...anthropicSide, path: "/v1/messages", operation: "messages" });

export const countTokens = modelEndpoint({
  ...anthropicSide,
  path: "/v1/messages/count_tokens",
  operation: "count-tokens",
});
