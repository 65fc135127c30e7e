/** Errors in OpenAI's form, as a JSON body and as the SSE event the official SDKs raise on. */
import type { AirlockError, ErrorKind } from "../../canonical/error.ts";
import type { OpenAIErrorBody } from "./wire.ts";

const typeOf: Record<ErrorKind, string> = {
  invalid_request: "invalid_request_error",
  unauthorized: "invalid_request_error",
  not_found: "invalid_request_error",
  method_not_allowed: "invalid_request_error",
  payload_too_large: "invalid_request_error",
  unsupported: "invalid_request_error",
  backend_unreachable: "server_error",
  backend_timeout: "server_error",
  backend_auth: "server_error",
  backend_error: "server_error",
  unavailable: "server_error",
  config: "server_error",
  internal: "server_error",
};

const codeOf: Partial<Record<ErrorKind, string>> = {
  unauthorized: "invalid_api_key",
  backend_timeout: "timeout",
};

export function openAIErrorBody(error: AirlockError): OpenAIErrorBody {
  return {
    error: {
      message: error.message,
      type: typeOf[error.kind],
      param: error.param ?? null,
      code: error.code ?? codeOf[error.kind] ?? error.kind,
    },
  };
}

/** The OpenAI SDKs throw on a data event carrying `error`; a bare data line keeps every client happy. */
export function openAIErrorEvent(error: AirlockError): string {
  return `data: ${JSON.stringify(openAIErrorBody(error))}\n\n`;
}
