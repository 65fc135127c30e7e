/**
 * The byte lane's shape (TextEventShape) of a Responses upstream's text deltas, learnt from one
 * `response.output_text.delta` event: its `data` text as it came, and as it parsed. Within one output
 * item, the server writes every delta the same way but for three fields: `sequence_number`, the text,
 * and (OpenAI) a random `obfuscation` pad. The shape keeps the rest as bytes and cuts those three out.
 *
 * What was found is checked with a probe: the event with another number, text and pad put in their
 * places must parse to those values, the same item and index, the same type. So the number read is the
 * sequence number, the text is the delta the canonical path would read, and the pad is the pad.
 */
import type { TextEventShape } from "../../canonical/dialect.ts";
import { plainDelta, typeOf } from "./narrow-fast.ts";

const deltaType = "response.output_text.delta";

/** The shape of one item's text deltas, and the item it belongs to. */
export type LearntDelta = {
  readonly outputIndex: number;
  readonly shape: Omit<TextEventShape, "took">;
};

type Fields = {
  readonly outputIndex: number;
  readonly itemId: unknown;
  readonly text: string;
  readonly sequence: unknown;
  readonly pad: unknown;
};

function fieldsOf(raw: unknown): Fields | undefined {
  if (typeOf(raw) !== deltaType || typeof raw !== "object" || raw === null) return undefined;
  const delta = plainDelta(raw);
  if (delta === undefined) return undefined;
  const pad = "obfuscation" in raw ? raw.obfuscation : undefined;
  const sequence = "sequence_number" in raw ? raw.sequence_number : undefined;
  const itemId = "item_id" in raw ? raw.item_id : undefined;
  return { outputIndex: delta.output_index, itemId, text: delta.delta, sequence, pad };
}

/** Where `part` occurs in `data` from `from`, if it occurs there exactly once in all of `data`. */
function onlyAt(data: string, part: string, from = 0): number {
  const at = data.indexOf(part, from);
  return at === -1 || data.indexOf(part) !== at || data.indexOf(part, at + 1) !== -1 ? -1 : at;
}

/** Where the value after `key` (which ends with its opening quote) starts, if the key is there once. */
function afterKey(data: string, key: string, from: number): number {
  const at = onlyAt(data, key, from);
  return at === -1 ? -1 : at + key.length;
}

/** The index of the quote that closes the JSON string whose body starts at `from`; -1 if none does. */
function stringEnd(data: string, from: number): number {
  for (let i = from; i < data.length; i++) {
    const c = data.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === 0x22) return i;
  }
  return -1;
}

/** The learnt shape, or undefined when this event does not teach one (the lane then stays off). */
export function learnDeltaShape(data: string, raw: unknown): LearntDelta | undefined {
  const fields = fieldsOf(raw);
  // An event on several `data:` lines holds "\n" where the wire has "\ndata: ": not one line's bytes.
  if (fields === undefined || fields.text === "" || data.includes("\n")) return undefined;
  const { sequence, pad } = fields;
  if (typeof sequence !== "number" || !Number.isSafeInteger(sequence) || sequence < 0) return undefined;
  if (pad !== undefined && typeof pad !== "string") return undefined;

  const numberKey = `"sequence_number":${sequence}`;
  const keyAt = onlyAt(data, numberKey);
  const numberEnd = keyAt + numberKey.length;
  if (keyAt === -1 || /[0-9.eE]/.test(data.charAt(numberEnd))) return undefined;
  const numberAt = numberEnd - `${sequence}`.length;
  // The text and the pad are found by their keys, written with whatever escapes the server chose.
  const textAt = afterKey(data, '"delta":"', numberEnd);
  const textClose = textAt === -1 ? -1 : stringEnd(data, textAt);
  if (textClose === -1) return undefined;
  const textEnd = textClose + 1;
  let padAt = -1;
  let padEnd = -1;
  if (pad !== undefined) {
    padAt = afterKey(data, '"obfuscation":"', textEnd);
    padEnd = padAt === -1 ? -1 : stringEnd(data, padAt);
    if (padEnd === -1) return undefined;
  }

  const probe = {
    sequence: sequence === 1 ? 2 : 1,
    text: fields.text === "\u0001" ? "\u0002" : "\u0001",
    pad: pad === "z" ? "y" : "z",
  };
  const probeData =
    data.slice(0, numberAt) +
    probe.sequence +
    data.slice(numberEnd, textAt - 1) +
    JSON.stringify(probe.text) +
    (padAt === -1 ? data.slice(textEnd) : data.slice(textEnd, padAt) + probe.pad + data.slice(padEnd));
  const read = fieldsOf(parsed(probeData));
  if (
    read === undefined ||
    read.text !== probe.text ||
    read.sequence !== probe.sequence ||
    read.outputIndex !== fields.outputIndex ||
    read.itemId !== fields.itemId ||
    read.pad !== (pad === undefined ? undefined : probe.pad)
  ) {
    return undefined;
  }

  // Framed as OpenAI frames it: the event line, the data line, a blank line. The lane checks every
  // byte, so a server that frames it otherwise is only never matched.
  const beforeNumber = `event: ${deltaType}\ndata: ${data.slice(0, numberAt)}`;
  const head = Buffer.from(beforeNumber + data.slice(numberEnd, textAt));
  const shape =
    padAt === -1
      ? { head, tail: Buffer.from(`${data.slice(textEnd - 1)}\n\n`) }
      : {
          head,
          tail: Buffer.from(`${data.slice(textEnd - 1, padAt)}${data.slice(padEnd)}\n\n`),
          padAt: Buffer.byteLength(data.slice(textEnd - 1, padAt)),
        };
  return { outputIndex: fields.outputIndex, shape: { ...shape, numberAt: Buffer.byteLength(beforeNumber) } };
}

function parsed(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return undefined;
  }
}
