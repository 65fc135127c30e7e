/**
 * The SSE text of an item's delta events from a template, the way most of a Responses stream is
 * written: only the sequence number and the delta (its JSON string) are filled in, where building
 * each event object and serialising it whole cost more than everything else the translation does per
 * token. The template is cut from a delta event the object path serialised, once per process, and
 * bound to an item's id and index when the item gets its first delta: the pieces, which both the text
 * and the byte form are written from.
 */
import { copyBytes } from "../../sse/copy-bytes.ts";
import { cutTemplate } from "./cut-template.ts";
import { formatResponsesEvent } from "./format-sse.ts";
import { deltaEvent, type ItemState, sequenced } from "./output-items.ts";
import { isPlain, quoteJson } from "./quote-json.ts";
import { markOf, sampleItem, sentinel } from "./template-marks.ts";

/** One delta event of the item as SSE text. */
export type DeltaTemplate = (sequence: number, delta: string) => string;

/** One delta event of the item as SSE bytes, its delta given as a JSON string's body: bytes[start, end). */
export type DeltaBodyTemplate = (
  sequence: number,
  bytes: Uint8Array,
  start: number,
  end: number,
) => Uint8Array;

const delta = "\u0000delta";
const marks = [markOf(sentinel.seq[0]), markOf(sentinel.id), markOf(sentinel.index), markOf(delta)];

/** A delta event's fixed text: around its sequence number, its item's id and index, and its delta. */
type Around = readonly [string, string, string, string, string];

function cut(kind: ItemState["kind"]): Around {
  const sample = formatResponsesEvent(sequenced(deltaEvent(sampleItem(kind, ""), delta), sentinel.seq[0]));
  const { pieces, holes } = cutTemplate(sample, marks);
  const [a, b, c, d, e] = pieces;
  // Each once, in this order, as OpenAI's events and output-items.ts write them.
  if (holes.join() !== "0,1,2,3" || a === undefined || b === undefined || c === undefined) {
    throw new Error(`a delta event's template holds its fields in another order: ${sample}`);
  }
  return [a, b, c, d ?? "", e ?? ""];
}

const templates: Readonly<Record<ItemState["kind"], Around>> = {
  message: cut("message"),
  reasoning: cut("reasoning"),
  call: cut("call"),
};

/** An item's delta event around its sequence number and its delta (a JSON string, quotes included). */
export type DeltaPieces = { readonly head: string; readonly middle: string; readonly tail: string };

export function deltaPieces(state: ItemState): DeltaPieces {
  const [head, afterSeq, afterId, afterIndex, tail] = templates[state.kind];
  return { head, middle: afterSeq + quoteJson(state.id) + afterId + state.index + afterIndex, tail };
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
  const head = Buffer.from(pieces.head);
  const open = Buffer.from(`${pieces.middle}"`);
  const close = Buffer.from(`"${pieces.tail}`);
  return (sequence, bytes, start, end) => {
    const digits = digitCount(sequence);
    const out = Buffer.allocUnsafe(head.length + digits + open.length + (end - start) + close.length);
    let at = copyBytes(out, 0, head);
    for (let n = sequence, i = at + digits - 1; i >= at; i--, n = Math.floor(n / 10))
      out[i] = 0x30 + (n % 10);
    at = copyBytes(out, at + digits, open);
    at = copyBytes(out, at, bytes, start, end);
    copyBytes(out, at, close);
    return out;
  };
}

function digitCount(n: number): number {
  let digits = 1;
  for (let rest = n; rest >= 10; rest = Math.floor(rest / 10)) digits++;
  return digits;
}
