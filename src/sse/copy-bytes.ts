/**
 * Copies `bytes[start, end)` into `out` at `at` and returns the index just past them. The byte lane
 * copies a few small pieces per token (an event's fixed bytes, a delta's text): a plain loop touches
 * no more code than itself, where Buffer#copy or TypedArray#set first makes a view of the part and
 * crosses into the runtime, which on a busy sidecar costs more than the copy. Long runs take set().
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
  if (length > LOOP_MAX) out.set(bytes.subarray(start, end), at);
  else for (let i = 0; i < length; i++) out[at + i] = bytes[start + i] as number;
  return at + length;
}
