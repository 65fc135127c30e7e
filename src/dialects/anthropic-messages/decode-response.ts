/**
 * A whole Anthropic `message` -> the canonical events its stream would decode to: it is replayed
 * through the stream decoder as the events Anthropic would have streamed (message_start, each block's
 * start, delta and stop, message_delta, message_stop), so a whole answer and a streamed one take one
 * path. An error body (`{"type": "error", …}`) is an error event.
 */
import type { CanonicalEvent } from "../../canonical/events.ts";
import { narrowUpstream } from "../openai-chat/narrow.ts";
import { type AnthropicDecodeStreamOptions, createAnthropicStreamDecoder } from "./decode-stream.ts";
import { eventHead, messageSchema } from "./stream-schema.ts";

export function decodeAnthropicMessage(
  body: unknown,
  options: AnthropicDecodeStreamOptions = {},
): CanonicalEvent[] {
  const decoder = createAnthropicStreamDecoder(options);
  if (narrowUpstream(eventHead, body, "Anthropic message").type === "error") {
    return [...decoder.push(body), ...decoder.end()];
  }
  const message = narrowUpstream(messageSchema, body, "Anthropic message");
  const replay: unknown[] = [
    { type: "message_start", message: { ...message, content: [], usage: message.usage } },
  ];
  (message.content ?? []).forEach((block, index) => {
    switch (block.type) {
      case "text":
        replay.push(
          { type: "content_block_start", index, content_block: { type: "text", text: "" } },
          { type: "content_block_delta", index, delta: { type: "text_delta", text: block.text ?? "" } },
        );
        break;
      case "thinking":
        replay.push(
          { type: "content_block_start", index, content_block: { type: "thinking", thinking: "" } },
          {
            type: "content_block_delta",
            index,
            delta: { type: "thinking_delta", thinking: block.thinking ?? "" },
          },
        );
        break;
      case "tool_use":
        replay.push(
          { type: "content_block_start", index, content_block: { ...block, input: {} } },
          {
            type: "content_block_delta",
            index,
            delta: { type: "input_json_delta", partial_json: JSON.stringify(block.input ?? {}) },
          },
        );
        break;
      default:
        replay.push({ type: "content_block_start", index, content_block: block });
    }
    replay.push({ type: "content_block_stop", index });
  });
  replay.push(
    { type: "message_delta", delta: { stop_reason: message.stop_reason ?? null }, usage: message.usage },
    { type: "message_stop" },
  );
  return [...replay.flatMap((event) => decoder.push(event)), ...decoder.end()];
}
