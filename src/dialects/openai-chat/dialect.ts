/**
 * Chat Completions on the translated path: the client's dialect (Goose, OpenCode, Aider against a
 * Responses backend) or the backend's (Codex against vLLM, Ollama, the mock). Stream events are bare
 * `data:` lines ending in `data: [DONE]`; a failure is OpenAI's error object as one more data line,
 * which the official SDKs raise, and no `[DONE]` after it.
 */
import type { Dialect, StreamWriter } from "../../canonical/dialect.ts";
import { AirlockError } from "../../canonical/error.ts";
import type { CanonicalEvent } from "../../canonical/events.ts";
import type { CanonicalRequest } from "../../canonical/request.ts";
import { fillSlot, type StringSlot, stringSlot } from "../../sse/string-slot.ts";
import { collectChatCompletion } from "./collect.ts";
import { decodeChatRequest } from "./decode-request.ts";
import { decodeChatCompletion } from "./decode-response.ts";
import { createChatStreamDecoder } from "./decode-stream.ts";
import { encodeChatRequest } from "./encode-request.ts";
import { openAIErrorEvent } from "./render-error.ts";
import { createChatChunkRenderer } from "./render-stream.ts";

export const openaiChat = {
  operation: "chat",
  decodeRequest: decodeChatRequest,
  encodeRequest: (request, options) => encodeChatRequest(request, options),
  createStreamDecoder: createChatStreamDecoder,
  decodeResponse: decodeChatCompletion,
  createStreamWriter: createChatStreamWriter,
  collect: (events) => collectChatCompletion(events),
} satisfies Dialect;

function createChatStreamWriter(request: CanonicalRequest): StreamWriter {
  const render = createChatChunkRenderer({ includeUsage: request.includeUsage });
  let over = false;
  /** Between `start` and `finish`, when a text delta is one chunk that continues the answer. */
  let answering = false;
  /** A text delta's chunk with its content left open, cut once the answer started (id, model). */
  let slot: StringSlot | undefined;
  const fail = (error: AirlockError) => {
    if (over) return "";
    over = true;
    return openAIErrorEvent(error);
  };
  const format = (event: CanonicalEvent) => {
    let out = "";
    for (const chunk of render(event)) out += `data: ${JSON.stringify(chunk)}\n\n`;
    return out;
  };
  return {
    render(event) {
      if (over) return "";
      if (event.type === "error") return fail(new AirlockError("backend_error", event.message));
      if (event.type === "start" || event.type === "finish") {
        answering = event.type === "start";
        slot = undefined;
      }
      return format(event);
    },
    renderTextBody(bytes, start, end) {
      if (over || !answering) return undefined;
      // The text chunk carries nothing but the stream's head, so one sample serves the whole answer.
      slot ??= stringSlot(format({ type: "text-delta", text: "" }), '"content":""');
      return fillSlot(slot, bytes, start, end);
    },
    end() {
      if (over) return "";
      over = true;
      return "data: [DONE]\n\n";
    },
    fail,
  };
}
