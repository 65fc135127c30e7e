/**
 * The one error type airlock throws. It is thrown at the edge where something went wrong, caught once
 * in server/, and rendered in the caller's dialect. `message` is shown to the client, so it never
 * carries a secret or an upstream's credential-related detail; `detail` goes to the log only.
 */
export type ErrorKind =
  | "invalid_request"
  | "unauthorized"
  | "not_found"
  | "method_not_allowed"
  | "payload_too_large"
  | "unsupported"
  | "backend_unreachable"
  | "backend_timeout"
  | "backend_auth"
  | "backend_error"
  | "unavailable"
  | "config"
  | "internal";

const statusOf: Record<ErrorKind, number> = {
  invalid_request: 400,
  unauthorized: 401,
  not_found: 404,
  method_not_allowed: 405,
  payload_too_large: 413,
  unsupported: 400,
  backend_unreachable: 502,
  backend_timeout: 504,
  backend_auth: 502,
  backend_error: 502,
  unavailable: 503,
  config: 500,
  internal: 500,
};

export type AirlockErrorOptions = {
  /** What the log gets beyond the message (never shown to the client). */
  detail?: string;
  /** The JSON field the error concerns, e.g. `messages[2].role`. */
  param?: string;
  /** A stable machine-readable code where the dialect has one, e.g. `model_not_found`. */
  code?: string;
  /** Overrides the kind's status: an upstream's own error status is relayed as it was. */
  status?: number;
  /**
   * Response headers that go back with the error: an upstream's `retry-after` and rate-limit
   * headers, already narrowed to the backend's allowlist, without which an agent retries blind.
   */
  headers?: Readonly<Record<string, string>>;
  cause?: unknown;
};

export class AirlockError extends Error {
  readonly kind: ErrorKind;
  readonly status: number;
  readonly detail: string | undefined;
  readonly param: string | undefined;
  readonly code: string | undefined;
  readonly headers: Readonly<Record<string, string>>;

  constructor(kind: ErrorKind, message: string, options: AirlockErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AirlockError";
    this.kind = kind;
    this.status = options.status ?? statusOf[kind];
    this.detail = options.detail;
    this.param = options.param;
    this.code = options.code;
    this.headers = options.headers ?? {};
  }
}

/** Anything thrown becomes an AirlockError; unknown failures are internal and say nothing more. */
export function toAirlockError(error: unknown): AirlockError {
  if (error instanceof AirlockError) return error;
  return new AirlockError("internal", "internal error in airlock", { cause: error });
}
