/**
 * Narrows a Chat Completions request body just enough to route it: the model, whether it streams, and
 * that it is a chat request at all. The body itself is kept as it came (unknown fields survive
 * pass-through), so this checks in place instead of parsing into a copy: it runs on every request, and
 * agents send long histories.
 */
import { AirlockError } from "../../canonical/error.ts";

const roles = ["system", "developer", "user", "assistant", "tool", "function"];

export type ChatRequest = {
  readonly model: string;
  readonly stream: boolean;
  /** The whole body, every field kept. */
  readonly payload: Record<string, unknown>;
};

export function parseChatRequest(body: unknown): ChatRequest {
  if (!isObject(body)) throw invalid("", "expected a JSON object");
  const { model, messages, stream } = body;
  if (model !== undefined && typeof model !== "string") throw invalid("model", "expected a string");
  if (!Array.isArray(messages) || messages.length === 0) {
    throw invalid("messages", "expected a non-empty array of messages");
  }
  for (const [index, message] of messages.entries()) {
    if (!isObject(message)) throw invalid(`messages[${index}]`, "expected an object");
    if (typeof message.role !== "string" || !roles.includes(message.role)) {
      throw invalid(`messages[${index}].role`, `expected one of ${roles.join(", ")}`);
    }
  }
  if (stream !== undefined && stream !== null && typeof stream !== "boolean") {
    throw invalid("stream", "expected a boolean");
  }
  return { model: model ?? "", stream: stream === true, payload: body };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function invalid(param: string, what: string): AirlockError {
  return new AirlockError(
    "invalid_request",
    `not a chat completion request: ${param === "" ? "" : `${param}: `}${what}`,
    param === "" ? {} : { param },
  );
}
