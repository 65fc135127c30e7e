/**
 * Errors in Google's form, on the Vertex AI pass-through surface: `{"error": {"code", "message",
 * "status"}}`, the body Google APIs answer errors with (https://cloud.google.com/apis/design/errors).
 * `status` is the canonical code name that goes with the HTTP status.
 */
import type { AirlockError } from "../../canonical/error.ts";

export type GoogleErrorBody = {
  readonly error: { readonly code: number; readonly message: string; readonly status: string };
};

const statusOf: Readonly<Record<number, string>> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  409: "ABORTED",
  429: "RESOURCE_EXHAUSTED",
  499: "CANCELLED",
  500: "INTERNAL",
  501: "UNIMPLEMENTED",
  502: "UNAVAILABLE",
  503: "UNAVAILABLE",
  504: "DEADLINE_EXCEEDED",
};

export function googleErrorStatus(code: number): string {
  return statusOf[code] ?? (code >= 400 && code < 500 ? "FAILED_PRECONDITION" : "UNKNOWN");
}

export function googleErrorBody(error: AirlockError): GoogleErrorBody {
  return { error: { code: error.status, message: error.message, status: googleErrorStatus(error.status) } };
}

/** A failure after a Gemini stream began: Google sends the same error object as an SSE `data` line. */
export function googleErrorEvent(error: AirlockError): string {
  return `data: ${JSON.stringify(googleErrorBody(error))}\n\n`;
}
