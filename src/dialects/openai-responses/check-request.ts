/**
 * Hand-written checks for the common shapes of a Responses request — its top level, function tools,
 * and input items that are plain text — at a fraction of zod's cost: an agent sends its whole history
 * and every tool on every turn, and each was narrowed by zod, item by item. A check passes a value
 * only where its zod schema in request-schema.ts accepts that value as it is, so the value is what the
 * schema would give decoding; anything else goes to zod, which refuses it and names the field, as
 * before.
 *
 * zod copies what it narrows, and a copy differs from the original in one way: a record's own
 * `__proto__` key (JSON.parse makes one) is not copied. Where decoding passes a record on (metadata,
 * tool parameters), a record holding that key goes to zod.
 */
import type { z } from "zod";
import {
  isAbsent,
  isCopyable,
  isNullishArray,
  isNullishBoolean,
  isNullishNumber,
  isNullishString,
  isOptionalString,
  isRecord,
  isStringRecord,
} from "../check-fields.ts";
import { narrowRequest } from "../openai-chat/narrow.ts";
import type {
  assistantMessage,
  functionCall,
  functionCallOutput,
  inputItem,
  instructionMessage,
  responsesRequest,
  tool,
  userMessage,
} from "./request-schema.ts";

/** `raw` itself when `isCommon` says zod would take it unchanged; otherwise zod's narrowing of it. */
export function narrowCommon<T>(
  isCommon: (raw: unknown) => raw is T,
  schema: z.ZodType<T>,
  raw: unknown,
  where: { readonly what: string; readonly at?: string },
): T {
  return isCommon(raw) ? raw : narrowRequest(schema, raw, where.what, where.at);
}

export function isCommonRequest(raw: unknown): raw is z.output<typeof responsesRequest> {
  if (!isRecord(raw)) return false;
  const { input, instructions, max_output_tokens: max, reasoning } = raw;
  return (
    isOptionalString(raw.model) &&
    (typeof input === "string" || Array.isArray(input)) &&
    (typeof instructions === "string" || isNullishArray(instructions)) &&
    isNullishArray(raw.tools) &&
    isNullishBoolean(raw.parallel_tool_calls) &&
    isNullishNumber(raw.temperature) &&
    isNullishNumber(raw.top_p) &&
    (isAbsent(max) || (Number.isSafeInteger(max) && Number(max) >= 0)) &&
    (isAbsent(raw.text) || isRecord(raw.text)) &&
    (isAbsent(reasoning) ||
      (isRecord(reasoning) && isNullishString(reasoning.effort) && isNullishString(reasoning.summary))) &&
    isNullishString(raw.user) &&
    (isAbsent(raw.metadata) || isStringRecord(raw.metadata)) &&
    isNullishString(raw.previous_response_id) &&
    isNullishBoolean(raw.background) &&
    isNullishBoolean(raw.stream)
  );
}

export function isCommonTool(raw: unknown): raw is z.output<typeof tool> {
  return (
    isRecord(raw) &&
    typeof raw.type === "string" &&
    isOptionalString(raw.name) &&
    isNullishString(raw.description) &&
    (isAbsent(raw.parameters) || isCopyable(raw.parameters)) &&
    isNullishBoolean(raw.strict)
  );
}

export function isCommonItem(raw: unknown): raw is z.output<typeof inputItem> {
  return isRecord(raw) && isOptionalString(raw.type) && isOptionalString(raw.role);
}

/** An `input_text` part. */
function isInputText(part: unknown): boolean {
  return isRecord(part) && part.type === "input_text" && typeof part.text === "string";
}

/** What an assistant message's parts may be: output or input text, or a refusal. */
function isAssistantText(part: unknown): boolean {
  if (!isRecord(part)) return false;
  if (part.type === "refusal") return typeof part.refusal === "string";
  return (part.type === "output_text" || part.type === "input_text") && typeof part.text === "string";
}

/** A string, or parts that all pass `isPart`. */
function isTextContent(content: unknown, isPart: (part: unknown) => boolean): boolean {
  return typeof content === "string" || (Array.isArray(content) && content.every(isPart));
}

export function isCommonUserMessage(raw: unknown): raw is z.output<typeof userMessage> {
  return isRecord(raw) && raw.role === "user" && isTextContent(raw.content, isInputText);
}

export function isCommonAssistantMessage(raw: unknown): raw is z.output<typeof assistantMessage> {
  return isRecord(raw) && raw.role === "assistant" && isTextContent(raw.content, isAssistantText);
}

export function isCommonInstructionMessage(raw: unknown): raw is z.output<typeof instructionMessage> {
  return (
    isRecord(raw) &&
    (raw.role === "system" || raw.role === "developer") &&
    isTextContent(raw.content, isInputText)
  );
}

export function isCommonFunctionCall(raw: unknown): raw is z.output<typeof functionCall> {
  return (
    isRecord(raw) &&
    raw.type === "function_call" &&
    typeof raw.call_id === "string" &&
    typeof raw.name === "string" &&
    typeof raw.arguments === "string"
  );
}

export function isCommonFunctionCallOutput(raw: unknown): raw is z.output<typeof functionCallOutput> {
  return (
    isRecord(raw) &&
    raw.type === "function_call_output" &&
    typeof raw.call_id === "string" &&
    isTextContent(raw.output, isInputText)
  );
}
