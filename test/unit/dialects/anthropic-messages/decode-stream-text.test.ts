/**
 * The Anthropic decoder's raw-text fast path (pushText) against push alone: the same events for any
 * stream, whichever blocks its text deltas name, open, closed or restarted as another kind.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createAnthropicStreamDecoder } from "../../../../src/dialects/anthropic-messages/decode-stream.ts";
import { anyText } from "../../sse/json-escapes.ts";

const start = '{"type":"message_start","message":{"id":"msg_1","model":"claude"}}';
const blockStart = (index: number, type: string) =>
  JSON.stringify({ type: "content_block_start", index, content_block: { type } });
const text = (index: number, body: string, extra = "") =>
  `{"type":"content_block_delta","index":${index},"delta":{"type":"text_delta","text":${JSON.stringify(body)}${extra}}}`;

const event = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.nat(2), anyText).map(([index, body]) => text(index, body)) },
  { weight: 1, arbitrary: fc.nat(2).map((index) => text(index, "x", ',"thinking":null')) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.nat(2), fc.constantFrom("text", "thinking", "tool_use"))
      .map(([index, type]) => blockStart(index, type)),
  },
  { weight: 1, arbitrary: fc.nat(2).map((index) => `{"type":"content_block_stop","index":${index}}`) },
  { weight: 1, arbitrary: fc.constant('{"type": "ping"}') },
);

describe("createAnthropicStreamDecoder pushText", () => {
  it("createAnthropicStreamDecoder decodes the same events through pushText as through push alone", () => {
    let fast = 0;
    fc.assert(
      fc.property(fc.array(event, { maxLength: 30 }), (middle) => {
        const stream = [start, blockStart(0, "text"), text(0, "Hello"), ...middle, '{"type":"message_stop"}'];
        const plain = createAnthropicStreamDecoder({ created: 1 });
        const quick = createAnthropicStreamDecoder({ created: 1 });
        for (const data of stream) {
          const expected = plain.push(JSON.parse(data));
          const read = quick.pushText(data);
          if (read !== undefined) fast++;
          expect(read ?? quick.push(JSON.parse(data))).toStrictEqual(expected);
        }
        expect(quick.end()).toStrictEqual(plain.end());
      }),
      { numRuns: 500 },
    );
    expect(fast).toBeGreaterThan(200);
  });

  it("createAnthropicStreamDecoder offers a shape with the event line only while a text block is open", () => {
    const decoder = createAnthropicStreamDecoder();
    for (const data of [start, blockStart(0, "text"), text(0, "Hello")]) {
      decoder.pushText(data) ?? decoder.push(JSON.parse(data));
    }
    const shape = decoder.textEventShape();
    expect(Buffer.from(shape?.head ?? []).toString()).toBe(
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"',
    );
    expect(Buffer.from(shape?.tail ?? []).toString()).toBe('"}}\n\n');
    decoder.push({ type: "content_block_stop", index: 0 });
    expect(decoder.textEventShape()).toBeUndefined();
  });
});
