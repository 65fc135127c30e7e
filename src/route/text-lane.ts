/**
 * The byte lane of a translated stream. Most of an answer is text deltas, each an SSE event that
 * differs from the last only in its text. Once the backend's decoder has seen their shape, such
 * events are read straight from the upstream's bytes: the text's JSON string body is checked where it
 * lies and copied into the client's event as it is, never decoded to a string and encoded again.
 * Anything else — another event, a body that does not check out, an event split across reads —
 * stops the lane, and the rest of the chunk takes the canonical path, which is where it would have
 * gone anyway. The client sees the same events either way.
 */
import type { TextEventShape } from "../canonical/dialect.ts";
import { jsonStringBodyEnd } from "../sse/json-string-body.ts";

/**
 * The client's side: a text delta, the string body bytes[start, end), as its events' bytes, or
 * undefined when it needs the canonical path.
 */
export type RenderTextBody = (bytes: Uint8Array, start: number, end: number) => Uint8Array | undefined;

/**
 * Reads the text events at the start of `chunk` into `out`; returns how many bytes they took (0 when
 * the chunk does not start with one). Stops at the first event it cannot take.
 */
export function readTextEvents(
  chunk: Uint8Array,
  shape: TextEventShape,
  render: RenderTextBody,
  out: Uint8Array[],
): number {
  const { head, tail } = shape;
  let at = 0;
  while (startsWith(chunk, at, head)) {
    const start = at + head.length;
    const close = jsonStringBodyEnd(chunk, start, chunk.length);
    if (close === -1 || !startsWith(chunk, close, tail)) break;
    // An empty text is no delta at all, as on the canonical path.
    if (close > start) {
      const events = render(chunk, start, close);
      if (events === undefined) break;
      out.push(events);
    }
    at = close + tail.length;
  }
  return at;
}

function startsWith(bytes: Uint8Array, at: number, prefix: Uint8Array): boolean {
  if (at + prefix.length > bytes.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[at + i] !== prefix[i]) return false;
  return true;
}
