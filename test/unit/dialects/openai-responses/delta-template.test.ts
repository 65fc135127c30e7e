import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CanonicalEvent } from "../../../../src/canonical/events.ts";
import { formatResponsesEvent } from "../../../../src/dialects/openai-responses/format-sse.ts";
import { createResponsesStreamRenderer } from "../../../../src/dialects/openai-responses/render-stream.ts";
import { answerArbitrary } from "./arbitraries.ts";

/** The SSE text of an answer, through render() alone or with renderDeltaSse() first, as airlock writes it. */
function sse(events: readonly CanonicalEvent[], templated: boolean): string {
  const renderer = createResponsesStreamRenderer();
  let out = "";
  for (const event of events) {
    const fast = templated ? renderer.renderDeltaSse(event) : undefined;
    out += fast ?? renderer.render(event).map(formatResponsesEvent).join("");
  }
  return out + renderer.end().map(formatResponsesEvent).join("");
}

const anyText = fc.string({ unit: fc.nat(0xffff).map((code) => String.fromCharCode(code)) });

describe("createResponsesStreamRenderer renderDeltaSse", () => {
  it("renderDeltaSse writes any answer byte for byte as render() and formatResponsesEvent do", () => {
    fc.assert(
      fc.property(answerArbitrary, (events) => {
        expect(sse(events, true)).toBe(sse(events, false));
      }),
      { numRuns: 300 },
    );
  });

  it("renderDeltaSse escapes any delta text as JSON.stringify does", () => {
    fc.assert(
      fc.property(fc.array(anyText, { minLength: 1, maxLength: 4 }), fc.string(), (texts, id) => {
        const events: CanonicalEvent[] = [
          { type: "start", id, model: "m", created: 1 },
          ...texts.map((text): CanonicalEvent => ({ type: "text-delta", text })),
          { type: "tool-call-start", index: 0, id: "call_1", name: "f" },
          ...texts.map((text): CanonicalEvent => ({ type: "tool-call-delta", index: 0, arguments: text })),
          ...texts.map((text): CanonicalEvent => ({ type: "reasoning-delta", text })),
          { type: "finish", reason: "stop" },
        ];
        expect(sse(events, true)).toBe(sse(events, false));
      }),
      { numRuns: 300 },
    );
  });

  it("renderDeltaSse leaves to render() what opens, closes or follows the end", () => {
    const renderer = createResponsesStreamRenderer();
    expect(renderer.renderDeltaSse({ type: "text-delta", text: "a" })).toBeUndefined();
    renderer.render({ type: "text-delta", text: "a" });
    expect(renderer.renderDeltaSse({ type: "text-delta", text: "b" })).toContain('"delta":"b"');
    expect(renderer.renderDeltaSse({ type: "reasoning-delta", text: "c" })).toBeUndefined();
    expect(renderer.renderDeltaSse({ type: "tool-call-delta", index: 0, arguments: "{}" })).toBeUndefined();
    renderer.render({ type: "finish", reason: "stop" });
    expect(renderer.renderDeltaSse({ type: "text-delta", text: "d" })).toBeUndefined();
  });
});
