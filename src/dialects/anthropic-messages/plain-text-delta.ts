/**
 * Most events of a streamed Claude answer are a bit of text for the open text block:
 * `{"type":"content_block_delta","index":N,"delta":{"type":"text_delta","text":"…"}}`. Checked by
 * hand, at a fraction of what the zod schemas cost; any other event (or one that does not fit) takes
 * the full path in decode-stream.ts, unchanged.
 */
import { isAbsent, isObject } from "../openai-chat/plain-text-delta.ts";

/**
 * The block index and text of such an event, when the schemas of the full path would accept it and
 * read it as that text delta: a string `text`, and the delta's other fields the schema knows absent or
 * strings. Whether block N is a text block is the decoder's to say.
 */
export function textBlockDelta(raw: unknown): { readonly index: number; readonly text: string } | undefined {
  if (!isObject(raw) || raw.type !== "content_block_delta") return undefined;
  const { index, delta } = raw;
  if (typeof index !== "number" || !Number.isSafeInteger(index) || index < 0) return undefined;
  if (!isObject(delta) || delta.type !== "text_delta" || typeof delta.text !== "string") return undefined;
  const fits = (value: unknown) => isAbsent(value) || typeof value === "string";
  return fits(delta.thinking) && fits(delta.partial_json) ? { index, text: delta.text } : undefined;
}
