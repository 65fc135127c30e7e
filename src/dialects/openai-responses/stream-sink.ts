/**
 * Where the Responses renderer's events go. The renderer (render-stream.ts) decides what happens to
 * the answer — which item opens, closes, grows, how it ends; a sink writes each of those as its
 * events, numbering them from 0: as objects (build-events.ts: the non-streaming answer, and the
 * reference the tests hold the rest to) or as SSE text (write-events.ts: what a streaming client
 * reads). Both write the same events, so the two cannot drift apart but by a bug the tests catch.
 */
import type { Terminal } from "./map-finish-reason.ts";
import type { ItemState } from "./output-items.ts";
import type { ItemStatus, ResponsesUsage } from "./wire.ts";

/** The response's own fields, from the answer's start. */
export type ResponseHead = { readonly id: string; readonly model: string; readonly created: number };

/** An output item as the terminal response lists it. */
export type OutputEntry = { readonly state: ItemState; readonly status: ItemStatus };

/** How the answer ended: what the terminal event's response says beyond the head and the echo. */
export type Ending = {
  readonly terminal: Terminal;
  readonly error: { readonly code: string; readonly message: string } | null;
  readonly usage: ResponsesUsage | null;
  readonly output: readonly OutputEntry[];
};

export type ResponsesSink = {
  /** `response.created` and `response.in_progress`: the response before any output. */
  opening(head: ResponseHead): void;
  /** `output_item.added` and, for text and reasoning, the item's first part. */
  opened(state: ItemState): void;
  /** One delta of the item's text (`state.text` already holds it). */
  delta(state: ItemState, delta: string): void;
  /** The item's `.done` events and `output_item.done`. */
  closed(state: ItemState, status: ItemStatus): void;
  /** The terminal event, with the whole response. */
  ended(head: ResponseHead, ending: Ending): void;
  /** An `error` event: the stream failed before `response.created`. */
  failed(message: string): void;
  /** The next event's sequence number. */
  nextSequence(): number;
};
