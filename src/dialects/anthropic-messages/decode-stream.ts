/**
 * Parsed Anthropic stream events (SSE `data:` JSON) -> canonical events. `message_start` starts the
 * answer; text and thinking deltas are text and reasoning; each `tool_use` block is one tool call,
 * numbered in order of appearance (block indexes also count text blocks, call indexes do not);
 * `message_delta` holds the stop reason and usage until `message_stop`, which finishes the answer, so a
 * stream cut before `message_stop` is an error from end(), never a whole-looking answer. `error` events
 * are errors. Ignored: `ping`, `signature_delta` and redacted thinking (the canonical model has no place
 * for them, see the README), citations, server-tool blocks, event types added later.
 *
 * The open text block's plain deltas also have a fast path on their raw text (text-event-template.ts),
 * which the byte lane builds on (textEventShape).
 */
import type { TextEventShape } from "../../canonical/dialect.ts";
import type { CanonicalEvent, Usage } from "../../canonical/events.ts";
import { narrowUpstream } from "../openai-chat/narrow.ts";
import { createTextEventTemplate } from "../text-event-template.ts";
import { decodeStopReason } from "./map-stop-reason.ts";
import { decodeAnthropicUsage } from "./map-usage.ts";
import { textBlockDelta } from "./plain-text-delta.ts";
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
  /**
   * The events of one event's raw `data` text when it is a plain text delta of the open text block,
   * shaped like the one before it, read without parsing it; otherwise undefined, and the caller
   * parses the text and hands it to push(), which learns the shape from it.
   */
  pushText(data: string): CanonicalEvent[] | undefined;
  /** See StreamDecoder.textEventShape: the learnt text delta with Anthropic's `event:` line. */
  textEventShape(): TextEventShape | undefined;
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
  /**
   * The text block whose deltas the template is learnt from, and read with. The template is per
   * block: it is learnt only from a delta ReadPlainText reads as one of this block (index included,
   * and the learning probes read their index through it too), so its bytes hold `"index":N` for this
   * block's N and an event of any other block never matches it. The block may still stop or be
   * restarted as another kind, hence the check that it is open and text before every match; a new
   * text block starts a new template, one event through the parsed path before the shortcut resumes.
   */
  let textBlock: number | undefined;
  let template = createTextEventTemplate(plainText);

  /** What push() would read the event as, when it is a text delta of the open text block. */
  function plainText(raw: unknown): string | undefined {
    if (!inTextBlock()) return undefined;
    const delta = textBlockDelta(raw);
    return delta !== undefined && delta.index === textBlock ? delta.text : undefined;
  }

  function inTextBlock(): boolean {
    return !over && textBlock !== undefined && blocks.get(textBlock)?.kind === "text";
  }

  function pushText(data: string): CanonicalEvent[] | undefined {
    if (!inTextBlock()) return undefined;
    const text = template.match(data);
    if (text === undefined) return undefined;
    return text === "" ? [] : [{ type: "text-delta", text }];
  }

  function textEventShape(): TextEventShape | undefined {
    return inTextBlock() ? template.shape("event: content_block_delta\n") : undefined;
  }

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
    const text = plainText(raw);
    template.parsed(text);
    if (text !== undefined) return text === "" ? [] : [{ type: "text-delta", text }];
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
          if (b.type === "text") {
            textBlock = index;
            template = createTextEventTemplate(plainText);
          }
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

  return { push, pushText, textEventShape, end };
}

function mergeUsage(
  before: Usage | undefined,
  now: Usage,
  raw: { readonly input_tokens?: number | null | undefined },
): Usage {
  if (raw.input_tokens != null || before === undefined) return now;
  return { ...before, outputTokens: now.outputTokens };
}
