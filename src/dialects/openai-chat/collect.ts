/** Folds canonical events into one `chat.completion`: the non-streaming answer, from the same events. */
import { AirlockError } from "../../canonical/error.ts";
import { assertNever, type CanonicalEvent } from "../../canonical/events.ts";
import { mapFinishReason, mapUsage } from "./map-usage.ts";
import type { ChatCompletion, ChatToolCall } from "./wire.ts";

export async function collectChatCompletion(events: AsyncIterable<CanonicalEvent>): Promise<ChatCompletion> {
  const out: ChatCompletion = { id: "", object: "chat.completion", created: 0, model: "", choices: [] };
  let content: string | null = null;
  const calls: ChatToolCall[] = [];
  let finish: ChatCompletion["choices"][number]["finish_reason"] = null;
  for await (const event of events) {
    switch (event.type) {
      case "start":
        Object.assign(out, { id: event.id, created: event.created, model: event.model });
        break;
      case "text-delta":
        content = (content ?? "") + event.text;
        break;
      case "reasoning-delta":
      case "tool-call-end":
        break;
      case "tool-call-start":
        calls[event.index] = {
          id: event.id,
          type: "function",
          function: { name: event.name, arguments: "" },
        };
        break;
      case "tool-call-delta": {
        const call = calls[event.index];
        if (call) call.function.arguments += event.arguments;
        break;
      }
      case "usage":
        out.usage = mapUsage(event.usage);
        break;
      case "finish":
        finish = mapFinishReason(event.reason);
        break;
      case "error":
        throw new AirlockError("backend_error", event.message);
      default:
        assertNever(event);
    }
  }
  const message: ChatCompletion["choices"][number]["message"] = { role: "assistant", content, refusal: null };
  const toolCalls = calls.filter((call) => call !== undefined);
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  out.choices = [{ index: 0, message, logprobs: null, finish_reason: finish }];
  return out;
}
