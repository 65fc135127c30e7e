/**
 * Hand-written checks for the common shapes of a Chat Completions request — its top level, and
 * messages whose content is text — at a fraction of zod's cost: an agent (Goose, OpenCode) sends its
 * whole history on every turn, and zod narrowed it message by message before each was translated. A
 * check passes a value only where its zod schema in request-schema.ts accepts that value as it is, so
 * the value is what the schema would give decoding; anything else goes to zod, which refuses it and
 * names the field, as before.
 */
import type { z } from "zod";
import {
  isAbsent,
  isNullishArray,
  isNullishBoolean,
  isNullishCount,
  isNullishNumber,
  isNullishString,
  isOptionalString,
  isRecord,
  isStringArray,
  isStringRecord,
} from "../check-fields.ts";
import type { chatRequest, message } from "./request-schema.ts";

export function isCommonChatRequest(raw: unknown): raw is z.output<typeof chatRequest> {
  if (!isRecord(raw)) return false;
  const { messages, stop, stream_options: options } = raw;
  return (
    isOptionalString(raw.model) &&
    Array.isArray(messages) &&
    messages.length > 0 &&
    messages.every((one) => isRecord(one) && typeof one.role === "string") &&
    isNullishArray(raw.tools) &&
    isNullishBoolean(raw.parallel_tool_calls) &&
    isNullishNumber(raw.temperature) &&
    isNullishNumber(raw.top_p) &&
    isNullishCount(raw.max_tokens) &&
    isNullishCount(raw.max_completion_tokens) &&
    (isAbsent(stop) || typeof stop === "string" || isStringArray(stop)) &&
    isNullishString(raw.reasoning_effort) &&
    isNullishString(raw.user) &&
    (isAbsent(raw.metadata) || isStringRecord(raw.metadata)) &&
    isNullishBoolean(raw.stream) &&
    (isAbsent(options) || (isRecord(options) && isNullishBoolean(options.include_usage))) &&
    (isAbsent(raw.n) || Number.isSafeInteger(raw.n)) &&
    (isAbsent(raw.modalities) || isStringArray(raw.modalities))
  );
}

/** A `text` part. */
function isTextPart(part: unknown): boolean {
  return isRecord(part) && part.type === "text" && typeof part.text === "string";
}

/** A string, or parts that are all text. */
function isTextContent(content: unknown): boolean {
  return typeof content === "string" || (Array.isArray(content) && content.every(isTextPart));
}

/** What an assistant message's parts may be: text, or a refusal. */
function isAssistantPart(part: unknown): boolean {
  return isTextPart(part) || (isRecord(part) && part.type === "refusal" && typeof part.refusal === "string");
}

function isToolCall(call: unknown): boolean {
  return (
    isRecord(call) &&
    typeof call.id === "string" &&
    call.type === "function" &&
    isRecord(call.function) &&
    typeof call.function.name === "string" &&
    typeof call.function.arguments === "string"
  );
}

/** A message of text, of tool calls, or a tool's text result; images, audio and files go to zod. */
export function isCommonChatMessage(raw: unknown): raw is z.output<typeof message> {
  if (!isRecord(raw)) return false;
  switch (raw.role) {
    case "system":
    case "developer":
    case "user":
      return isTextContent(raw.content);
    case "assistant":
      return (
        (isAbsent(raw.content) ||
          typeof raw.content === "string" ||
          (Array.isArray(raw.content) && raw.content.every(isAssistantPart))) &&
        isNullishString(raw.refusal) &&
        (isAbsent(raw.tool_calls) || (Array.isArray(raw.tool_calls) && raw.tool_calls.every(isToolCall)))
      );
    case "tool":
      return typeof raw.tool_call_id === "string" && isTextContent(raw.content);
    default:
      return false;
  }
}
