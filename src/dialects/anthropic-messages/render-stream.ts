/**
 * Canonical events -> the Anthropic Messages stream, as Claude Code and the SDK read it:
 * `message_start`, then per content block `content_block_start`, deltas and `content_block_stop`, each
 * carrying the block's index in the final `content` array; then `message_delta` (stop reason and the
 * whole answer's usage) and `message_stop`. A canonical error is an `error` event, which ends the
 * stream; so is a stream that ends before its finish.
 *
 * Anthropic streams one block at a time, while canonical tool calls may interleave their argument
 * deltas. So the block open first streams live, and blocks that start meanwhile wait in a queue with
 * their deltas, opening in order as the ones before them end; `finish` flushes the queue. Usage may
 * come after `finish`: `message_delta` waits for it, or for end().
 */
import { assertNever, type CanonicalEvent, type FinishReason, type Usage } from "../../canonical/events.ts";
import { fillSlot, type StringSlot, stringSlot } from "../../sse/string-slot.ts";
import { formatAnthropicEvent } from "./format-sse.ts";
import { mapStopReason } from "./map-stop-reason.ts";
import { mapAnthropicUsage } from "./map-usage.ts";
import type { AnthropicContentBlock, AnthropicDelta, AnthropicStreamEvent } from "./wire.ts";

type Block = {
  readonly kind: "text" | "thinking" | "tool";
  readonly id: string;
  readonly name: string;
  /** Deltas held while the block waits in the queue. */
  readonly held: string[];
  ended: boolean;
  /** Set when the block opens on the wire. */
  index?: number;
};

export type AnthropicStreamRenderer = {
  render(event: CanonicalEvent): AnthropicStreamEvent[];
  /**
   * StreamWriter.renderTextBody: a text delta continuing the live text block, as the bytes of its
   * `content_block_delta`; undefined when the delta needs render() (no text block is streaming).
   */
  renderTextBody(bytes: Uint8Array, start: number, end: number): Uint8Array | undefined;
  /** Call when the canonical stream ends: `message_delta` and `message_stop`, or an error event. */
  end(): AnthropicStreamEvent[];
};

export function createAnthropicStreamRenderer(): AnthropicStreamRenderer {
  let out: AnthropicStreamEvent[] = [];
  let started = false;
  let next = 0;
  let active: Block | undefined;
  const queue: Block[] = [];
  const calls = new Map<number, Block>();
  let reason: FinishReason | undefined;
  let usage: Usage | undefined;
  let over = false;
  /** The live text block's delta event with its text left open, cut once per block. */
  let slot: { readonly block: Block; readonly bytes: StringSlot } | undefined;

  function start(id: string, model: string): void {
    if (started) return;
    started = true;
    out.push({
      type: "message_start",
      message: {
        id,
        type: "message",
        role: "assistant",
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: mapAnthropicUsage(undefined),
      },
    });
  }

  function delta(block: Block, text: string): void {
    const index = block.index ?? 0;
    const d: AnthropicDelta =
      block.kind === "text"
        ? { type: "text_delta", text }
        : block.kind === "thinking"
          ? { type: "thinking_delta", thinking: text }
          : { type: "input_json_delta", partial_json: text };
    out.push({ type: "content_block_delta", index, delta: d });
  }

  function open(block: Block): void {
    block.index = next++;
    const content: AnthropicContentBlock =
      block.kind === "text"
        ? { type: "text", text: "" }
        : block.kind === "thinking"
          ? { type: "thinking", thinking: "", signature: "" }
          : { type: "tool_use", id: block.id, name: block.name, input: {} };
    out.push({ type: "content_block_start", index: block.index, content_block: content });
    for (const text of block.held.splice(0)) delta(block, text);
  }

  function stop(block: Block): void {
    block.ended = true;
    out.push({ type: "content_block_stop", index: block.index ?? 0 });
  }

  /** Closes the live block and opens the queued ones in order, up to the first still running. */
  function advance(): void {
    if (active !== undefined) stop(active);
    active = undefined;
    for (let block = queue.shift(); block !== undefined; block = queue.shift()) {
      open(block);
      if (!block.ended) {
        active = block;
        return;
      }
      stop(block);
    }
  }

  /** A new block: live if nothing else is, queued behind a running tool call otherwise. */
  function begin(block: Block): void {
    if (active?.kind === "tool") {
      const tail = queue.at(-1);
      if (tail !== undefined && tail.kind !== "tool") tail.ended = true;
      queue.push(block);
      return;
    }
    if (active !== undefined) advance();
    open(block);
    active = block;
  }

  function content(kind: "text" | "thinking", text: string): void {
    start("", "");
    const tail = active?.kind === "tool" ? queue.at(-1) : active;
    if (tail?.kind === kind && !tail.ended) {
      if (tail === active) delta(tail, text);
      else tail.held.push(text);
      return;
    }
    begin({ kind, id: "", name: "", held: [text], ended: false });
  }

  function close(): void {
    over = true;
    out.push({
      type: "message_delta",
      delta: {
        stop_reason: mapStopReason(reason === "error" || reason === undefined ? "stop" : reason),
        stop_sequence: null,
      },
      usage: mapAnthropicUsage(usage),
    });
    out.push({ type: "message_stop" });
  }

  function fail(message: string): void {
    over = true;
    out.push({ type: "error", error: { type: "api_error", message } });
  }

  function apply(event: CanonicalEvent): void {
    if (over) return;
    if (reason !== undefined && event.type !== "usage" && event.type !== "error") return;
    switch (event.type) {
      case "start":
        start(event.id, event.model);
        break;
      case "text-delta":
        if (event.text !== "") content("text", event.text);
        break;
      case "reasoning-delta":
        if (event.text !== "") content("thinking", event.text);
        break;
      case "tool-call-start": {
        if (calls.has(event.index)) break;
        start("", "");
        const block: Block = { kind: "tool", id: event.id, name: event.name, held: [], ended: false };
        calls.set(event.index, block);
        begin(block);
        break;
      }
      case "tool-call-delta": {
        const call = calls.get(event.index);
        if (call === undefined || call.ended || event.arguments === "") break;
        if (call === active) delta(call, event.arguments);
        else call.held.push(event.arguments);
        break;
      }
      case "tool-call-end": {
        const call = calls.get(event.index);
        if (call === undefined || call.ended) break;
        if (call === active) advance();
        else call.ended = true;
        break;
      }
      case "usage":
        usage = event.usage;
        if (reason !== undefined) close();
        break;
      case "finish":
        reason = event.reason;
        for (const block of queue) block.ended = true;
        advance();
        if (event.reason === "error") fail("the backend ended the answer with an error");
        else if (usage !== undefined) close();
        break;
      case "error":
        fail(event.message);
        break;
      default:
        assertNever(event);
    }
  }

  function renderTextBody(bytes: Uint8Array, start: number, end: number): Uint8Array | undefined {
    // Only the live block takes a delta at once: a queued one holds its text, decoded.
    if (over || reason !== undefined || out.length > 0) return undefined;
    const block = active;
    if (block?.kind !== "text" || block.ended || block.index === undefined) return undefined;
    if (slot?.block !== block) {
      const sample: AnthropicStreamEvent = {
        type: "content_block_delta",
        index: block.index,
        delta: { type: "text_delta", text: "" },
      };
      slot = { block, bytes: stringSlot(formatAnthropicEvent(sample), '"text":""') };
    }
    return fillSlot(slot.bytes, bytes, start, end);
  }

  function flush(): AnthropicStreamEvent[] {
    const events = out;
    out = [];
    return events;
  }

  return {
    render(event) {
      apply(event);
      return flush();
    },
    renderTextBody,
    end() {
      if (!over) {
        if (reason === undefined) fail("the backend's answer ended before it finished");
        else close();
      }
      return flush();
    },
  };
}
