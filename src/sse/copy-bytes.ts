/**
 * Copies `bytes[start, end)` into `out` at `at` and returns the index just past them. The byte lane
 * copies a few small pieces per token: an event's fixed bytes, whole, and a delta's text, a part of
 * the upstream's chunk. A whole piece goes through TypedArray#set, a memcpy with no view to make. A
 * short part is copied by a plain loop: set() would first need a view of it, which costs more than
 * the copy. Long parts take set() after all.
 */
const LOOP_MAX = 512;

export function copyBytes(
  out: Uint8Array,
  at: number,
  bytes: Uint8Array,
  start = 0,
  end = bytes.length,
): number {
  const length = end - start;
  if (start === 0 && end === bytes.length && length > 16) out.set(bytes, at);
  else if (length > LOOP_MAX) out.set(bytes.subarray(start, end), at);
  else for (let i = 0; i < length; i++) out[at + i] = bytes[start + i] as number;
  return at + length;
}
