/**
 * The raw-text fast path for plain text events, for any upstream dialect that streams JSON events.
 * Within one stream (one content block, for Anthropic), a backend writes every text event the same
 * way but for the text itself: `{"id":"…",…,"delta":{"content":"` + text + `"},…}`. Once one such
 * event has been parsed, its bytes before and after the text are a template; a later event that
 * starts and ends with exactly those bytes, around a valid JSON string body, parses to the same object
 * with another text. Its text is then read without JSON.parse, which is most of what decoding an event
 * costs. Events that differ elsewhere (a random `obfuscation` field, a finish reason) miss the
 * template and take the parsed path.
 *
 * The dialect says what a plain text event is by the function that reads one from a parsed event
 * (its text, or undefined for any other event): the template is only learnt where that function
 * reads the text from the very slot the template leaves open.
 */
import type { TextEventShape } from "../canonical/dialect.ts";

/** A parsed event's text when it is a plain text event, which decodes to that text alone. */
export type ReadPlainText = (parsed: unknown) => string | undefined;

export type TextEventTemplate = {
  /**
   * The text of an event that fits the template, or undefined: parse it instead. A missed event's
   * data is kept for parsed() to learn from, once the caller has parsed it.
   */
  match(data: string): string | undefined;
  /**
   * After the event match() last missed was parsed: `text` is what ReadPlainText read from it
   * (undefined if it is no plain text event). Learns the template from it while tries are left.
   */
  parsed(text: string | undefined): void;
  /**
   * Learns the template from an event read as `text` (non-empty); false if it cannot. The template
   * is checked on its own, so a wrong pairing of event and text only fails to learn.
   */
  learn(data: string, text: string): boolean;
  /**
   * The learnt event's whole SSE bytes (TextEventShape), assuming it came framed as `lead` (the lines
   * before `data: `, if any) + `data: ` + the data + a blank line, LF line ends. That is an assumption:
   * the template only ever saw the data. The byte lane checks every byte, so an upstream framed
   * otherwise (CRLF, another event line) never matches and is decoded as it always was. Undefined
   * until a template is learnt; `lead` is a dialect's constant (the first call's is kept).
   */
  shape(lead: string): TextEventShape | undefined;
};

export function createTextEventTemplate(read: ReadPlainText): TextEventTemplate {
  let prefix: string | undefined;
  let suffix = "";
  /** Tries left to learn a template: a backend whose events all differ stops paying for them. */
  let lessons = 3;
  /** The raw text match() last missed, which parsed() may learn from. */
  let declined: string | undefined;
  let shaped: TextEventShape | undefined;

  function match(data: string): string | undefined {
    declined = lessons > 0 ? data : undefined;
    if (prefix === undefined) return undefined;
    const end = data.length - suffix.length;
    // Slices compared whole: V8 compares them as memory, several times faster than startsWith().
    if (end < prefix.length || data.slice(0, prefix.length) !== prefix || data.slice(end) !== suffix) {
      return undefined;
    }
    const body = data.slice(prefix.length, end);
    const text = isVerbatim(body) ? body : stringOf(body);
    if (text !== undefined) declined = undefined;
    return text;
  }

  function parsed(text: string | undefined): void {
    const data = declined;
    declined = undefined;
    if (text === undefined || text === "" || data === undefined || lessons <= 0) return;
    lessons--;
    if (learn(data, text)) lessons = 0;
  }

  function learn(data: string, text: string): boolean {
    const quoted = JSON.stringify(text);
    const at = data.indexOf(quoted);
    if (at === -1 || data.indexOf(quoted, at + 1) !== -1 || isKey(data, at + quoted.length)) return false;
    // Up to the text's opening quote, and from its closing one.
    const head = data.slice(0, at + 1);
    const tail = data.slice(at + quoted.length - 1);
    // What was found may be another field's equal text, or written with other escapes elsewhere. The
    // event as it came read as `text`; a probe that differs from it, put in its place, must read as
    // the probe. Two values read through the slot with nothing else changed make it the string the
    // text is read from: a value read from elsewhere would be the same both times. (A key's name can
    // steer which value is read, through a duplicate key: a key is never the slot.)
    const probe = text === "\u0001" ? "\u0002" : "\u0001";
    if (probeText(read, `${head}${JSON.stringify(probe).slice(1, -1)}${tail}`) !== probe) return false;
    prefix = head;
    suffix = tail;
    shaped = undefined;
    return true;
  }

  function shape(lead: string): TextEventShape | undefined {
    // Data learnt from an event on several `data:` lines holds "\n" where the wire has "\ndata: ":
    // `data: ` + it is not that event's bytes, and bytes that are would be another event to SSE.
    if (shaped === undefined && prefix !== undefined && !prefix.includes("\n") && !suffix.includes("\n")) {
      shaped = { head: Buffer.from(`${lead}data: ${prefix}`), tail: Buffer.from(`${suffix}\n\n`) };
    }
    return shaped;
  }

  return { match, parsed, learn, shape };
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

function probeText(read: ReadPlainText, data: string): string | undefined {
  try {
    return read(JSON.parse(data));
  } catch {
    return undefined;
  }
}
