/**
 * Canonical events -> the Responses API stream, the sequence Codex and the SDKs expect:
 * `response.created`, `response.in_progress`, then per output item `output_item.added`, its part,
 * deltas, `.done` events and `output_item.done`, then exactly one of `response.completed`,
 * `response.incomplete` (finish `length` -> `max_output_tokens`, `content_filter`) or
 * `response.failed`; every event numbered by `sequence_number` from 0.
 *
 * Text and reasoning are one item at a time (starting one closes the other, as OpenAI streams them);
 * tool calls stay open until their end, so interleaved argument deltas keep their items. The terminal
 * event carries usage, which canonical streams may send after `finish`: it waits for the usage, or
 * for end(). An error after `response.created` is `response.failed`; before it, an `error` event.
 *
 * This file decides what happens; a sink (stream-sink.ts) writes it, as objects or as SSE text.
 */
import { assertNever, type CanonicalEvent, type FinishReason, type Usage } from "../../canonical/events.ts";
import { createByteBuffer } from "../../sse/byte-buffer.ts";
import { createEventBuilder } from "./build-events.ts";
import { defaultEcho } from "./echo.ts";
import { mapFinishReason } from "./map-finish-reason.ts";
import { mapResponsesUsage } from "./map-usage.ts";
import type { ItemState } from "./output-items.ts";
import type { ResponseHead, ResponsesSink } from "./stream-sink.ts";
import type { ItemStatus, ResponseEcho, ResponsesStreamEvent } from "./wire.ts";

export type ResponsesStream = {
  render(event: CanonicalEvent): void;
  /** Call when the canonical stream ends: the terminal event, if none was written yet. */
  end(): void;
  /**
   * StreamWriter.renderTextBody's side of it: a text delta continuing the open message, given as the
   * JSON string body the upstream wrote, bytes[start, end). Returns that message, whose event the caller writes, or
   * undefined when the delta needs render() (it opens or closes something). The text is kept as
   * bytes and decoded only when something next reads the item.
   */
  continueText(bytes: Uint8Array, start: number, end: number): ItemState | undefined;
};

/** A response whose answer never said its id, model or time. */
const noHead: ResponseHead = { id: "", model: "", created: 0 };

export function createResponsesStream(sink: ResponsesSink): ResponsesStream {
  let head: ResponseHead | undefined;
  const items: ItemState[] = [];
  /** Closed items and the status they closed with, which the terminal response repeats. */
  const closed = new Map<ItemState, ItemStatus>();
  let current: ItemState | undefined;
  const calls = new Map<number, ItemState>();
  let reason: FinishReason | undefined;
  let usage: Usage | undefined;
  let over = false;
  /** Text deltas still in their escaped form (continueText), for `current`; decoded when read. */
  const bodies = createByteBuffer();

  /**
   * Decodes the escaped deltas into the item's text, before anything reads or extends it. Bodies the
   * lane took are valid UTF-8 without quotes or control characters (json-string-body.ts): without a
   * backslash, they are their own text.
   */
  function settleBodies(): void {
    if (bodies.length() === 0 || current === undefined) return;
    const escaped = bodies.take();
    current.text += escaped.includes("\\") ? (JSON.parse(`"${escaped}"`) as string) : escaped;
  }

  function start(id: string, model: string, created: number): void {
    head = { id, model, created };
    sink.opening(head);
  }

  function open(state: ItemState): void {
    items.push(state);
    sink.opened(state);
  }

  /** Item ids are the response id plus the output index: unique in the response, stable in tests. */
  function idFor(prefix: "msg" | "rs" | "fc"): string {
    return `${prefix}_${head?.id ?? ""}_${items.length}`;
  }

  function close(state: ItemState | undefined, status: ItemStatus): void {
    if (state === undefined || closed.has(state)) return;
    closed.set(state, status);
    if (state === current) current = undefined;
    sink.closed(state, status);
  }

  /** Appends to the open text or reasoning item, closing the other kind first. */
  function content(kind: "message" | "reasoning", delta: string): void {
    if (head === undefined) start("", "", 0);
    let state = current;
    if (state?.kind !== kind) {
      close(state, "completed");
      state = { kind, index: items.length, id: idFor(kind === "message" ? "msg" : "rs"), text: "" };
      current = state;
      open(state);
    }
    state.text += delta;
    sink.delta(state, delta);
  }

  /** Closes what is open as the answer ends: completed, or incomplete when it was cut short. */
  function settle(finish: FinishReason): void {
    const t = mapFinishReason(finish);
    if (t.status === "failed") return;
    const status = t.status === "completed" ? "completed" : "incomplete";
    close(current, status);
    for (const call of calls.values()) close(call, status);
  }

  function terminal(finish: FinishReason, message?: string): void {
    over = true;
    const t = mapFinishReason(finish);
    settle(finish);
    const itemStatus = t.status === "completed" ? "completed" : "incomplete";
    sink.ended(head ?? noHead, {
      terminal: t,
      error:
        t.status === "failed"
          ? { code: "server_error", message: message ?? "the backend ended the answer with an error" }
          : null,
      usage: usage === undefined ? null : mapResponsesUsage(usage),
      output: items.map((state) => ({ state, status: closed.get(state) ?? itemStatus })),
    });
  }

  function fail(message: string): void {
    if (head !== undefined) {
      terminal("error", message);
      return;
    }
    over = true;
    sink.failed(message);
  }

  function toolCallStart(index: number, callId: string, name: string): void {
    if (calls.has(index)) return;
    if (head === undefined) start("", "", 0);
    close(current, "completed");
    const state: ItemState = { kind: "call", index: items.length, id: idFor("fc"), callId, name, text: "" };
    calls.set(index, state);
    open(state);
  }

  function toolCallDelta(index: number, delta: string): void {
    const call = calls.get(index);
    if (call === undefined || closed.has(call)) return;
    call.text += delta;
    sink.delta(call, delta);
  }

  function render(event: CanonicalEvent): void {
    settleBodies();
    if (over) return;
    if (reason !== undefined && event.type !== "usage" && event.type !== "error") return;
    switch (event.type) {
      case "start":
        if (head === undefined) start(event.id, event.model, event.created);
        break;
      case "text-delta":
        content("message", event.text);
        break;
      case "reasoning-delta":
        content("reasoning", event.text);
        break;
      case "tool-call-start":
        toolCallStart(event.index, event.id, event.name);
        break;
      case "tool-call-delta":
        toolCallDelta(event.index, event.arguments);
        break;
      case "tool-call-end":
        close(calls.get(event.index), "completed");
        break;
      case "usage":
        usage = event.usage;
        if (reason !== undefined) terminal(reason);
        break;
      case "finish":
        // Items close now, so a client acts on its tool calls without waiting for the usage.
        reason = event.reason;
        if (usage === undefined) settle(reason);
        else terminal(reason);
        break;
      case "error":
        fail(event.message);
        break;
      default:
        assertNever(event);
    }
  }

  function continueText(bytes: Uint8Array, start: number, end: number): ItemState | undefined {
    if (over || reason !== undefined || current?.kind !== "message") return undefined;
    bodies.append(bytes, start, end);
    return current;
  }

  function end(): void {
    settleBodies();
    if (over) return;
    if (reason !== undefined) terminal(reason);
    else fail("the backend's answer ended before it finished");
  }

  return { render, end, continueText };
}

export type ResponsesStreamOptions = {
  /** The request fields the response object repeats; see echo.ts. */
  readonly echo?: ResponseEcho;
};

/** The stream as event objects, batch by batch: the non-streaming answer's path, and the reference. */
export type ResponsesStreamRenderer = {
  render(event: CanonicalEvent): ResponsesStreamEvent[];
  /** Call when the canonical stream ends: the terminal event, if none was sent yet. */
  end(): ResponsesStreamEvent[];
  /** The next sequence number, for an error event written after this stream (render-error.ts). */
  nextSequence(): number;
};

export function createResponsesStreamRenderer(options: ResponsesStreamOptions = {}): ResponsesStreamRenderer {
  const events = createEventBuilder(options.echo ?? defaultEcho);
  const stream = createResponsesStream(events);
  return {
    render(event) {
      stream.render(event);
      return events.take();
    },
    end() {
      stream.end();
      return events.take();
    },
    nextSequence: events.nextSequence,
  };
}
