/**
 * Bytes appended piece by piece and read once as UTF-8 text: what a stream's escaped text deltas add
 * up to. Copied in rather than kept by reference, so the upstream's read buffers are not held.
 */
import { copyBytes } from "./copy-bytes.ts";

export type ByteBuffer = {
  /** Appends bytes[start, end). */
  append(bytes: Uint8Array, start: number, end: number): void;
  length(): number;
  /** The bytes so far as UTF-8 text; the buffer is empty afterwards. */
  take(): string;
};

export function createByteBuffer(): ByteBuffer {
  let store = Buffer.allocUnsafe(0);
  let used = 0;
  return {
    append(bytes, start, end) {
      const length = end - start;
      if (used + length > store.length) {
        const grown = Buffer.allocUnsafe(Math.max(256, 2 * (used + length)));
        store.copy(grown, 0, 0, used);
        store = grown;
      }
      used = copyBytes(store, used, bytes, start, end);
    },
    length: () => used,
    take() {
      const text = store.toString("utf8", 0, used);
      used = 0;
      return text;
    },
  };
}
