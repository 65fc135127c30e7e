/**
 * Turns a failure talking to a backend into the error the client sees: 502 when the backend cannot be
 * reached or broke the connection, 504 when it was too slow. undici errors carry a stable `code`; we
 * switch on it, never on message text. Messages name the backend, never its URL or credentials.
 */
import { AirlockError } from "../canonical/error.ts";
import type { Timeouts } from "../config/types.ts";

const unreachable = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ECONNRESET",
  "EPIPE",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
]);

export function mapUpstreamError(error: unknown, backend: string, timeouts: Timeouts): AirlockError {
  if (error instanceof AirlockError) return error;
  const code = codeOf(error);
  const seconds = (ms: number) => `${ms / 1000}s`;
  if (code === "TimeoutError") {
    return timeout(`backend "${backend}" did not finish within ${seconds(timeouts.requestMs)}`, error);
  }
  if (code === "UND_ERR_CONNECT_TIMEOUT") {
    return timeout(
      `backend "${backend}" did not accept a connection within ${seconds(timeouts.connectMs)}`,
      error,
    );
  }
  if (code === "UND_ERR_HEADERS_TIMEOUT") {
    return timeout(`backend "${backend}" did not answer within ${seconds(timeouts.firstByteMs)}`, error);
  }
  if (code === "UND_ERR_BODY_TIMEOUT") {
    return timeout(`backend "${backend}" sent nothing for ${seconds(timeouts.idleMs)}`, error);
  }
  if (code !== undefined && (unreachable.has(code) || code.startsWith("ERR_TLS") || code.includes("CERT"))) {
    return new AirlockError("backend_unreachable", `backend "${backend}" is unreachable (${code})`, {
      cause: error,
      detail: detailOf(error),
    });
  }
  return new AirlockError("backend_unreachable", `request to backend "${backend}" failed`, {
    cause: error,
    detail: detailOf(error),
  });
}

function timeout(message: string, cause: unknown): AirlockError {
  return new AirlockError("backend_timeout", message, { cause, detail: detailOf(cause) });
}

/** A DOMException's `name` (TimeoutError, AbortError) or a Node/undici error's `code`. */
function codeOf(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  if (error.name === "TimeoutError" || error.name === "AbortError") return error.name;
  if ("code" in error && typeof error.code === "string") return error.code;
  return error.cause === undefined ? undefined : codeOf(error.cause);
}

function detailOf(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
