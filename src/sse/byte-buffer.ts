/**
 * Bytes appended piece by piece and read once as UTF-8 text: what a stream's escaped text deltas add
 * up to. Copied in rather than kept by reference, so the upstream's read buffers are not held.
 */
export type ByteBuffer = {
  append(bytes: Uint8Array): void;
  length(): number;
  /** The bytes so far as UTF-8 text; the buffer is empty afterwards. */
  take(): string;
};

export function createByteBuffer(): ByteBuffer {
  let store = Buffer.allocUnsafe(0);
  let used = 0;
  return {
    append(bytes) {
      if (used + bytes.length > store.length) {
        const grown = Buffer.allocUnsafe(Math.max(256, 2 * (used + bytes.length)));
        store.copy(grown, 0, 0, used);
        store = grown;
      }
      store.set(bytes, used);
      used += bytes.length;
    },
    length: () => used,
    take() {
      const text = store.toString("utf8", 0, used);
      used = 0;
      return text;
    },
  };
}
