/**
 * Sentinels for the templates the stream writer fills (cut-template.ts): values the object path
 * serialises in place of real ones, so their marks show where the real ones go. A string sentinel
 * starts with a NUL, which JSON escapes and no fixed text holds; a number sentinel is one no index or
 * count reaches. Each mark is the sentinel as JSON.stringify writes it.
 */
import type { ItemState } from "./output-items.ts";

export const sentinel = {
  id: "\u0000id",
  text: "\u0000text",
  callId: "\u0000call",
  name: "\u0000name",
  model: "\u0000model",
  index: 1_000_000_001,
  created: 1_000_000_002,
  /** Sequence numbers, one per event of a template; an item opens or closes with up to three. */
  seq: [2_000_000_001, 2_000_000_002, 2_000_000_003],
} as const;

export function markOf(value: string | number): string {
  return JSON.stringify(value);
}

/** An item of the kind with sentinel fields and the given text. */
export function sampleItem(kind: ItemState["kind"], text: string): ItemState {
  const { id, index, callId, name } = sentinel;
  return kind === "call" ? { kind, index, id, callId, name, text } : { kind, index, id, text };
}
