import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createSseDecoder, lineTooLong, type SseEvent } from "../../../src/sse/decode.ts";

const encoder = new TextEncoder();

function decodeAll(chunks: readonly Uint8Array[]): SseEvent[] {
  const decoder = createSseDecoder();
  return [...chunks.flatMap((chunk) => decoder.push(chunk)), ...decoder.end()];
}

/** Splits bytes at the given cut points (any byte, so also inside a UTF-8 sequence or a CRLF). */
function split(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const point of points) {
    out.push(bytes.subarray(from, point));
    from = point;
  }
  out.push(bytes.subarray(from));
  return out;
}

const lineText = fc.string({
  unit: fc.constantFrom("a", "é", "😀", " ", ":", "{", "}", "\u2028"),
  maxLength: 12,
});
const eventArbitrary = fc.record({
  event: fc.option(fc.constantFrom("response.created", "message", "error", "x"), { nil: undefined }),
  data: fc.array(lineText, { minLength: 1, maxLength: 3 }),
  comment: fc.boolean(),
});
const newline = fc.constantFrom("\n", "\r\n", "\r");

describe("createSseDecoder", () => {
  it("createSseDecoder gives the same events for any chunking, line ending and UTF-8 split", () => {
    fc.assert(
      fc.property(
        fc.array(eventArbitrary, { maxLength: 8 }),
        newline,
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.boolean(),
        (events, nl, cuts, bom) => {
          const text = events
            .map(
              (e) =>
                (e.comment ? `: keep-alive${nl}` : "") +
                (e.event === undefined ? "" : `event: ${e.event}${nl}`) +
                e.data.map((line) => `data: ${line}${nl}`).join("") +
                nl,
            )
            .join("");
          const bytes = encoder.encode((bom ? "\uFEFF" : "") + text);
          const expected = events.map((e) => ({ event: e.event ?? "message", data: e.data.join("\n") }));
          expect(decodeAll(split(bytes, cuts))).toStrictEqual(expected);
          // Buffers, as sockets deliver them, take the decoder's Buffer fast path where they can.
          expect(decodeAll(split(Buffer.from(bytes), cuts))).toStrictEqual(expected);
          expect(decodeAll([bytes])).toStrictEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("createSseDecoder reads invalid UTF-8 in Buffers as a TextDecoder does, for any chunking", () => {
    const byte = fc.constantFrom(0x41, 0x0a, 0x80, 0xbf, 0xc2, 0xe0, 0xed, 0xf0, 0xf4, 0xff, 0xa0);
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 40 }), fc.array(fc.nat(), { maxLength: 8 }), (raw, cuts) => {
        const bytes = Buffer.from([...encoder.encode("data: "), ...raw, 0x0a, 0x0a]);
        const whole = decodeAll([new Uint8Array(bytes)]).map((e) => e.data);
        expect(decodeAll(split(bytes, cuts)).map((e) => e.data)).toStrictEqual(whole);
      }),
      { numRuns: 500 },
    );
  });

  it("createSseDecoder drops only the stream's leading BOM: one in a later chunk is text", () => {
    const bom = Buffer.from("\uFEFF");
    // The later chunk ends mid-character, so a TextDecoder reads it; it must not take that BOM as the stream's.
    const chunks = [
      Buffer.from("data: a\n\n"),
      Buffer.concat([bom, Buffer.from("data: b\n\ndata: \u00e9")]).subarray(0, -1),
    ];
    expect(decodeAll([...chunks, Buffer.from([0xa9, 0x0a, 0x0a])]).map((e) => e.data)).toStrictEqual([
      "a",
      "é",
    ]);
    expect(
      decodeAll([Buffer.from([]), ...chunks, Buffer.from([0xa9, 0x0a, 0x0a])]).map((e) => e.data),
    ).toStrictEqual(["a", "é"]);
    expect(decodeAll([Buffer.concat([bom, Buffer.from("data: c\n\n")])]).map((e) => e.data)).toStrictEqual([
      "c",
    ]);
  });

  it("createSseDecoder drops an event the stream ended in the middle of", () => {
    expect(decodeAll([encoder.encode('data: {"a":1}\n\ndata: {"b"')])).toEqual([
      { event: "message", data: '{"a":1}' },
    ]);
    expect(decodeAll([encoder.encode('data: {"a":1}\n')])).toEqual([]);
  });

  it("createSseDecoder reads fields without a space, a field with no colon, and ignores id and retry", () => {
    expect(decodeAll([encoder.encode("id: 7\nretry: 10\nevent:e\ndata:x\ndata\n\n")])).toEqual([
      { event: "e", data: "x\n" },
    ]);
  });

  it("createSseDecoder refuses a line longer than its bound with a stable code", () => {
    const decoder = createSseDecoder({ maxLineLength: 10 });
    expect(decoder.push(encoder.encode("data: 1234"))).toEqual([]);
    expect(() => decoder.push(encoder.encode("567890"))).toThrow(
      expect.objectContaining({ code: lineTooLong }),
    );
  });

  it("createSseDecoder refuses an event whose data lines, never ended by a blank line, outgrow the bound", () => {
    const decoder = createSseDecoder({ maxLineLength: 10 });
    expect(decoder.push(encoder.encode("data: 1234\ndata: 5678\n"))).toEqual([]);
    expect(() => decoder.push(encoder.encode("data: 9\n"))).toThrow(
      expect.objectContaining({ code: lineTooLong }),
    );
  });
});
