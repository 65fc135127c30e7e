/**
 * Anthropic Messages on the translated path: the client's dialect (Claude Code against an OpenAI or
 * Gemini backend) or the backend's (any OpenAI client against Anthropic or Claude on Vertex AI).
 * Every stream event is named after its `type`; a failure after the first byte is an `event: error`.
 */
import type { Dialect, StreamWriter } from "../../canonical/dialect.ts";
import type { CanonicalRequest } from "../../canonical/request.ts";
import { collectAnthropicMessage } from "./collect.ts";
import { decodeAnthropicRequest } from "./decode-request.ts";
import { decodeAnthropicMessage } from "./decode-response.ts";
import { createAnthropicStreamDecoder } from "./decode-stream.ts";
import { encodeAnthropicRequest } from "./encode-request.ts";
import { formatAnthropicEvent } from "./format-sse.ts";
import { createAnthropicStreamRenderer } from "./render-stream.ts";
import type { AnthropicStreamEvent } from "./wire.ts";

export const anthropicMessages = {
  operation: "messages",
  decodeRequest: (body) => decodeAnthropicRequest(body),
  encodeRequest: (request, options) =>
    encodeAnthropicRequest(
      request,
      options.defaultMaxTokens === undefined ? {} : { defaultMaxTokens: options.defaultMaxTokens },
    ),
  createStreamDecoder: () => createAnthropicStreamDecoder({ created: Math.floor(Date.now() / 1000) }),
  decodeResponse: (body) => decodeAnthropicMessage(body, { created: Math.floor(Date.now() / 1000) }),
  createStreamWriter,
  collect: (events) => collectAnthropicMessage(events),
} satisfies Dialect;

function createStreamWriter(_request: CanonicalRequest): StreamWriter {
  const renderer = createAnthropicStreamRenderer();
  let over = false;
  const format = (events: readonly AnthropicStreamEvent[]) => {
    let out = "";
    for (const event of events) {
      out += formatAnthropicEvent(event);
      if (event.type === "error") over = true;
    }
    return out;
  };
  return {
    render: (event) => (over ? "" : format(renderer.render(event))),
    renderTextBody: (bytes, start, end) => (over ? undefined : renderer.renderTextBody(bytes, start, end)),
    end: () => (over ? "" : format(renderer.end())),
    fail: (error) => (over ? "" : format(renderer.render({ type: "error", message: error.message }))),
  };
}
