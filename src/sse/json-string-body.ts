/**
 * Where a JSON string's body ends in raw bytes, checked as JSON.parse would check it: the index of
 * the closing quote, or -1 when the bytes from `start` are not a whole, valid string body (a control
 * character, a bad escape, invalid UTF-8, or no closing quote before `end`). Bytes that pass can be
 * copied into another JSON document as they are: they decode to the same text there.
 */
import { isUtf8 } from "node:buffer";

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

export function jsonStringBodyEnd(bytes: Uint8Array, start: number, end: number): number {
  let wide = false;
  let i = start;
  while (i < end) {
    const c = bytes[i] as number;
    if (c === QUOTE) {
      return wide && !isUtf8(bytes.subarray(start, i)) ? -1 : i;
    }
    if (c === BACKSLASH) {
      const next = bytes[i + 1];
      if (next === 0x75) {
        if (
          i + 6 > end ||
          !isHex(bytes[i + 2]) ||
          !isHex(bytes[i + 3]) ||
          !isHex(bytes[i + 4]) ||
          !isHex(bytes[i + 5])
        )
          return -1;
        i += 6;
        continue;
      }
      if (!isSimpleEscape(next)) return -1;
      i += 2;
      continue;
    }
    if (c < 0x20) return -1;
    if (c >= 0x80) wide = true;
    i++;
  }
  return -1;
}

/** `"`, `\`, `/`, `b`, `f`, `n`, `r`, `t`: the escapes JSON has besides `\u`. */
function isSimpleEscape(c: number | undefined): boolean {
  return (
    c === QUOTE ||
    c === BACKSLASH ||
    c === 0x2f ||
    c === 0x62 ||
    c === 0x66 ||
    c === 0x6e ||
    c === 0x72 ||
    c === 0x74
  );
}

function isHex(c: number | undefined): boolean {
  return (
    c !== undefined && ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66))
  );
}
