/**
 * Output items -> canonical events, keyed by `output_index`. Deltas are passed on as they come; when
 * an item is done (or the terminal event lists it), whatever its final text or arguments hold beyond
 * what the deltas carried is passed on too. So a server that streams every delta, one that sends only
 * `output_item.done`, and a whole non-streaming response all decode to the same answer.
 *
 * Tool calls get canonical indexes 0, 1, … in the order their items appear; the canonical id is the
 * item's `call_id`, the id a `function_call_output` answers.
 */
import type { CanonicalEvent } from "../../canonical/events.ts";
import type { OutputItemIn } from "./wire-schema.ts";

type Kind = "message" | "reasoning" | "call" | "other";
type Slot = { readonly kind: Kind; emitted: string; readonly tool: number; ended: boolean };

export type OutputItemDecoder = ReturnType<typeof createOutputItemDecoder>;

export function createOutputItemDecoder() {
  const slots = new Map<number, Slot>();
  let tools = 0;

  function kindOf(type: string): Kind {
    if (type === "message" || type === "reasoning") return type;
    return type === "function_call" ? "call" : "other";
  }

  function slotAt(index: number, kind: Kind, item?: OutputItemIn): [Slot, CanonicalEvent[]] {
    const existing = slots.get(index);
    if (existing !== undefined) return [existing, []];
    const slot: Slot = { kind, emitted: "", tool: kind === "call" ? tools++ : -1, ended: false };
    slots.set(index, slot);
    if (kind !== "call") return [slot, []];
    const id = item?.call_id ?? item?.id ?? `call_${index}`;
    return [slot, [{ type: "tool-call-start", index: slot.tool, id, name: item?.name ?? "" }]];
  }

  function emit(slot: Slot, delta: string): CanonicalEvent[] {
    if (delta === "" || slot.ended) return [];
    slot.emitted += delta;
    switch (slot.kind) {
      case "message":
        return [{ type: "text-delta", text: delta }];
      case "reasoning":
        return [{ type: "reasoning-delta", text: delta }];
      case "call":
        return [{ type: "tool-call-delta", index: slot.tool, arguments: delta }];
      case "other":
        return [];
    }
  }

  /** What the final value holds past what was streamed; nothing if the stream already diverged. */
  function catchUp(slot: Slot, final: string): CanonicalEvent[] {
    return final.startsWith(slot.emitted) ? emit(slot, final.slice(slot.emitted.length)) : [];
  }

  function finalOf(item: OutputItemIn): string {
    switch (kindOf(item.type)) {
      case "message":
        return (item.content ?? []).map((part) => part.text ?? part.refusal ?? "").join("");
      case "reasoning":
        return (item.summary ?? []).map((part) => part.text ?? "").join("\n\n");
      case "call":
        return item.arguments ?? "";
      case "other":
        return "";
    }
  }

  function added(index: number, item: OutputItemIn): CanonicalEvent[] {
    const [slot, out] = slotAt(index, kindOf(item.type), item);
    return [...out, ...catchUp(slot, finalOf(item))];
  }

  function delta(index: number, kind: "message" | "reasoning" | "call", text: string): CanonicalEvent[] {
    const [slot, out] = slotAt(index, kind);
    return [...out, ...emit(slot, text)];
  }

  function argumentsDone(index: number, args: string): CanonicalEvent[] {
    const [slot, out] = slotAt(index, "call");
    return [...out, ...catchUp(slot, args)];
  }

  function done(index: number, item: OutputItemIn): CanonicalEvent[] {
    const [slot, out] = slotAt(index, kindOf(item.type), item);
    if (slot.ended) return out;
    out.push(...catchUp(slot, finalOf(item)));
    slot.ended = true;
    if (slot.kind === "call") out.push({ type: "tool-call-end", index: slot.tool });
    return out;
  }

  /** At the terminal event: items it lists that were never done, then every call still open. */
  function settle(output: readonly OutputItemIn[]): CanonicalEvent[] {
    const out = output.flatMap((item, index) => done(index, item));
    for (const slot of slots.values()) {
      if (slot.kind === "call" && !slot.ended) {
        slot.ended = true;
        out.push({ type: "tool-call-end", index: slot.tool });
      }
    }
    return out;
  }

  /** Whether output `index` is a message item whose deltas are still text to stream. */
  function isOpenMessage(index: number): boolean {
    const slot = slots.get(index);
    return slot !== undefined && slot.kind === "message" && !slot.ended;
  }

  /** Text of an open message item that reached the client another way (the byte lane): counted, not emitted. */
  function streamed(index: number, text: string): void {
    const slot = slots.get(index);
    if (slot !== undefined) slot.emitted += text;
  }

  return {
    added,
    delta,
    argumentsDone,
    done,
    settle,
    isOpenMessage,
    streamed,
    calledTools: () => tools > 0,
  };
}
