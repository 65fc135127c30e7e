/**
 * Parsed Anthropic stream events (SSE `data:` JSON) -> canonical events. `message_start` starts the
 * answer; text and thinking deltas are text and reasoning; each `tool_use` block is one tool call,
 * numbered in order of appearance (block indexes also count text blocks, call indexes do not);
 * `message_delta` holds the stop reason and usage until `message_stop`, which finishes the answer, so a
 * stream cut before `message_stop` is an error from end(), never a whole-looking answer. `error` events
 * are errors. Ignored: `ping`, `signature_delta` and redacted thinking (the canonical model has no place
 * for them, see the README), citations, server-tool blocks, event types added later.
 */
import type { CanonicalEvent, Usage } from "../../canonical/events.ts";
import { narrowUpstream } from "../openai-chat/narrow.ts";
import { decodeStopReason } from "./map-stop-reason.ts";
import { decodeAnthropicUsage } from "./map-usage.ts";
import {
  blockDelta,
  blockStart,
  blockStop,
  errorEvent,
  eventHead,
  messageDelta,
  messageStart,
} from "./stream-schema.ts";

export type AnthropicStreamDecoder = {
  /** The canonical events one parsed stream event carries (often none). */
  push(event: unknown): CanonicalEvent[];
  /** Call when the upstream stream ends: an error event if `message_stop` never came. */
  end(): CanonicalEvent[];
};

export type AnthropicDecodeStreamOptions = {
  /** Anthropic messages carry no creation time; the canonical `created` (Unix seconds) comes from here. */
  readonly created?: number;
};

type Block = { readonly kind: "text" | "thinking" | "tool" | "other"; readonly call: number };

export function createAnthropicStreamDecoder(
  options: AnthropicDecodeStreamOptions = {},
): AnthropicStreamDecoder {
  const blocks = new Map<number, Block>();
  let calls = 0;
  let started = false;
  let over = false;
  let stopReason: string | null | undefined;
  let usage: Usage | undefined;

  function start(id: string, model: string): CanonicalEvent[] {
    if (started) return [];
    started = true;
    return [{ type: "start", id, model, created: options.created ?? 0 }];
  }

  function fail(message: string): CanonicalEvent[] {
    over = true;
    return [{ type: "error", message }];
  }

  function push(raw: unknown): CanonicalEvent[] {
    if (over) return [];
    const { type } = narrowUpstream(eventHead, raw, "Anthropic stream event");
    const what = `Anthropic ${type} event`;
    switch (type) {
      case "message_start": {
        const { message } = narrowUpstream(messageStart, raw, what);
        if (message.usage != null) usage = decodeAnthropicUsage(message.usage);
        return start(message.id ?? "", message.model ?? "");
      }
      case "content_block_start": {
        const { index, content_block: b } = narrowUpstream(blockStart, raw, what);
        const out = start("", "");
        if (b.type === "tool_use") {
          const call = calls++;
          blocks.set(index, { kind: "tool", call });
          out.push({ type: "tool-call-start", index: call, id: b.id ?? `toolu_${call}`, name: b.name ?? "" });
          const input = b.input;
          if (typeof input === "object" && input !== null && Object.keys(input).length > 0) {
            out.push({ type: "tool-call-delta", index: call, arguments: JSON.stringify(input) });
          }
        } else if (b.type === "text" || b.type === "thinking") {
          blocks.set(index, { kind: b.type, call: -1 });
          const text = b.type === "text" ? b.text : b.thinking;
          if (text != null && text !== "") {
            out.push({ type: b.type === "text" ? "text-delta" : "reasoning-delta", text });
          }
        } else {
          blocks.set(index, { kind: "other", call: -1 });
        }
        return out;
      }
      case "content_block_delta": {
        const { index, delta } = narrowUpstream(blockDelta, raw, what);
        const block = blocks.get(index);
        if (delta.type === "text_delta" && block?.kind === "text" && delta.text) {
          return [{ type: "text-delta", text: delta.text }];
        }
        if (delta.type === "thinking_delta" && block?.kind === "thinking" && delta.thinking) {
          return [{ type: "reasoning-delta", text: delta.thinking }];
        }
        if (delta.type === "input_json_delta" && block?.kind === "tool" && delta.partial_json) {
          return [{ type: "tool-call-delta", index: block.call, arguments: delta.partial_json }];
        }
        return [];
      }
      case "content_block_stop": {
        const { index } = narrowUpstream(blockStop, raw, what);
        const block = blocks.get(index);
        blocks.delete(index);
        return block?.kind === "tool" ? [{ type: "tool-call-end", index: block.call }] : [];
      }
      case "message_delta": {
        const event = narrowUpstream(messageDelta, raw, what);
        stopReason = event.delta?.stop_reason ?? stopReason;
        // message_delta's counts are cumulative; input counts may be absent (older servers).
        if (event.usage != null) usage = mergeUsage(usage, decodeAnthropicUsage(event.usage), event.usage);
        return [];
      }
      case "message_stop": {
        over = true;
        const out = start("", "");
        for (const block of blocks.values()) {
          if (block.kind === "tool") out.push({ type: "tool-call-end", index: block.call });
        }
        out.push({ type: "finish", reason: decodeStopReason(stopReason, calls > 0) });
        if (usage !== undefined) out.push({ type: "usage", usage });
        return out;
      }
      case "error": {
        const { error } = narrowUpstream(errorEvent, raw, what);
        return fail(error?.message ?? "the backend reported an error");
      }
      default:
        return [];
    }
  }

  function end(): CanonicalEvent[] {
    if (over) return [];
    return fail("the backend's stream ended before message_stop");
  }

  return { push, end };
}

function mergeUsage(
  before: Usage | undefined,
  now: Usage,
  raw: { readonly input_tokens?: number | null | undefined },
): Usage {
  if (raw.input_tokens != null || before === undefined) return now;
  return { ...before, outputTokens: now.outputTokens };
}
