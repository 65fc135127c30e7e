import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createEventBoundary } from "../../../src/sse/event-boundary.ts";

const encoder = new TextEncoder();
const bytes = (text: string) => encoder.encode(text);
const text = (data: Uint8Array) => Buffer.from(data).toString("utf8");

function endsOnBoundary(data: Uint8Array): boolean {
  const tail = Buffer.from(data.subarray(Math.max(0, data.length - 4))).toString("latin1");
  return tail.endsWith("\n\n") || tail.endsWith("\r\n\r\n");
}

describe("createEventBoundary examples", () => {
  it("push passes a whole event through unchanged", () => {
    const boundary = createEventBoundary();
    expect(text(boundary.push(bytes('data: {"a":1}\n\n')))).toBe('data: {"a":1}\n\n');
    expect(boundary.rest()).toHaveLength(0);
  });

  it("push holds back half an event until the rest arrives", () => {
    const boundary = createEventBoundary();
    expect(boundary.push(bytes('data: {"a":'))).toHaveLength(0);
    expect(text(boundary.rest())).toBe('data: {"a":');
    expect(text(boundary.push(bytes("1}\n\n")))).toBe('data: {"a":1}\n\n');
    expect(boundary.rest()).toHaveLength(0);
  });

  it("push forwards the whole events of a chunk and keeps the unfinished tail", () => {
    const boundary = createEventBoundary();
    const out = boundary.push(bytes("data: one\n\ndata: two\n\ndata: thr"));
    expect(text(out)).toBe("data: one\n\ndata: two\n\n");
    expect(text(boundary.rest())).toBe("data: thr");
  });

  it("push recognises CRLF blank lines, split between the CR and the LF", () => {
    const boundary = createEventBoundary();
    expect(boundary.push(bytes("event: x\r\ndata: 1\r\n\r"))).toHaveLength(0);
    expect(text(boundary.push(bytes("\n")))).toBe("event: x\r\ndata: 1\r\n\r\n");
  });

  it("push waits for the blank line, not just the end of a line", () => {
    const boundary = createEventBoundary();
    expect(boundary.push(bytes("data: line one\n"))).toHaveLength(0);
    expect(boundary.push(bytes("data: line two\n"))).toHaveLength(0);
    expect(text(boundary.push(bytes("\n")))).toBe("data: line one\ndata: line two\n\n");
  });

  it("push does not split a multi-byte character held at the cut", () => {
    const boundary = createEventBoundary();
    const whole = bytes("data: héllo 🦀\n\n");
    const cut = whole.indexOf(0xf0) + 2;
    const first = boundary.push(whole.subarray(0, cut));
    const second = boundary.push(whole.subarray(cut));
    expect(first).toHaveLength(0);
    expect(text(second)).toBe("data: héllo 🦀\n\n");
  });

  it("push passes on input with no boundary once it exceeds 8 MiB, rather than grow", () => {
    const boundary = createEventBoundary();
    const big = new Uint8Array(8 * 1024 * 1024 + 1).fill(0x61);
    expect(boundary.push(big)).toHaveLength(big.length);
    expect(boundary.rest()).toHaveLength(0);
  });
});

/** One SSE event: data lines (no CR or LF inside), terminated by LF or CRLF lines and a blank line. */
const eventArbitrary = fc
  .record({
    lines: fc.array(fc.string({ unit: "grapheme", maxLength: 20 }), { minLength: 1, maxLength: 3 }),
    crlf: fc.boolean(),
    named: fc.boolean(),
  })
  .map(({ lines, crlf, named }) => {
    const eol = crlf ? "\r\n" : "\n";
    const clean = lines.map((line) => line.replace(/[\r\n]/g, " "));
    const head = named ? `event: message${eol}` : "";
    return `${head}${clean.map((line) => `data: ${line}${eol}`).join("")}${eol}`;
  });

/** Unfinished trailing event (a stream cut mid-event), possibly empty. */
const tailArbitrary = fc.oneof(
  fc.constant(""),
  fc.string({ unit: "grapheme", maxLength: 10 }).map((s) => `data: ${s.replace(/[\r\n]/g, " ")}`),
  fc.string({ unit: "grapheme", maxLength: 10 }).map((s) => `data: ${s.replace(/[\r\n]/g, " ")}\n`),
);

const streamArbitrary = fc.record({
  events: fc.array(eventArbitrary, { maxLength: 8 }),
  tail: tailArbitrary,
  cuts: fc.array(fc.nat(), { maxLength: 12 }),
});

describe("createEventBoundary property", () => {
  it("push emits exactly the events complete so far, at any chunking; push + rest give back every byte", () => {
    fc.assert(
      fc.property(streamArbitrary, ({ events, tail, cuts }) => {
        const encoded = events.map(bytes);
        const all = Buffer.concat([...encoded, bytes(tail)]);
        const eventEnds: number[] = [];
        let offset = 0;
        for (const event of encoded) {
          offset += event.length;
          eventEnds.push(offset);
        }
        const positions = [...new Set(cuts.map((cut) => cut % (all.length + 1)))].sort((a, b) => a - b);

        const boundary = createEventBoundary();
        const outputs: Uint8Array[] = [];
        let start = 0;
        for (const end of [...positions, all.length]) {
          const out = boundary.push(all.subarray(start, end));
          start = end;
          outputs.push(out);
          if (out.length > 0) expect(endsOnBoundary(out)).toBe(true);
          const complete = Math.max(0, ...eventEnds.filter((e) => e <= end));
          expect(Buffer.concat(outputs).equals(all.subarray(0, complete))).toBe(true);
        }
        expect(Buffer.concat([...outputs, boundary.rest()]).equals(all)).toBe(true);
        expect(text(boundary.rest())).toBe(tail);
      }),
      { numRuns: 500 },
    );
  });
});
