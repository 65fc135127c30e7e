/**
 * The byte lane of a translated stream. Most of an answer is text deltas, each an SSE event that
 * differs from the last only in its text (and, for some dialects, a counter and a random pad; see
 * TextEventShape). Once the backend's decoder has seen their shape, such events are read straight
 * from the upstream's bytes: the text's JSON string body is checked where it lies and copied into the
 * client's event as it is, never decoded to a string and encoded again. Anything else — another
 * event, a body that does not check out, an event split across reads — stops the lane, and the rest
 * of the chunk takes the canonical path, which is where it would have gone anyway. The client sees
 * the same events either way.
 */
import type { TextEventShape } from "../canonical/dialect.ts";
import { jsonStringBodyEnd } from "../sse/json-string-body.ts";

/**
 * The client's side: a text delta, the string body bytes[start, end), as its events' bytes, or
 * undefined when it needs the canonical path.
 */
export type RenderTextBody = (bytes: Uint8Array, start: number, end: number) => Uint8Array | undefined;

/** Where the lane hands each text event it rendered, in order. */
export type TakeEvents = (events: Uint8Array) => void;

/**
 * Reads the text events at the start of `chunk`, handing their rendering to `take`; returns how many
 * bytes they took (0 when the chunk does not start with one). Stops at the first event it cannot take.
 */
export function readTextEvents(
  chunk: Uint8Array,
  shape: TextEventShape,
  render: RenderTextBody,
  take: TakeEvents,
): number {
  return shape.numberAt === undefined && shape.padAt === undefined && shape.took === undefined
    ? readFixedEvents(chunk, shape, render, take)
    : readVaryingEvents(chunk, shape, render, take);
}

/** Events whose bytes around the text never change (chat, Anthropic): the loop at its simplest. */
function readFixedEvents(
  chunk: Uint8Array,
  shape: TextEventShape,
  render: RenderTextBody,
  take: TakeEvents,
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
      take(events);
    }
    at = close + tail.length;
  }
  return at;
}

/** Events with a counter in the head, a pad in the tail, a decoder to tell (Responses). */
function readVaryingEvents(
  chunk: Uint8Array,
  shape: TextEventShape,
  render: RenderTextBody,
  take: TakeEvents,
): number {
  const { head, tail, took } = shape;
  const numberAt = shape.numberAt ?? head.length;
  const padAt = shape.padAt ?? tail.length;
  let at = 0;
  for (;;) {
    const start = afterHead(chunk, at, head, numberAt);
    if (start === -1) break;
    const close = jsonStringBodyEnd(chunk, start, chunk.length);
    if (close === -1) break;
    const end = afterTail(chunk, close, tail, padAt);
    if (end === -1) break;
    if (close > start) {
      const events = render(chunk, start, close);
      if (events === undefined) break;
      took?.(chunk, start, close);
      take(events);
    }
    at = end;
  }
  return at;
}

/** Where the text's body starts if `head` (a counter at `numberAt`) is at `at`; -1 if it is not. */
function afterHead(bytes: Uint8Array, at: number, head: Uint8Array, numberAt: number): number {
  if (numberAt === head.length) return startsWith(bytes, at, head) ? at + head.length : -1;
  if (!matches(bytes, at, head, 0, numberAt)) return -1;
  const digits = integerEnd(bytes, at + numberAt);
  if (digits === -1 || !matches(bytes, digits, head, numberAt, head.length)) return -1;
  return digits + head.length - numberAt;
}

/** Where the event ends if `tail` (a pad at `padAt`) is at `at`; -1 if it is not. */
function afterTail(bytes: Uint8Array, at: number, tail: Uint8Array, padAt: number): number {
  if (padAt === tail.length) return startsWith(bytes, at, tail) ? at + tail.length : -1;
  if (!matches(bytes, at, tail, 0, padAt)) return -1;
  const padEnd = jsonStringBodyEnd(bytes, at + padAt, bytes.length);
  if (padEnd === -1 || !matches(bytes, padEnd, tail, padAt, tail.length)) return -1;
  return padEnd + tail.length - padAt;
}

function startsWith(bytes: Uint8Array, at: number, prefix: Uint8Array): boolean {
  return matches(bytes, at, prefix, 0, prefix.length);
}

/**
 * Whether bytes at `at` are part[from, to), by a plain loop. Buffer#compare (a memcmp) is twice as
 * fast in a hot loop, but inside a running airlock, where a token's work starts from cold caches, its
 * way into C++ and back cost more: with it for parts over 32 bytes, a Chat client's stream from a
 * Responses upstream took 2% more CPU than with the loop alone, side by side.
 */
function matches(bytes: Uint8Array, at: number, part: Uint8Array, from: number, to: number): boolean {
  if (at + (to - from) > bytes.length) return false;
  for (let i = from; i < to; i++) if (bytes[at + i - from] !== part[i]) return false;
  return true;
}

/**
 * The end of a JSON integer at `at` as JSON.parse reads one: `0` or digits not starting with 0, no
 * sign (a counter has none); -1 if there is none. Past 15 digits it is not taken: a counter that
 * long is no longer one the canonical path would read to the same number.
 */
function integerEnd(bytes: Uint8Array, at: number): number {
  const first = bytes[at];
  if (first === undefined || first < 0x30 || first > 0x39) return -1;
  if (first === 0x30) return at + 1;
  for (let i = at + 1; i < bytes.length; i++) {
    const c = bytes[i] as number;
    if (c < 0x30 || c > 0x39) return i;
    // A 16th digit.
    if (i - at === 15) return -1;
  }
  return -1;
}
