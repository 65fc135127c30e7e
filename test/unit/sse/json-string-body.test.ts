import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonStringBodyEnd } from "../../../src/sse/json-string-body.ts";
import { anyText, escaped, escapeStyle } from "./json-escapes.ts";

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });
const bytesOf = (text: string): Uint8Array => Buffer.from(text, "latin1");
const utf8 = (text: string): Uint8Array => Buffer.from(text, "utf8");

/** Whether the bytes are a JSON string body: valid UTF-8 that JSON.parse reads between two quotes. */
function isBody(bytes: Uint8Array): boolean {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return false;
  }
  try {
    return typeof JSON.parse(`"${text}"`) === "string";
  } catch {
    return false;
  }
}

/**
 * What jsonStringBodyEnd must return, from JSON.parse and a strict UTF-8 decoder alone: the first
 * quote before `end` that closes a valid body. A valid body holds no unescaped quote, so no earlier
 * quote can close one, and a scan that stops at the first unescaped quote finds exactly this one.
 */
function oracle(bytes: Uint8Array, start: number, end: number): number {
  for (let q = start; q < end; q++) {
    if (bytes[q] === 0x22 && isBody(bytes.subarray(start, q))) return q;
  }
  return -1;
}

/** Bytes that make or break a string body, and any byte now and then. */
const telling = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...bytesOf('"\\/ubfnrtaAfF09xGg')) },
  { weight: 2, arbitrary: fc.constantFrom(0x00, 0x09, 0x0a, 0x1f, 0x7f) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(0x80, 0xbf, 0xc0, 0xc3, 0xa9, 0xe2, 0xed, 0xa0, 0xf0, 0xf4, 0x90, 0xf5, 0xff),
  },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }) },
);

describe("jsonStringBodyEnd", () => {
  it("jsonStringBodyEnd finds the closing quote after any text, however the text is escaped", () => {
    fc.assert(
      fc.property(
        anyText,
        escapeStyle,
        fc.uint8Array({ maxLength: 8 }),
        fc.string(),
        (text, how, tail, before) => {
          const lead = utf8(before);
          const body = utf8(escaped(text, how));
          const bytes = Buffer.concat([lead, body, bytesOf('"'), tail]);
          const close = lead.length + body.length;
          expect(JSON.parse(`"${escaped(text, how)}"`)).toBe(text);
          expect(jsonStringBodyEnd(bytes, lead.length, bytes.length)).toBe(close);
          // The quote itself must lie before `end`.
          expect(jsonStringBodyEnd(bytes, lead.length, close)).toBe(-1);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("jsonStringBodyEnd agrees with JSON.parse and strict UTF-8 on any bytes", () => {
    fc.assert(
      fc.property(
        fc.array(telling, { maxLength: 24 }).map((bytes) => Uint8Array.from(bytes)),
        fc.nat(),
        fc.nat(),
        (bytes, a, b) => {
          const start = a % (bytes.length + 1);
          const end = start + (b % (bytes.length - start + 1));
          expect(jsonStringBodyEnd(bytes, start, end)).toBe(oracle(bytes, start, end));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it("jsonStringBodyEnd agrees with JSON.parse and strict UTF-8 on valid bodies with bytes changed", () => {
    const edit = fc.record({ at: fc.nat(), byte: telling, kind: fc.constantFrom("set", "insert", "delete") });
    fc.assert(
      fc.property(
        anyText,
        escapeStyle,
        fc.array(edit, { minLength: 1, maxLength: 3 }),
        (text, how, edits) => {
          const bytes = [...utf8(`${escaped(text, how)}"tail`)];
          for (const { at, byte, kind } of edits) {
            const i = at % (bytes.length + 1);
            if (kind === "insert") bytes.splice(i, 0, byte);
            else if (i < bytes.length) bytes.splice(i, 1, ...(kind === "set" ? [byte] : []));
          }
          const mutated = Uint8Array.from(bytes);
          expect(jsonStringBodyEnd(mutated, 0, mutated.length)).toBe(oracle(mutated, 0, mutated.length));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("jsonStringBodyEnd refuses bad escapes", () => {
    for (const body of ["\\x", "a\\u12G4", "\\u00g0", "\\u12", '\\u12"', "\\U0041", "\\'", "\\", "\\\\\\"]) {
      const bytes = bytesOf(`${body}"`);
      expect(jsonStringBodyEnd(bytes, 0, bytes.length), body).toBe(-1);
    }
    const fine = bytesOf('\\u00e9\\uD83D\\uDE00\\/\\"\\\\\\b\\f\\n\\r\\t"');
    expect(jsonStringBodyEnd(fine, 0, fine.length)).toBe(fine.length - 1);
  });

  it("jsonStringBodyEnd refuses raw control characters and takes DEL", () => {
    for (const control of ["\n", "\r", "\t", "\u0000", "\u001f"]) {
      const bytes = bytesOf(`a${control}b"`);
      expect(jsonStringBodyEnd(bytes, 0, bytes.length), JSON.stringify(control)).toBe(-1);
    }
    expect(jsonStringBodyEnd(bytesOf('a\u007fb"'), 0, 4)).toBe(3);
  });

  it("jsonStringBodyEnd refuses invalid UTF-8", () => {
    const cases: Record<string, number[]> = {
      "a lone continuation byte": [0x61, 0x80],
      "a truncated three-byte sequence": [0xe2, 0x82],
      "an overlong slash": [0xc0, 0xaf],
      "an overlong three-byte NUL": [0xe0, 0x80, 0x80],
      "a surrogate encoded in UTF-8": [0xed, 0xa0, 0x80],
      "a code point past U+10FFFF": [0xf4, 0x90, 0x80, 0x80],
      "a byte UTF-8 never uses": [0xff],
    };
    for (const [name, body] of Object.entries(cases)) {
      const bytes = Uint8Array.from([...body, 0x22]);
      expect(jsonStringBodyEnd(bytes, 0, bytes.length), name).toBe(-1);
    }
    const fine = utf8('é€😀"');
    expect(jsonStringBodyEnd(fine, 0, fine.length)).toBe(fine.length - 1);
  });

  it("jsonStringBodyEnd reads nothing at or past end", () => {
    const bytes = bytesOf('abc"def"');
    expect(jsonStringBodyEnd(bytes, 0, 3)).toBe(-1);
    expect(jsonStringBodyEnd(bytes, 0, 4)).toBe(3);
    expect(jsonStringBodyEnd(bytes, 4, 7)).toBe(-1);
    expect(jsonStringBodyEnd(bytes, 4, 8)).toBe(7);
    expect(jsonStringBodyEnd(bytes, 8, 8)).toBe(-1);
    // An escape cut by `end` is not finished by the bytes after it.
    const cut = bytesOf('ab\\"c"');
    expect(jsonStringBodyEnd(cut, 0, 3)).toBe(-1);
    expect(jsonStringBodyEnd(cut, 0, 4)).toBe(-1);
    const unicode = bytesOf('\\u0041"');
    expect(jsonStringBodyEnd(unicode, 0, 5)).toBe(-1);
    expect(jsonStringBodyEnd(unicode, 0, 7)).toBe(6);
    expect(jsonStringBodyEnd(bytesOf("no quote at all"), 0, 15)).toBe(-1);
  });
});
