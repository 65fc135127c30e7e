/**
 * The output items the Responses renderer streams, as they grow: each is opened (`output_item.added`
 * plus, for text and reasoning, its first part), fed deltas, and closed (the `.done` events, then
 * `output_item.done`). Every event gets fresh objects, so a later change never rewrites one already
 * handed to the client.
 */
import type { FunctionCallItem, ItemStatus, OutputItem, ResponsesStreamEvent } from "./wire.ts";

/** An event before its sequence number is stamped. */
export type Unsequenced = ResponsesStreamEvent extends infer E
  ? E extends unknown
    ? Omit<E, "sequence_number">
    : never
  : never;

/** The event with its number; `type` and `sequence_number` lead, as in OpenAI's own streams. */
export function sequenced(event: Unsequenced, sequence: number): ResponsesStreamEvent {
  return Object.assign({ type: event.type, sequence_number: sequence }, event);
}

export type ItemState =
  | { readonly kind: "message" | "reasoning"; readonly index: number; readonly id: string; text: string }
  | {
      readonly kind: "call";
      readonly index: number;
      readonly id: string;
      readonly callId: string;
      readonly name: string;
      text: string;
    };

/** The item as it stands; `status` is what a snapshot or `output_item.done` reports. */
export function itemOf(state: ItemState, status: ItemStatus): OutputItem {
  switch (state.kind) {
    case "message":
      return {
        id: state.id,
        type: "message",
        status,
        role: "assistant",
        content: state.text === "" && status === "in_progress" ? [] : [outputText(state.text)],
      };
    case "reasoning":
      return {
        id: state.id,
        type: "reasoning",
        summary:
          state.text === "" && status === "in_progress" ? [] : [{ type: "summary_text", text: state.text }],
      };
    case "call":
      return callItem(state, status);
  }
}

function callItem(state: ItemState & { kind: "call" }, status: ItemStatus): FunctionCallItem {
  return {
    id: state.id,
    type: "function_call",
    status,
    call_id: state.callId,
    name: state.name,
    arguments: state.text,
  };
}

function outputText(text: string) {
  return { type: "output_text" as const, text, annotations: [] };
}

export function openEvents(state: ItemState): Unsequenced[] {
  const at = { item_id: state.id, output_index: state.index };
  const added: Unsequenced = {
    type: "response.output_item.added",
    output_index: state.index,
    item: itemOf(state, "in_progress"),
  };
  switch (state.kind) {
    case "message":
      return [added, { type: "response.content_part.added", ...at, content_index: 0, part: outputText("") }];
    case "reasoning":
      return [
        added,
        { type: "response.reasoning_summary_part.added", ...at, summary_index: 0, part: summary("") },
      ];
    case "call":
      return [added];
  }
}

export function deltaEvent(state: ItemState, delta: string): Unsequenced {
  const at = { item_id: state.id, output_index: state.index };
  switch (state.kind) {
    case "message":
      return { type: "response.output_text.delta", ...at, content_index: 0, delta, logprobs: [] };
    case "reasoning":
      return { type: "response.reasoning_summary_text.delta", ...at, summary_index: 0, delta };
    case "call":
      return { type: "response.function_call_arguments.delta", ...at, delta };
  }
}

export function closeEvents(state: ItemState, status: ItemStatus): Unsequenced[] {
  const at = { item_id: state.id, output_index: state.index };
  const done: Unsequenced = {
    type: "response.output_item.done",
    output_index: state.index,
    item: itemOf(state, status),
  };
  const text = state.text;
  switch (state.kind) {
    case "message":
      return [
        { type: "response.output_text.done", ...at, content_index: 0, text, logprobs: [] },
        { type: "response.content_part.done", ...at, content_index: 0, part: outputText(text) },
        done,
      ];
    case "reasoning":
      return [
        { type: "response.reasoning_summary_text.done", ...at, summary_index: 0, text },
        { type: "response.reasoning_summary_part.done", ...at, summary_index: 0, part: summary(text) },
        done,
      ];
    case "call":
      return [{ type: "response.function_call_arguments.done", ...at, arguments: text }, done];
  }
}

function summary(text: string) {
  return { type: "summary_text" as const, text };
}
