/**
 * Canonical events -> `chat.completion.chunk` objects, the shape OpenAI streams: a first chunk with
 * the role, content and tool-call deltas keyed by index, a last chunk with `finish_reason`, and — only
 * when the client asked with `stream_options.include_usage` — a usage chunk with empty `choices`.
 */
import { assertNever, type CanonicalEvent, type Usage } from "../../canonical/events.ts";
import { mapFinishReason, mapUsage } from "./map-usage.ts";
import type { ChatChunkDelta, ChatCompletionChunk, ChatFinishReason } from "./wire.ts";

export type ChatStreamOptions = { readonly includeUsage: boolean };

export function createChatChunkRenderer(options: ChatStreamOptions) {
  let head = { id: "", created: 0, model: "" };
  let finished = false;
  let pendingUsage: Usage | undefined;

  function chunk(delta: ChatChunkDelta, finish: ChatFinishReason | null = null): ChatCompletionChunk {
    const out: ChatCompletionChunk = {
      id: head.id,
      object: "chat.completion.chunk",
      created: head.created,
      model: head.model,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    };
    if (options.includeUsage) out.usage = null;
    return out;
  }

  function usageChunk(usage: Usage): ChatCompletionChunk {
    return {
      id: head.id,
      object: "chat.completion.chunk",
      created: head.created,
      model: head.model,
      choices: [],
      usage: mapUsage(usage),
    };
  }

  return function render(event: CanonicalEvent): ChatCompletionChunk[] {
    switch (event.type) {
      case "start":
        head = { id: event.id, created: event.created, model: event.model };
        return [chunk({ role: "assistant", content: "" })];
      case "text-delta":
        return [chunk({ content: event.text })];
      case "reasoning-delta":
        // Chat Completions has no standard reasoning field; the text is not shown to the client.
        return [];
      case "tool-call-start":
        return [
          chunk({
            tool_calls: [
              {
                index: event.index,
                id: event.id,
                type: "function",
                function: { name: event.name, arguments: "" },
              },
            ],
          }),
        ];
      case "tool-call-delta":
        return [chunk({ tool_calls: [{ index: event.index, function: { arguments: event.arguments } }] })];
      case "tool-call-end":
        return [];
      case "usage":
        // OpenAI sends usage after the finish chunk; hold it until then.
        if (!options.includeUsage) return [];
        if (!finished) {
          pendingUsage = event.usage;
          return [];
        }
        return [usageChunk(event.usage)];
      case "finish": {
        finished = true;
        const out = [chunk({}, mapFinishReason(event.reason))];
        if (pendingUsage !== undefined) out.push(usageChunk(pendingUsage));
        return out;
      }
      case "error":
        return [];
      default:
        return assertNever(event);
    }
  };
}
