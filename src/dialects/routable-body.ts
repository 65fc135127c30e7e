/**
 * What every model endpoint narrows a request body to before routing it, in any dialect: a JSON
 * object, its model (missing means the configured default), whether it streams. The body is checked
 * in place and kept whole, not parsed into a copy: it runs on every request, agents send long
 * histories, and a backend that takes the dialect as it is gets every field, unknown ones included.
 */
import { AirlockError } from "../canonical/error.ts";

export type RoutableBody = {
  readonly model: string;
  readonly stream: boolean;
  /** The whole body, every field kept. */
  readonly payload: Record<string, unknown>;
};

/** `what` names the request in messages: "a Responses API request". */
export function narrowRoutable(body: unknown, what: string): RoutableBody {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw notA(what, "", "expected a JSON object");
  }
  const { model, stream } = body as Record<string, unknown>;
  if (model !== undefined && typeof model !== "string") throw notA(what, "model", "expected a string");
  if (stream !== undefined && stream !== null && typeof stream !== "boolean") {
    throw notA(what, "stream", "expected a boolean");
  }
  return { model: model ?? "", stream: stream === true, payload: body as Record<string, unknown> };
}

/** A 400 naming the field (`param`, or none for the body itself) and what was wrong with it. */
export function notA(what: string, param: string, problem: string): AirlockError {
  return new AirlockError(
    "invalid_request",
    `not ${what}: ${param === "" ? "" : `${param}: `}${problem}`,
    param === "" ? {} : { param },
  );
}
