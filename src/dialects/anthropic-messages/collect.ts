/**
 * Folds canonical events into one Anthropic `message`: the non-streaming answer, built from the very
 * events the stream renderer emits, accumulated as the SDK's MessageStream does, so the two cannot
 * disagree. A tool call's input is its arguments parsed; arguments that are not JSON are a backend
 * error rather than a silently emptied input. An error is an error, never a 200 message.
 */
import { AirlockError } from "../../canonical/error.ts";
import type { CanonicalEvent } from "../../canonical/events.ts";
import { createAnthropicStreamRenderer } from "./render-stream.ts";
import type { AnthropicContentBlock, AnthropicMessage, AnthropicStreamEvent } from "./wire.ts";

export async function collectAnthropicMessage(
  events: AsyncIterable<CanonicalEvent>,
): Promise<AnthropicMessage> {
  const renderer = createAnthropicStreamRenderer();
  const fold = createFold();
  for await (const event of events) renderer.render(event).forEach(fold.add);
  renderer.end().forEach(fold.add);
  return fold.message();
}

function createFold() {
  let message: AnthropicMessage | undefined;
  const json = new Map<number, string>();

  function add(event: AnthropicStreamEvent): void {
    switch (event.type) {
      case "message_start":
        message = { ...event.message, content: [] };
        return;
      case "content_block_start":
        message?.content.push({ ...event.content_block });
        return;
      case "content_block_delta": {
        const block = message?.content[event.index];
        const d = event.delta;
        if (block?.type === "text" && d.type === "text_delta") block.text += d.text;
        else if (block?.type === "thinking" && d.type === "thinking_delta") block.thinking += d.thinking;
        else if (block?.type === "thinking" && d.type === "signature_delta") block.signature = d.signature;
        else if (block?.type === "tool_use" && d.type === "input_json_delta") {
          json.set(event.index, (json.get(event.index) ?? "") + d.partial_json);
        }
        return;
      }
      case "content_block_stop": {
        const block = message?.content[event.index];
        const text = json.get(event.index);
        if (block?.type === "tool_use" && text !== undefined) block.input = parseInput(block, text);
        return;
      }
      case "message_delta":
        if (message !== undefined) {
          message.stop_reason = event.delta.stop_reason;
          message.stop_sequence = event.delta.stop_sequence;
          message.usage = { ...event.usage };
        }
        return;
      case "error":
        throw new AirlockError("backend_error", event.error.message);
      case "message_stop":
      case "ping":
        return;
    }
  }

  return {
    add,
    message(): AnthropicMessage {
      if (message === undefined) throw new AirlockError("backend_error", "the backend sent no answer");
      return message;
    },
  };
}

function parseInput(block: AnthropicContentBlock & { type: "tool_use" }, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new AirlockError(
      "backend_error",
      `the backend's arguments for tool call ${block.id} are not JSON`,
      {
        cause,
      },
    );
  }
}
