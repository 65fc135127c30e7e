/**
 * The SSE text of an item's delta events from a template, the way most of a Responses stream is
 * written: only the sequence number and the delta (its JSON string) are filled in, where building
 * each event object and serialising it whole cost more than everything else the translation does per
 * token. The template is cut from a delta event the object path serialised, once per process, and
 * bound to an item's id and index when the item gets its first delta: the pieces, which both the text
 * and the byte form are written from.
 */
import { bind, cutTemplate, type Template } from "./cut-template.ts";
import { formatResponsesEvent } from "./format-sse.ts";
import { deltaEvent, type ItemState, sequenced } from "./output-items.ts";
import { isPlain, quoteJson } from "./quote-json.ts";
import { markOf, sampleItem, sentinel } from "./template-marks.ts";

/** One delta event of the item as SSE text. */
export type DeltaTemplate = (sequence: number, delta: string) => string;

/** One delta event of the item as SSE bytes, its delta given as a JSON string's body (bytes). */
export type DeltaBodyTemplate = (sequence: number, body: Uint8Array) => Uint8Array;

const delta = "\u0000delta";
/** Holes in this order: the sequence number, then the delta; the id and index are bound per item. */
const marks = [markOf(sentinel.seq[0]), markOf(sentinel.id), markOf(sentinel.index), markOf(delta)];

function cut(kind: ItemState["kind"]): Template {
  return cutTemplate(
    formatResponsesEvent(sequenced(deltaEvent(sampleItem(kind, ""), delta), sentinel.seq[0])),
    marks,
  );
}

const templates: Readonly<Record<ItemState["kind"], Template>> = {
  message: cut("message"),
  reasoning: cut("reasoning"),
  call: cut("call"),
};

/** An item's delta event around its sequence number and its delta (a JSON string, quotes included). */
export type DeltaPieces = { readonly head: string; readonly middle: string; readonly tail: string };

export function deltaPieces(state: ItemState): DeltaPieces {
  const { pieces, holes } = bind(templates[state.kind], [undefined, quoteJson(state.id), `${state.index}`]);
  const [head, middle, tail] = pieces;
  if (holes.join() !== "0,3" || head === undefined || middle === undefined || tail === undefined) {
    throw new Error("a delta event's template must hold its sequence number, then its delta");
  }
  return { head, middle, tail };
}

export function deltaTemplate(pieces: DeltaPieces): DeltaTemplate {
  const { head, middle, tail } = pieces;
  // The quotes ride on the pieces around the text, for the common delta that needs no escape.
  const open = `${middle}"`;
  const close = `"${tail}`;
  return (sequence, text) =>
    isPlain(text)
      ? head + sequence + open + text + close
      : head + sequence + middle + JSON.stringify(text) + tail;
}

/** deltaTemplate in bytes, for a delta that stays in the escaped form the upstream wrote it in. */
export function deltaBodyTemplate(pieces: DeltaPieces): DeltaBodyTemplate {
  // One buffer for the three fixed parts: head | middle and opening quote | closing quote and tail.
  const close = `"${pieces.tail}`;
  const fixed = Buffer.from(`${pieces.head}${pieces.middle}"${close}`);
  const headEnd = Buffer.byteLength(pieces.head);
  const openEnd = fixed.length - Buffer.byteLength(close);
  return (sequence, body) => {
    const digits = digitCount(sequence);
    const out = Buffer.allocUnsafe(fixed.length + digits + body.length);
    let at = fixed.copy(out, 0, 0, headEnd);
    for (let n = sequence, i = at + digits - 1; i >= at; i--, n = Math.floor(n / 10))
      out[i] = 0x30 + (n % 10);
    at += digits;
    at += fixed.copy(out, at, headEnd, openEnd);
    out.set(body, at);
    fixed.copy(out, at + body.length, openEnd);
    return out;
  };
}

function digitCount(n: number): number {
  let digits = 1;
  for (let rest = n; rest >= 10; rest = Math.floor(rest / 10)) digits++;
  return digits;
}
