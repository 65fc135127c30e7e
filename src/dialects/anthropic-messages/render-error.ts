/**
 * Errors in Anthropic's form, on `/v1/messages` and `/v1/messages/count_tokens`: the JSON body
 * `{"type": "error", "error": {"type": …, "message": …}}`, and the same as an `event: error` SSE event
 * after a stream has begun, which the SDK raises as an APIError. The type follows the HTTP status, as
 * Anthropic documents them (https://docs.claude.com/en/api/errors); the status itself is the
 * AirlockError's.
 */
import type { AirlockError } from "../../canonical/error.ts";
import { formatAnthropicEvent } from "./format-sse.ts";
import type { AnthropicErrorBody, AnthropicErrorType } from "./wire.ts";

const typeOfStatus: Readonly<Record<number, AnthropicErrorType>> = {
  400: "invalid_request_error",
  401: "authentication_error",
  402: "billing_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  500: "api_error",
  504: "timeout_error",
  529: "overloaded_error",
};

/** Undocumented statuses take their class's type: other 4xx are invalid requests, 503 is overload. */
export function anthropicErrorType(status: number): AnthropicErrorType {
  const known = typeOfStatus[status];
  if (known !== undefined) return known;
  if (status === 503) return "overloaded_error";
  return status >= 400 && status < 500 ? "invalid_request_error" : "api_error";
}

export function anthropicErrorBody(error: AirlockError): AnthropicErrorBody {
  return { type: "error", error: { type: anthropicErrorType(error.status), message: error.message } };
}

export function anthropicErrorEvent(error: AirlockError): string {
  return formatAnthropicEvent(anthropicErrorBody(error));
}
