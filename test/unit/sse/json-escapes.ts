/**
 * Text and the JSON string bodies encoders write for it: the same text with other escapes, as a
 * backend other than JSON.stringify may send it (Python's ensure_ascii, PHP's `\/`).
 */
import fc from "fast-check";

/** Any text: every code point, lone surrogates, and what JSON must escape or may leave alone. */
export const anyText = fc.string({
  unit: fc.oneof(
    fc.constantFrom('"', "\\", "/", "\n", "\r", "\t", "\b", "\f", "\u0000", "\u001f", "\u007f", "\u2028"),
    fc.constantFrom("é", "€", "😀", "\ud800", "\udfff", "\ud83d"),
    fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
    fc.nat(0xffff).map((code) => String.fromCharCode(code)),
  ),
  maxLength: 24,
});

/** Text that JSON.stringify and the other encoders write differently, besides any text at all. */
export const tellingText = fc.oneof(
  anyText,
  fc.constantFrom("é", "😀", " a/b ", 'say "hi"', "back\\slash", "line\nbreak", "\u2028", "\ud83d", "\ude00"),
);
export type EscapeStyle = "stringify" | "ascii" | "slash" | "unicode";

export const escapeStyle = fc.constantFrom<EscapeStyle>("stringify", "ascii", "slash", "unicode");

/** `\uXXXX` for one UTF-16 code unit, its hex digits in either case. */
function unicodeEscape(code: number, upper: boolean): string {
  const hex = code.toString(16).padStart(4, "0");
  return `\\u${upper ? hex.toUpperCase() : hex}`;
}

/** A JSON string body (no quotes) for the text, escaped in the given style; JSON.parse reads it back. */
export function escaped(text: string, style: EscapeStyle): string {
  const body = JSON.stringify(text).slice(1, -1);
  switch (style) {
    case "stringify":
      return body;
    case "slash":
      return body.replaceAll("/", "\\/");
    case "ascii": {
      // Python's json.dumps (vLLM, ensure_ascii): every code unit past ASCII as \uXXXX.
      let out = "";
      for (let i = 0; i < body.length; i++) {
        const code = body.charCodeAt(i);
        out += code < 0x80 ? body.charAt(i) : unicodeEscape(code, true);
      }
      return out;
    }
    case "unicode": {
      // Every code unit escaped, the hex in lower and upper case by turns.
      let out = "";
      for (let i = 0; i < text.length; i++) out += unicodeEscape(text.charCodeAt(i), i % 2 === 1);
      return out;
    }
  }
}

/** A text's JSON string body where the byte lane finds it: inside a read, bytes[start, end). */
export type BodyInRead = readonly [bytes: Uint8Array, start: number, end: number];

/** The JSON string body of `text` (JSON.stringify's), amid other bytes of an event, as in a read. */
export function bodyInRead(text: string): BodyInRead {
  const before = Buffer.from('data: {"delta":"');
  const body = Buffer.from(JSON.stringify(text).slice(1, -1));
  const bytes = Buffer.concat([before, body, Buffer.from('"}\n\n')]);
  return [bytes, before.length, before.length + body.length];
}
