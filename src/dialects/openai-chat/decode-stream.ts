/**
 * Parsed `chat.completion.chunk` objects (from a chat backend's SSE `data:` lines, `[DONE]` excluded)
 * -> canonical events. Stateful: a tool call starts on the first delta of its index and ends, with all
 * others still open, when the finish reason arrives; usage follows wherever the backend put it. A
 * stream that stops before a finish reason, or an error object mid-stream, ends in an error
 * event: a truncated answer never looks like a whole one.
 *
 * Only choice 0 is read: translation refuses `n > 1` on the way in.
 */
import { z } from "zod";
import type { TextEventShape } from "../../canonical/dialect.ts";
import type { CanonicalEvent } from "../../canonical/events.ts";
import { createTextEventTemplate } from "../text-event-template.ts";
import { decodeChatFinishReason, decodeChatUsage } from "./decode-usage.ts";
import { narrowUpstream } from "./narrow.ts";
import { isCommonChunk } from "./narrow-chunk.ts";
import { plainTextDelta } from "./plain-text-delta.ts";

const count = z.number().nullish();

export const chatUsageSchema = z.looseObject({
  prompt_tokens: count,
  completion_tokens: count,
  prompt_tokens_details: z.looseObject({ cached_tokens: count }).nullish(),
  completion_tokens_details: z.looseObject({ reasoning_tokens: count }).nullish(),
});

const toolCallDelta = z.looseObject({
  index: z.int().nonnegative().nullish(),
  id: z.string().nullish(),
  function: z.looseObject({ name: z.string().nullish(), arguments: z.string().nullish() }).nullish(),
});

export const chatChunkSchema = z.looseObject({
  id: z.string().nullish(),
  created: z.number().nullish(),
  model: z.string().nullish(),
  choices: z
    .array(
      z.looseObject({
        index: z.int().nullish(),
        delta: z
          .looseObject({
            content: z.string().nullish(),
            refusal: z.string().nullish(),
            reasoning_content: z.string().nullish(),
            reasoning: z.string().nullish(),
            tool_calls: z.array(toolCallDelta).nullish(),
          })
          .nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .nullish(),
  usage: chatUsageSchema.nullish(),
  error: z.looseObject({ message: z.string().nullish() }).nullish(),
  // Older vLLM streams an error as a bare `{"object": "error", "message": …}`.
  object: z.string().nullish(),
  message: z.string().nullish(),
});

/** A chunk as decoding reads it: the schema's output, or a chunk isCommonChunk found to be one. */
export type ChatChunk = z.output<typeof chatChunkSchema>;

export type ChatStreamDecoder = {
  /** The events one parsed chunk carries (often none). */
  push(chunk: unknown): CanonicalEvent[];
  /**
   * The events of one chunk's raw text when it is a plain text chunk shaped like those before it
   * (text-event-template.ts), read without parsing it; otherwise undefined, and the caller parses the
   * text and hands it to push(), which learns the shape from it.
   */
  pushText(data: string): CanonicalEvent[] | undefined;
  /** See StreamDecoder.textEventShape: `data: ` + the learnt template + a blank line. */
  textEventShape(): TextEventShape | undefined;
  /** Call when the upstream stream ends: an error event if the answer never finished. */
  end(): CanonicalEvent[];
};

export function createChatStreamDecoder(): ChatStreamDecoder {
  let started = false;
  let finished = false;
  let over = false;
  let chunkId = "";
  const open = new Set<number>();
  const template = createTextEventTemplate(plainTextDelta);

  function pushText(data: string): CanonicalEvent[] | undefined {
    if (over || !started || finished) return undefined;
    const text = template.match(data);
    if (text === undefined) return undefined;
    return text === "" ? [] : [{ type: "text-delta", text }];
  }

  function push(raw: unknown): CanonicalEvent[] {
    const text = over || !started || finished ? undefined : plainTextDelta(raw);
    template.parsed(text);
    if (over) return [];
    if (text !== undefined) return text === "" ? [] : [{ type: "text-delta", text }];
    const chunk = isCommonChunk(raw) ? raw : narrowUpstream(chatChunkSchema, raw, "chat completion chunk");
    const out: CanonicalEvent[] = [];
    if (chunk.error != null || chunk.object === "error") {
      over = true;
      return [
        { type: "error", message: chunk.error?.message ?? chunk.message ?? "the backend reported an error" },
      ];
    }
    if (!started) {
      started = true;
      chunkId = chunk.id ?? "";
      out.push({ type: "start", id: chunkId, model: chunk.model ?? "", created: chunk.created ?? 0 });
    }
    const choice = chunk.choices?.find((c) => (c.index ?? 0) === 0);
    const delta = choice?.delta;
    if (delta != null && !finished) {
      const reasoning = delta.reasoning_content ?? delta.reasoning;
      if (reasoning != null && reasoning !== "") out.push({ type: "reasoning-delta", text: reasoning });
      if (delta.content != null && delta.content !== "")
        out.push({ type: "text-delta", text: delta.content });
      if (delta.refusal != null && delta.refusal !== "")
        out.push({ type: "text-delta", text: delta.refusal });
      (delta.tool_calls ?? []).forEach((call, j) => {
        const index = call.index ?? j;
        if (!open.has(index)) {
          open.add(index);
          const id = call.id ?? `call_${chunkId}_${index}`;
          out.push({ type: "tool-call-start", index, id, name: call.function?.name ?? "" });
        }
        const args = call.function?.arguments;
        if (args != null && args !== "") out.push({ type: "tool-call-delta", index, arguments: args });
      });
    }
    const reason = choice?.finish_reason;
    if (reason != null && !finished) {
      finished = true;
      for (const index of open) out.push({ type: "tool-call-end", index });
      open.clear();
      out.push({ type: "finish", reason: decodeChatFinishReason(reason) });
    }
    // Usage rides on a last chunk with no choices (`include_usage`) or on the finish chunk; vLLM's
    // continuous usage on every chunk is skipped until then, so it is reported once.
    if (chunk.usage != null && (finished || (chunk.choices ?? []).length === 0)) {
      out.push({ type: "usage", usage: decodeChatUsage(chunk.usage) });
    }
    return out;
  }

  function textEventShape(): TextEventShape | undefined {
    return over || !started || finished ? undefined : template.shape("");
  }

  function end(): CanonicalEvent[] {
    if (over || finished) return [];
    over = true;
    return [{ type: "error", message: "the backend's stream ended before the answer finished" }];
  }

  return { push, pushText, textEventShape, end };
}
