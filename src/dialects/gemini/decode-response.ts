/**
 * A whole `generateContent` answer -> canonical events, through the stream decoder: a whole response
 * is a stream of one chunk. `streamGenerateContent` without `alt=sse` answers with a JSON array of
 * chunks, which is decoded the same way, chunk by chunk.
 */
import type { CanonicalEvent } from "../../canonical/events.ts";
import { createGeminiStreamDecoder, type GeminiDecodeStreamOptions } from "./decode-stream.ts";

export function decodeGeminiResponse(
  body: unknown,
  options: GeminiDecodeStreamOptions = {},
): CanonicalEvent[] {
  const decoder = createGeminiStreamDecoder(options);
  const chunks: readonly unknown[] = Array.isArray(body) ? body : [body];
  return [...chunks.flatMap((chunk) => decoder.push(chunk)), ...decoder.end()];
}
