/**
 * Narrowing wire JSON with zod, and the errors both OpenAI dialects raise when it does not fit: a
 * client's body is a 400 naming the field as OpenAI does (`messages[2].content[0].type`), an
 * upstream's malformed answer is a backend error whose detail (log only) says what was wrong.
 */
import type { z } from "zod";
import { AirlockError } from "../../canonical/error.ts";

/** OpenAI's `param` form: `messages[2].content`. */
export function paramOf(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** A client's field that airlock cannot translate: a 400 that says which field and why. */
export function refuse(param: string, why: string): AirlockError {
  return new AirlockError("unsupported", `${param}: ${why}`, { param });
}

/** Parses a client's JSON, or throws a 400 naming the first field that does not fit. */
export function narrowRequest<T>(schema: z.ZodType<T>, value: unknown, what: string, at: string = ""): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const local = issue === undefined ? "" : paramOf(issue.path);
  const param = joinParam(at, local);
  const reason =
    issue?.code === "invalid_value" ? `expected one of ${issue.values.join(", ")}` : issue?.message;
  throw new AirlockError(
    "invalid_request",
    `not a valid ${what}: ${param === "" ? "" : `${param}: `}${reason ?? "invalid body"}`,
    param === "" ? {} : { param },
  );
}

/** Parses an upstream's JSON, or throws a backend error; the client sees only that it was malformed. */
export function narrowUpstream<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new AirlockError("backend_error", `the backend sent a malformed ${what}`, {
    detail: `${issue === undefined ? "" : `${paramOf(issue.path)}: ${issue.message}`}`,
  });
}

export function joinParam(at: string, local: string): string {
  if (at === "") return local;
  if (local === "") return at;
  return local.startsWith("[") ? `${at}${local}` : `${at}.${local}`;
}
