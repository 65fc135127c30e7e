/**
 * JSON text of a request body built from what a client sent. JSON.parse reads nesting of any depth,
 * but JSON.stringify recurses and runs out of stack a few thousand levels down: a body nested that
 * deeply is the client's to fix (a 400), not an internal error.
 */
import { AirlockError } from "./error.ts";

export function stringifyRequest(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new AirlockError("invalid_request", "request body is nested too deeply", { cause: error });
  }
}
