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
 */
import { assertNever, type CanonicalEvent, type FinishReason, type Usage } from "../../canonical/events.ts";
import { createByteBuffer } from "../../sse/byte-buffer.ts";
import {
  type DeltaBodyTemplate,
  type DeltaTemplate,
  deltaBodyTemplate,
  deltaTemplate,
} from "./delta-template.ts";
import { defaultEcho } from "./echo.ts";
import { mapFinishReason } from "./map-finish-reason.ts";
import { mapResponsesUsage } from "./map-usage.ts";
import {
  closeEvents,
  deltaEvent,
  type ItemState,
  itemOf,
  openEvents,
  sequenced,
  type Unsequenced,
} from "./output-items.ts";
import type {
  ItemStatus,
  ResponseEcho,
  ResponseObject,
  ResponseStatus,
  ResponsesStreamEvent,
} from "./wire.ts";

export type ResponsesStreamOptions = {
  /** The request fields the response object repeats; see echo.ts. */
  readonly echo?: ResponseEcho;
};

export type ResponsesStreamRenderer = {
  render(event: CanonicalEvent): ResponsesStreamEvent[];
  /**
   * A delta that continues an open item — most of a stream — as its SSE text, from the item's
   * template (delta-template.ts); undefined when the event needs render(): it opens or closes
   * something, or the stream is over.
   */
  renderDeltaSse(event: CanonicalEvent): string | undefined;
  /** StreamWriter.renderTextBody: a text delta continuing the open message, as bytes. */
  renderTextBody(body: Uint8Array): Uint8Array | undefined;
  /** Call when the canonical stream ends: the terminal event, if none was sent yet. */
  end(): ResponsesStreamEvent[];
  /** The next sequence number, for an error event written after this stream (render-error.ts). */
  nextSequence(): number;
};

export function createResponsesStreamRenderer(options: ResponsesStreamOptions = {}): ResponsesStreamRenderer {
  const echo = options.echo ?? defaultEcho;
  let seq = 0;
  let head: { id: string; model: string; created: number } | undefined;
  const items: ItemState[] = [];
  /** Closed items and the status they closed with, which later snapshots repeat. */
  const closed = new Map<ItemState, ItemStatus>();
  let current: ItemState | undefined;
  const calls = new Map<number, ItemState>();
  let reason: FinishReason | undefined;
  let usage: Usage | undefined;
  let over = false;
  const templates = new Map<ItemState, DeltaTemplate>();
  /** Text deltas still in their escaped form (renderTextBody), for `current`; decoded when read. */
  const bodies = createByteBuffer();
  let bodyTemplate: { readonly state: ItemState; readonly write: DeltaBodyTemplate } | undefined;

  /** Decodes the escaped deltas into the item's text, before anything reads or extends it. */
  function settleBodies(): void {
    if (bodies.length() === 0 || current === undefined) return;
    current.text += JSON.parse(`"${bodies.take()}"`) as string;
  }

  function stamp(events: readonly Unsequenced[]): ResponsesStreamEvent[] {
    return events.map((event) => sequenced(event, seq++));
  }

  function snapshot(status: ResponseStatus, itemStatus: ItemStatus): ResponseObject {
    return {
      id: head?.id ?? "",
      object: "response",
      created_at: head?.created ?? 0,
      status,
      background: false,
      error: null,
      incomplete_details: null,
      ...echo,
      model: head?.model ?? "",
      output: status === "in_progress" ? [] : items.map((s) => itemOf(s, closed.get(s) ?? itemStatus)),
      usage: null,
    };
  }

  function start(id: string, model: string, created: number): Unsequenced[] {
    head = { id, model, created };
    // One object for both: nothing changes it later, and the SSE writer serialises it once.
    const response = snapshot("in_progress", "in_progress");
    return [
      { type: "response.created", response },
      { type: "response.in_progress", response },
    ];
  }

  function open(state: ItemState): Unsequenced[] {
    items.push(state);
    return openEvents(state);
  }

  /** Item ids are the response id plus the output index: unique in the response, stable in tests. */
  function idFor(prefix: "msg" | "rs" | "fc"): string {
    return `${prefix}_${head?.id ?? ""}_${items.length}`;
  }

  function close(state: ItemState | undefined, status: ItemStatus): Unsequenced[] {
    if (state === undefined || closed.has(state)) return [];
    closed.set(state, status);
    if (state === current) current = undefined;
    return closeEvents(state, status);
  }

  /** Appends to the open text or reasoning item, closing the other kind first. */
  function content(kind: "message" | "reasoning", delta: string): Unsequenced[] {
    const out: Unsequenced[] = head === undefined ? start("", "", 0) : [];
    let state = current;
    if (state?.kind !== kind) {
      out.push(...close(state, "completed"));
      state = { kind, index: items.length, id: idFor(kind === "message" ? "msg" : "rs"), text: "" };
      current = state;
      out.push(...open(state));
    }
    state.text += delta;
    out.push(deltaEvent(state, delta));
    return out;
  }

  /** Closes what is open as the answer ends: completed, or incomplete when it was cut short. */
  function settle(finish: FinishReason): Unsequenced[] {
    const t = mapFinishReason(finish);
    if (t.status === "failed") return [];
    const status = t.status === "completed" ? "completed" : "incomplete";
    return [...close(current, status), ...[...calls.values()].flatMap((call) => close(call, status))];
  }

  function terminal(finish: FinishReason, message?: string): Unsequenced[] {
    over = true;
    const t = mapFinishReason(finish);
    const out = settle(finish);
    const response = snapshot(t.status, t.status === "completed" ? "completed" : "incomplete");
    response.usage = usage === undefined ? null : mapResponsesUsage(usage);
    if (t.incomplete !== null) response.incomplete_details = { reason: t.incomplete };
    if (t.status === "failed") {
      response.error = {
        code: "server_error",
        message: message ?? "the backend ended the answer with an error",
      };
    }
    out.push({ type: t.type, response });
    return out;
  }

  function fail(message: string): Unsequenced[] {
    if (head !== undefined) return terminal("error", message);
    over = true;
    return [{ type: "error", code: "server_error", message, param: null }];
  }

  function render(event: CanonicalEvent): ResponsesStreamEvent[] {
    settleBodies();
    if (over) return [];
    if (reason !== undefined && event.type !== "usage" && event.type !== "error") return [];
    switch (event.type) {
      case "start":
        return head === undefined ? stamp(start(event.id, event.model, event.created)) : [];
      case "text-delta":
        return stamp(content("message", event.text));
      case "reasoning-delta":
        return stamp(content("reasoning", event.text));
      case "tool-call-start": {
        if (calls.has(event.index)) return [];
        const out: Unsequenced[] = head === undefined ? start("", "", 0) : [];
        out.push(...close(current, "completed"));
        const state: ItemState = {
          kind: "call",
          index: items.length,
          id: idFor("fc"),
          callId: event.id,
          name: event.name,
          text: "",
        };
        calls.set(event.index, state);
        return stamp([...out, ...open(state)]);
      }
      case "tool-call-delta": {
        const call = calls.get(event.index);
        if (call === undefined || closed.has(call)) return [];
        call.text += event.arguments;
        return stamp([deltaEvent(call, event.arguments)]);
      }
      case "tool-call-end":
        return stamp(close(calls.get(event.index), "completed"));
      case "usage":
        usage = event.usage;
        return reason === undefined ? [] : stamp(terminal(reason));
      case "finish":
        // Items close now, so a client acts on its tool calls without waiting for the usage.
        reason = event.reason;
        return stamp(usage === undefined ? settle(reason) : terminal(reason));
      case "error":
        return stamp(fail(event.message));
      default:
        return assertNever(event);
    }
  }

  function renderDeltaSse(event: CanonicalEvent): string | undefined {
    settleBodies();
    if (over || reason !== undefined) return undefined;
    let state: ItemState | undefined;
    let delta: string;
    if (event.type === "text-delta" || event.type === "reasoning-delta") {
      // `current` is never a closed item: close() clears it.
      if (current?.kind !== (event.type === "text-delta" ? "message" : "reasoning")) return undefined;
      state = current;
      delta = event.text;
    } else if (event.type === "tool-call-delta") {
      state = calls.get(event.index);
      if (state === undefined || closed.has(state)) return undefined;
      delta = event.arguments;
    } else {
      return undefined;
    }
    let template = templates.get(state);
    if (template === undefined) {
      template = deltaTemplate(state);
      templates.set(state, template);
    }
    state.text += delta;
    return template(seq++, delta);
  }

  function renderTextBody(body: Uint8Array): Uint8Array | undefined {
    if (over || reason !== undefined || current?.kind !== "message") return undefined;
    if (bodyTemplate?.state !== current) bodyTemplate = { state: current, write: deltaBodyTemplate(current) };
    bodies.append(body);
    return bodyTemplate.write(seq++, body);
  }

  function end(): ResponsesStreamEvent[] {
    settleBodies();
    if (over) return [];
    if (reason !== undefined) return stamp(terminal(reason));
    return stamp(fail("the backend's answer ended before it finished"));
  }

  return { render, renderDeltaSse, renderTextBody, end, nextSequence: () => seq };
}
