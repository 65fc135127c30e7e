import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { copyBytes } from "../../../src/sse/copy-bytes.ts";

describe("copyBytes", () => {
  it("copies bytes[start, end) to `at`, short runs and long ones, and returns the index past them", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 1500 }),
        fc.nat(1500),
        fc.nat(1500),
        fc.nat(40),
        (bytes, a, b, at) => {
          const [start, end] = [Math.min(a, b, bytes.length), Math.min(Math.max(a, b), bytes.length)];
          const out = new Uint8Array(at + (end - start) + 3).fill(7);
          expect(copyBytes(out, at, bytes, start, end)).toBe(at + end - start);
          const expected = new Uint8Array(out.length).fill(7);
          expected.set(bytes.subarray(start, end), at);
          expect(out).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("copies the whole source when no range is given", () => {
    const out = new Uint8Array(6);
    expect(copyBytes(out, 1, Buffer.from("abcd"))).toBe(5);
    expect(Buffer.from(out).toString("latin1")).toBe("\0abcd\0");
  });
});
