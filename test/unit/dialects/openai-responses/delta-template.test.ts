import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  deltaBodyTemplate,
  deltaPieces,
  deltaTemplate,
} from "../../../../src/dialects/openai-responses/delta-template.ts";
import { formatResponsesEvent } from "../../../../src/dialects/openai-responses/format-sse.ts";
import {
  deltaEvent,
  type ItemState,
  sequenced,
} from "../../../../src/dialects/openai-responses/output-items.ts";
import { bodyInRead } from "../../sse/json-escapes.ts";

const anyText = fc.string({ unit: fc.nat(0xffff).map((code) => String.fromCharCode(code)) });

const anyItem: fc.Arbitrary<ItemState> = fc
  .tuple(fc.constantFrom("message" as const, "reasoning" as const, "call" as const), fc.nat(50), anyText)
  .map(([kind, index, id]) =>
    kind === "call" ? { kind, index, id, callId: "c", name: "f", text: "" } : { kind, index, id, text: "" },
  );

/** The reference: the delta event built as an object and serialised whole. */
function reference(state: ItemState, sequence: number, text: string): string {
  return formatResponsesEvent(sequenced(deltaEvent(state, text), sequence));
}

describe("deltaTemplate", () => {
  it("deltaTemplate writes any delta of any item as the object path does, escapes included", () => {
    fc.assert(
      fc.property(anyItem, fc.nat(100_000), anyText, (state, sequence, text) => {
        expect(deltaTemplate(deltaPieces(state))(sequence, text)).toBe(reference(state, sequence, text));
      }),
      { numRuns: 500 },
    );
  });

  it("deltaBodyTemplate writes a delta given as its JSON string body as the object path does", () => {
    fc.assert(
      fc.property(anyItem, fc.nat(100_000), anyText, (state, sequence, text) => {
        const bytes = deltaBodyTemplate(deltaPieces(state))(sequence, ...bodyInRead(text));
        expect(Buffer.from(bytes).toString()).toBe(reference(state, sequence, text));
      }),
      { numRuns: 500 },
    );
  });
});
