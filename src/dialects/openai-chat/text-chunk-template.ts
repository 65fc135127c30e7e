/**
 * The raw-text fast path for plain text chunks. Within one stream, a backend writes every text chunk
 * the same way but for the text itself: `{"id":"…",…,"delta":{"content":"` + text + `"},…}`. Once
 * one such chunk has been parsed, its bytes before and after the text are a template; a later chunk
 * that starts and ends with exactly those bytes, around a valid JSON string body, parses to the same
 * object with another text. Its text is then read without JSON.parse, which is most of what decoding
 * a chunk costs. Chunks that differ elsewhere (a random `obfuscation` field, a finish reason) miss the
 * template and take the parsed path.
 */
import { plainTextDelta } from "./plain-text-delta.ts";

export type TextChunkTemplate = {
  /** The text of a chunk that fits the template, or undefined: parse it instead. */
  match(data: string): string | undefined;
  /**
   * Learns the template from a chunk `plainTextDelta` read as `text` (non-empty); false if it cannot.
   * The template is checked on its own, so a wrong pairing of chunk and text only fails to learn.
   */
  learn(data: string, text: string): boolean;
  /** The learnt data before and after the text's JSON string body (quotes included), if any. */
  parts(): { readonly prefix: string; readonly suffix: string } | undefined;
};

export function createTextChunkTemplate(): TextChunkTemplate {
  let prefix: string | undefined;
  let suffix = "";

  function match(data: string): string | undefined {
    if (prefix === undefined) return undefined;
    const end = data.length - suffix.length;
    // Slices compared whole: V8 compares them as memory, several times faster than startsWith().
    if (end < prefix.length || data.slice(0, prefix.length) !== prefix || data.slice(end) !== suffix) {
      return undefined;
    }
    const body = data.slice(prefix.length, end);
    return isVerbatim(body) ? body : stringOf(body);
  }

  function learn(data: string, text: string): boolean {
    const quoted = JSON.stringify(text);
    const at = data.indexOf(quoted);
    if (at === -1 || data.indexOf(quoted, at + 1) !== -1 || isKey(data, at + quoted.length)) return false;
    // Up to the text's opening quote, and from its closing one.
    const head = data.slice(0, at + 1);
    const tail = data.slice(at + quoted.length - 1);
    // What was found may be another field's equal text, or written with other escapes elsewhere. The
    // chunk as it came read as `text`; a probe that differs from it, put in its place, must read as
    // the probe. Two values read through the slot with nothing else changed make it the string the
    // text is read from: a value read from elsewhere would be the same both times. (A key's name can
    // steer which value is read, through a duplicate key: a key is never the slot.)
    const probe = text === "\u0001" ? "\u0002" : "\u0001";
    if (probeText(`${head}${JSON.stringify(probe).slice(1, -1)}${tail}`) !== probe) return false;
    prefix = head;
    suffix = tail;
    return true;
  }

  return { match, learn, parts: () => (prefix === undefined ? undefined : { prefix, suffix }) };
}

/** Whether the JSON string that ends before `from` is an object's key: a colon follows it. */
function isKey(data: string, from: number): boolean {
  let at = from;
  while (at < data.length && " \t\n\r".includes(data.charAt(at))) at++;
  return data.charCodeAt(at) === 0x3a;
}

/** A JSON string body with nothing to unescape (no quote, backslash or control character) is its text. */
function isVerbatim(body: string): boolean {
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c) return false;
  }
  return true;
}

/** The text of a JSON string body with escapes, or undefined when it is not one (a stray quote). */
function stringOf(body: string): string | undefined {
  try {
    const text: unknown = JSON.parse(`"${body}"`);
    return typeof text === "string" ? text : undefined;
  } catch {
    return undefined;
  }
}

function probeText(data: string): string | undefined {
  try {
    return plainTextDelta(JSON.parse(data));
  } catch {
    return undefined;
  }
}
