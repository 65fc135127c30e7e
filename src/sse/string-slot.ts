/**
 * An event's bytes with one JSON string left open: the bytes before the string's body and after it,
 * cut from a sample event whose string is empty. Filling the slot with a string body the byte lane
 * checked (json-string-body.ts) gives the bytes of the same event with that text, as JSON.stringify
 * would write it up to the choice of escapes.
 */
import { copyBytes } from "./copy-bytes.ts";

export type StringSlot = { readonly head: Uint8Array; readonly tail: Uint8Array };

/** `empty` marks the string in `sample`, e.g. `"text":""`; it must occur exactly once. */
export function stringSlot(sample: string, empty: string): StringSlot {
  const at = sample.indexOf(empty);
  if (at === -1 || sample.indexOf(empty, at + 1) !== -1) {
    throw new Error(`the sample event has no single ${empty} to cut a slot at`);
  }
  const quote = at + empty.length - 1;
  return { head: Buffer.from(sample.slice(0, quote)), tail: Buffer.from(sample.slice(quote)) };
}

/** The slot filled with the string body bytes[start, end), as one new buffer. */
export function fillSlot(slot: StringSlot, bytes: Uint8Array, start: number, end: number): Uint8Array {
  const { head, tail } = slot;
  const out = Buffer.allocUnsafe(head.length + (end - start) + tail.length);
  copyBytes(out, copyBytes(out, copyBytes(out, 0, head), bytes, start, end), tail);
  return out;
}
