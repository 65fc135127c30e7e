/**
 * Parsed `streamGenerateContent?alt=sse` chunks (each a `GenerateContentResponse`) -> canonical
 * events. The first chunk starts the answer (`responseId`, `modelVersion`, `createTime`); text parts
 * are text, `thought: true` parts reasoning; a `functionCall` part arrives whole, so it is one tool
 * call's start, arguments and end, with an id made from the response id and the call's number (Gemini
 * matches results by name; encode-contents.ts maps the ids back). The candidate's `finishReason` ends
 * the answer (map-finish-reason.ts); a blocked prompt (`promptFeedback.blockReason`, no candidates) is
 * `content_filter`. `usageMetadata` is cumulative, so the last one seen is the usage, sent after the
 * finish when the stream ends. An `error` object is an error event, and so is a stream that ends
 * without a finish reason. Only candidate 0 is read; thought signatures, inline output data, code
 * execution parts and grounding metadata are ignored.
 */
import type { CanonicalEvent, Usage } from "../../canonical/events.ts";
import { narrowUpstream } from "../openai-chat/narrow.ts";
import { decodeFinishReason } from "./map-finish-reason.ts";
import { decodeGeminiUsage } from "./map-usage.ts";
import { chunkSchema, type GeminiChunkIn } from "./response-schema.ts";

export type GeminiStreamDecoder = {
  /** The canonical events one parsed chunk carries. */
  push(chunk: unknown): CanonicalEvent[];
  /** Call when the upstream stream ends: the usage, or an error event if the answer never finished. */
  end(): CanonicalEvent[];
};

export type GeminiDecodeStreamOptions = {
  /** `created` (Unix seconds) when the backend sends no `createTime`. */
  readonly created?: number;
};

export function createGeminiStreamDecoder(options: GeminiDecodeStreamOptions = {}): GeminiStreamDecoder {
  let started = false;
  let finished = false;
  let over = false;
  let responseId = "";
  let calls = 0;
  let usage: Usage | undefined;

  function start(chunk: GeminiChunkIn): CanonicalEvent[] {
    if (started) return [];
    started = true;
    responseId = chunk.responseId ?? "";
    const time = chunk.createTime == null ? Number.NaN : Date.parse(chunk.createTime);
    const created = Number.isNaN(time) ? (options.created ?? 0) : Math.floor(time / 1000);
    return [{ type: "start", id: responseId, model: chunk.modelVersion ?? "", created }];
  }

  function finish(reason: CanonicalEvent & { type: "finish" }): CanonicalEvent[] {
    finished = true;
    return [reason];
  }

  function push(raw: unknown): CanonicalEvent[] {
    if (over) return [];
    const chunk = narrowUpstream(chunkSchema, raw, "Gemini response chunk");
    if (chunk.error != null) {
      over = true;
      return [
        {
          type: "error",
          message: chunk.error.message ?? chunk.error.status ?? "the backend reported an error",
        },
      ];
    }
    const out = start(chunk);
    if (chunk.usageMetadata != null) usage = decodeGeminiUsage(chunk.usageMetadata);
    if (finished) return out;
    const candidate = chunk.candidates?.find((c) => (c.index ?? 0) === 0);
    const blocked = chunk.promptFeedback?.blockReason;
    if (candidate === undefined) {
      return blocked == null ? out : [...out, ...finish({ type: "finish", reason: "content_filter" })];
    }
    for (const part of candidate.content?.parts ?? []) {
      if (part.functionCall != null) {
        const index = calls++;
        const id = part.functionCall.id ?? `call_${responseId}_${index}`;
        out.push(
          { type: "tool-call-start", index, id, name: part.functionCall.name },
          { type: "tool-call-delta", index, arguments: JSON.stringify(part.functionCall.args ?? {}) },
          { type: "tool-call-end", index },
        );
      } else if (part.text != null && part.text !== "") {
        out.push({ type: part.thought === true ? "reasoning-delta" : "text-delta", text: part.text });
      }
    }
    const reason = candidate.finishReason;
    if (reason != null && reason !== "" && reason !== "FINISH_REASON_UNSPECIFIED") {
      out.push(...finish({ type: "finish", reason: decodeFinishReason(reason, calls > 0) }));
    }
    return out;
  }

  function end(): CanonicalEvent[] {
    if (over) return [];
    over = true;
    if (!finished) return [{ type: "error", message: "the backend's stream ended before a finish reason" }];
    return usage === undefined ? [] : [{ type: "usage", usage }];
  }

  return { push, end };
}
