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
  // The quotes ride on the pieces around the text, for the common delta that needs no escape.
  const open = `${middle}"`;
  const close = `"${tail}`;
  return (sequence, text) =>
    isPlain(text)
      ? head + sequence + open + text + close
      : head + sequence + middle + JSON.stringify(text) + tail;
}

/**
 * Whether JSON.stringify would write the text as it is between quotes: no quote, backslash or control
 * character, and no surrogate (a lone one is escaped). A token is a few characters: this loop costs
 * less than the call it saves.
 */
function isPlain(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return false;
  }
  return true;
}
