/**
 * The chunks around a stream's text — the first (`role`, empty content) and the last (a finish
 * reason, maybe usage) — checked by hand: zod cost as much per chunk as the rest of the chunk's
 * translation, and every stream has both. The check accepts a chunk only when the schema in
 * decode-stream.ts would accept it as it is, so it is that schema's output; anything else (tool calls,
 * errors, an odd type) gets zod and its error messages, as before.
 */
import type { ChatChunk } from "./decode-stream.ts";
import { isAbsent, isObject } from "./plain-text-delta.ts";

/** zod's objects are not arrays, and its numbers are finite. */
function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return isObject(value) && !Array.isArray(value);
}

function isCount(value: unknown): boolean {
  return isAbsent(value) || Number.isFinite(value);
}

function isText(value: unknown): boolean {
  return isAbsent(value) || typeof value === "string";
}

/** Usage with counts, and details (if any) with counts. */
function isUsage(value: unknown): boolean {
  if (isAbsent(value)) return true;
  if (!isRecord(value) || !isCount(value.prompt_tokens) || !isCount(value.completion_tokens)) return false;
  const prompt = value.prompt_tokens_details;
  const completion = value.completion_tokens_details;
  return (
    (isAbsent(prompt) || (isRecord(prompt) && isCount(prompt.cached_tokens))) &&
    (isAbsent(completion) || (isRecord(completion) && isCount(completion.reasoning_tokens)))
  );
}

/** A choice with a text-only delta (no tool calls) and a finish reason or none. */
function isChoice(value: unknown): boolean {
  if (!isRecord(value) || !isText(value.finish_reason)) return false;
  if (!isAbsent(value.index) && !Number.isSafeInteger(value.index)) return false;
  const delta = value.delta;
  if (isAbsent(delta)) return true;
  return (
    isRecord(delta) &&
    isAbsent(delta.tool_calls) &&
    isText(delta.content) &&
    isText(delta.refusal) &&
    isText(delta.reasoning_content) &&
    isText(delta.reasoning)
  );
}

/** Whether the chunk is a common one the schema takes unchanged; false sends it to the schema. */
export function isCommonChunk(raw: unknown): raw is ChatChunk {
  if (!isRecord(raw) || !isAbsent(raw.error)) return false;
  if (!isText(raw.id) || !isCount(raw.created) || !isText(raw.model)) return false;
  if (!isText(raw.object) || !isText(raw.message) || !isUsage(raw.usage)) return false;
  const choices = raw.choices;
  return isAbsent(choices) || (Array.isArray(choices) && choices.every(isChoice));
}
