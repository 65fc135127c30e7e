/**
 * Narrows a Chat Completions request body just enough to route it: the model, whether it streams, and
 * that it is a chat request at all. Objects are loose so unknown fields survive pass-through.
 */
import { z } from "zod";
import { AirlockError } from "../../canonical/error.ts";

const message = z.looseObject({
  role: z.enum(["system", "developer", "user", "assistant", "tool", "function"]),
});

const chatRequest = z.looseObject({
  model: z.string().optional(),
  messages: z.array(message).min(1),
  stream: z.boolean().nullish(),
});

export type ChatRequest = {
  readonly model: string;
  readonly stream: boolean;
  /** The whole body, every field kept. */
  readonly payload: Record<string, unknown>;
};

export function parseChatRequest(body: unknown): ChatRequest {
  const result = chatRequest.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0];
    const param = issue === undefined ? undefined : formatParam(issue.path);
    const what =
      issue?.code === "invalid_value" ? `expected one of ${issue.values.join(", ")}` : issue?.message;
    throw new AirlockError(
      "invalid_request",
      `not a chat completion request: ${param === undefined || param === "" ? "" : `${param}: `}${what ?? "invalid body"}`,
      param === undefined || param === "" ? {} : { param },
    );
  }
  return { model: result.data.model ?? "", stream: result.data.stream === true, payload: result.data };
}

/** `["messages", 1, "role"]` -> `messages[1].role`, the way OpenAI names fields in `param`. */
function formatParam(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path)
    out += typeof part === "number" ? `[${part}]` : `${out === "" ? "" : "."}${String(part)}`;
  return out;
}
