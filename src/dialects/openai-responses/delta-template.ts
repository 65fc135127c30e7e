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

/** One delta event of the item as SSE bytes, its delta given as a JSON string's body (bytes). */
export type DeltaBodyTemplate = (sequence: number, body: Uint8Array) => Uint8Array;

/** The event around its sequence number and its delta (a JSON string, quotes included). */
type Pieces = { readonly head: string; readonly middle: string; readonly tail: string };

function piecesOf(state: ItemState): Pieces {
  const sample = formatResponsesEvent(sequenced(deltaEvent(state, ""), 0));
  // Both are keys, not text inside a string: a quote inside a JSON string is always escaped.
  const number = sample.indexOf('"sequence_number":0') + '"sequence_number":'.length;
  const delta = sample.indexOf('"delta":""') + '"delta":'.length;
  return {
    head: sample.slice(0, number),
    middle: sample.slice(number + 1, delta),
    tail: sample.slice(delta + 2),
  };
}

export function deltaTemplate(state: ItemState): DeltaTemplate {
  const { head, middle, tail } = piecesOf(state);
  // The quotes ride on the pieces around the text, for the common delta that needs no escape.
  const open = `${middle}"`;
  const close = `"${tail}`;
  return (sequence, text) =>
    isPlain(text)
      ? head + sequence + open + text + close
      : head + sequence + middle + JSON.stringify(text) + tail;
}

/** deltaTemplate in bytes, for a delta that stays in the escaped form the upstream wrote it in. */
export function deltaBodyTemplate(state: ItemState): DeltaBodyTemplate {
  const pieces = piecesOf(state);
  const head = Buffer.from(pieces.head);
  const open = Buffer.from(`${pieces.middle}"`);
  const close = Buffer.from(`"${pieces.tail}`);
  return (sequence, body) => {
    const digits = digitCount(sequence);
    const out = Buffer.allocUnsafe(head.length + digits + open.length + body.length + close.length);
    let at = head.copy(out, 0);
    for (let n = sequence, i = at + digits - 1; i >= at; i--, n = Math.floor(n / 10))
      out[i] = 0x30 + (n % 10);
    at += digits;
    at += open.copy(out, at);
    out.set(body, at);
    close.copy(out, at + body.length);
    return out;
  };
}

function digitCount(n: number): number {
  let digits = 1;
  for (let rest = n; rest >= 10; rest = Math.floor(rest / 10)) digits++;
  return digits;
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
