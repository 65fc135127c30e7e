/**
 * Holds back the unfinished tail of an SSE byte stream so that only whole events are forwarded. If the
 * upstream dies mid-event, what the client has seen ends on an event boundary, and the error event
 * airlock appends parses cleanly instead of gluing onto half a JSON line.
 *
 * Cost: upstream writes almost always end on a boundary, so the common case is two byte compares and
 * no copy; only a split event is concatenated.
 */
const LF = 10;
const CR = 13;

export type EventBoundary = {
  /** The whole events that `chunk` completes (possibly empty); the rest is kept for later. */
  push(chunk: Uint8Array): Uint8Array;
  /** Bytes held back; non-empty only if the stream ended mid-event. */
  rest(): Uint8Array;
};

/** Past this much without a boundary the input is not SSE as we know it: pass it on rather than grow. */
const maxPending = 8 * 1024 * 1024;

export function createEventBoundary(): EventBoundary {
  let pending: Buffer = Buffer.alloc(0);

  return {
    push(chunk) {
      if (pending.length === 0 && endsOnBoundary(chunk)) return chunk;
      const all = pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([pending, chunk]);
      const end = lastBoundaryEnd(all);
      if (end === all.length || all.length > maxPending) {
        pending = Buffer.alloc(0);
        return all;
      }
      pending = all.subarray(end);
      return all.subarray(0, end);
    },
    rest: () => pending,
  };
}

function endsOnBoundary(bytes: Uint8Array): boolean {
  const n = bytes.length;
  if (n < 2 || bytes[n - 1] !== LF) return false;
  return bytes[n - 2] === LF || (n >= 4 && bytes[n - 2] === CR && bytes[n - 3] === LF && bytes[n - 4] === CR);
}

/** Index just past the last blank line (`\n\n` or `\r\n\r\n`), or 0 when there is none. */
function lastBoundaryEnd(bytes: Buffer): number {
  const lf = bytes.lastIndexOf("\n\n");
  const crlf = bytes.lastIndexOf("\r\n\r\n");
  return Math.max(lf === -1 ? 0 : lf + 2, crlf === -1 ? 0 : crlf + 4);
}
