/**
 * An SSE byte stream -> events, as the WHATWG event-stream grammar reads it: lines end in CRLF, LF or
 * CR (also across chunk edges), `:` lines are comments, `data` lines join with "\n", a blank line
 * dispatches, and an event the stream ends in the middle of is discarded. UTF-8 split across chunks
 * is decoded whole. So any chunking of the same bytes gives the same events.
 *
 * The line buffer is bounded: a peer that never ends a line cannot make airlock grow without limit.
 * Cost: one string per chunk, one slice per `data` line; a line is only concatenated when a chunk
 * splits it.
 * https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 */

export type SseEvent = {
  /** The `event` field, or `message` when the event named none. */
  readonly event: string;
  readonly data: string;
};

export type SseDecoder = {
  /** The events this chunk completes (often none, sometimes several). */
  push(chunk: Uint8Array): SseEvent[];
  /** Call at the end of the stream; a half-received event is dropped, as the spec says. */
  end(): SseEvent[];
  /**
   * Whether everything pushed so far ended on an event boundary, with nothing held back (no part of a
   * line, an event or a character): whole events may then be read past this decoder, and what follows
   * them pushed here as if they had been.
   */
  idle(): boolean;
};

export type SseDecoderOptions = {
  /** The longest line (and event data) accepted, in characters; default 16 MiB, past any whole-response event. */
  readonly maxLineLength?: number;
};

/** Thrown (with `code`) when a line outgrows the bound: the input is not an event stream we can read. */
export const lineTooLong = "ERR_SSE_LINE_TOO_LONG";

export function createSseDecoder(options: SseDecoderOptions = {}): SseDecoder {
  const maxLine = options.maxLineLength ?? 16 * 1024 * 1024;
  /** Made at the first chunk that needs it: most streams never hold a character across chunks. */
  let utf8: InstanceType<typeof TextDecoder> | undefined;
  /** Bytes were decoded before the TextDecoder was made: a BOM it then sees is not the stream's. */
  let decoded = false;
  let partial = "";
  /** The last chunk ended in CR: an LF opening the next one belongs to the same line end. */
  let skipLf = false;
  let started = false;
  /** The event's data so far, lines joined with "\n"; undefined until a `data` field arrives. */
  let data: string | undefined;
  let event = "";
  /** The last chunk ended in an ASCII byte, so the TextDecoder holds no part of a character. */
  let whole = true;

  /**
   * A chunk that ends in an ASCII byte, after one that did too, holds only whole characters: Buffer's
   * own UTF-8 decoder reads it at half the cost of a streaming TextDecoder call, to the same text
   * (invalid bytes become U+FFFD alike). Until the text starts, a chunk that may open with a BOM
   * (0xEF) goes to the TextDecoder, which drops it.
   */
  function decode(chunk: Uint8Array): string {
    const last = chunk[chunk.length - 1];
    if (last === undefined) return "";
    const ascii = last < 0x80;
    const fast = (started || chunk[0] !== 0xef) && whole && ascii && chunk instanceof Buffer;
    whole = ascii;
    if (fast) {
      decoded = true;
      return chunk.toString();
    }
    utf8 ??= new TextDecoder("utf-8", { ignoreBOM: decoded });
    return utf8.decode(chunk, { stream: true });
  }

  /** One more `data` line: an event's data is bounded as a line is, or data lines never ended grow forever. */
  function addData(value: string): void {
    data = data === undefined ? value : `${data}\n${value}`;
    if (data.length > maxLine) {
      throw Object.assign(new Error(`an event-stream event's data is longer than ${maxLine} characters`), {
        code: lineTooLong,
      });
    }
  }

  /** The field on `source` from `from` to `to` (one line, its end excluded). */
  function field(source: string, from: number, to: number, out: SseEvent[]): void {
    if (from === to) {
      if (data !== undefined) out.push({ event: event === "" ? "message" : event, data });
      data = undefined;
      event = "";
      return;
    }
    // Nearly every line is `data: …`: its value is sliced straight out of the chunk's text.
    if (to - from >= 6 && source.startsWith("data: ", from)) {
      addData(source.slice(from + 6, to));
      return;
    }
    const line = source.slice(from, to);
    const colon = line.indexOf(":");
    if (colon === 0) return;
    const name = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (name === "data") addData(value);
    else if (name === "event") event = value;
    // `id` and `retry` steer reconnection, which airlock never does: ignored.
  }

  function feed(text: string, out: SseEvent[]): void {
    let at = skipLf && text.startsWith("\n") ? 1 : 0;
    skipLf = false;
    // Each search runs once over the text: a CR-free stream must not rescan to its end per line.
    let lf = text.indexOf("\n", at);
    let cr = text.indexOf("\r", at);
    while (lf !== -1 || cr !== -1) {
      const end = cr === -1 || (lf !== -1 && lf < cr) ? lf : cr;
      if (partial === "") field(text, at, end, out);
      else {
        const line = partial + text.slice(at, end);
        field(line, 0, line.length, out);
        partial = "";
      }
      at = end + 1;
      if (end === cr) {
        if (at === text.length) skipLf = true;
        else if (text.charCodeAt(at) === 10) at++;
      }
      if (lf !== -1 && lf < at) lf = text.indexOf("\n", at);
      if (cr !== -1 && cr < at) cr = text.indexOf("\r", at);
    }
    if (at < text.length) {
      partial += text.slice(at);
      if (partial.length > maxLine) {
        throw Object.assign(new Error(`an event-stream line is longer than ${maxLine} characters`), {
          code: lineTooLong,
        });
      }
    }
  }

  function push(chunk: Uint8Array): SseEvent[] {
    let text = decode(chunk);
    if (!started && text !== "") {
      started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const out: SseEvent[] = [];
    feed(text, out);
    return out;
  }

  function end(): SseEvent[] {
    const out: SseEvent[] = [];
    feed(utf8?.decode() ?? "", out);
    partial = "";
    data = undefined;
    return out;
  }

  const idle = () => started && whole && !skipLf && partial === "" && data === undefined && event === "";

  return { push, end, idle };
}
