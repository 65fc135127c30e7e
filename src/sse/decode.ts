/**
 * An SSE byte stream -> events, as the WHATWG event-stream grammar reads it: lines end in CRLF, LF or
 * CR (also across chunk edges), `:` lines are comments, `data` lines join with "\n", a blank line
 * dispatches, and an event the stream ends in the middle of is discarded. UTF-8 split across chunks
 * is decoded whole. So any chunking of the same bytes gives the same events.
 *
 * The line buffer is bounded: a peer that never ends a line cannot make airlock grow without limit.
 * Cost: one string per chunk, one slice per line; a line is only concatenated when a chunk splits it.
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
};

export type SseDecoderOptions = {
  /** The longest line accepted, in characters; default 16 MiB, well past any whole-response event. */
  readonly maxLineLength?: number;
};

/** Thrown (with `code`) when a line outgrows the bound: the input is not an event stream we can read. */
export const lineTooLong = "ERR_SSE_LINE_TOO_LONG";

export function createSseDecoder(options: SseDecoderOptions = {}): SseDecoder {
  const maxLine = options.maxLineLength ?? 16 * 1024 * 1024;
  const utf8 = new TextDecoder("utf-8");
  let partial = "";
  /** The last chunk ended in CR: an LF opening the next one belongs to the same line end. */
  let skipLf = false;
  let started = false;
  let data: string[] = [];
  let event = "";

  function field(line: string, out: SseEvent[]): void {
    if (line === "") {
      if (data.length > 0) out.push({ event: event === "" ? "message" : event, data: data.join("\n") });
      data = [];
      event = "";
      return;
    }
    const colon = line.indexOf(":");
    if (colon === 0) return;
    const name = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (name === "data") data.push(value);
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
      const line = text.slice(at, end);
      field(partial === "" ? line : partial + line, out);
      partial = "";
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
    let text = utf8.decode(chunk, { stream: true });
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
    feed(utf8.decode(), out);
    partial = "";
    data = [];
    return out;
  }

  return { push, end };
}
