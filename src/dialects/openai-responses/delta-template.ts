/**
 * The SSE text of an item's delta events from a template, the way most of a Responses stream is
 * written: only the sequence number and the delta (JSON.stringify of the string alone) are filled
 * in, where building each event object and serialising it whole cost more than everything else the
 * translation does per token. The template is cut from the serialised event itself, once per item,
 * so its bytes are the object path's by construction.
 */
import { formatResponsesEvent } from "./format-sse.ts";
import { deltaEvent, type ItemState, sequenced } from "./output-items.ts";

/** One delta event of the item as SSE text. */
export type DeltaTemplate = (sequence: number, delta: string) => string;

export function deltaTemplate(state: ItemState): DeltaTemplate {
  const sample = formatResponsesEvent(sequenced(deltaEvent(state, ""), 0));
  // Both are keys, not text inside a string: a quote inside a JSON string is always escaped.
  const number = sample.indexOf('"sequence_number":0') + '"sequence_number":'.length;
  const delta = sample.indexOf('"delta":""') + '"delta":'.length;
  const head = sample.slice(0, number);
  const middle = sample.slice(number + 1, delta);
  const tail = sample.slice(delta + 2);
  return (sequence, text) => head + sequence + middle + JSON.stringify(text) + tail;
}
