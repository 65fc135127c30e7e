/**
 * The built-in `mock` backend: speaks Chat Completions in-process, no network and no credentials, so
 * airlock can be tried (and agents tested) before any provider is configured.
 */
import type { Backend, BackendCall, BackendWire, UpstreamResponse } from "../canonical/contract.ts";
import type { CanonicalEvent } from "../canonical/events.ts";
import type { BackendConfig } from "../config/types.ts";
import { collectChatCompletion } from "../dialects/openai-chat/collect.ts";
import { createChatChunkRenderer } from "../dialects/openai-chat/render-stream.ts";
import { mockAnswer } from "./mock-answer.ts";

const wire: BackendWire = {
  dialect: "openai-chat",
  operations: new Set(["chat"]),
  encodeOptions: { developerRole: "system", maxTokensField: "max_tokens" },
};

export function createMockBackend(config: BackendConfig): Backend {
  async function send(call: BackendCall): Promise<UpstreamResponse> {
    const model = typeof call.payload.model === "string" ? call.payload.model : "mock";
    const events = mockAnswer(call.payload, model);
    if (call.payload.stream !== true) {
      const body = JSON.stringify(await collectChatCompletion(fromArray(events)));
      return { status: 200, headers: { "content-type": "application/json" }, body: [Buffer.from(body)] };
    }
    const streamOptions = call.payload.stream_options as { include_usage?: unknown } | undefined;
    const render = createChatChunkRenderer({ includeUsage: streamOptions?.include_usage === true });
    return { status: 200, headers: { "content-type": "text/event-stream" }, body: sse(events, render) };
  }

  return {
    name: config.name,
    kind: "mock",
    wire: () => wire,
    models: config.models,
    forwardHeaders: new Set(),
    send,
    scrub: (text) => text,
    problems: () => [],
    close: async () => {},
  };
}

async function* sse(events: CanonicalEvent[], render: (event: CanonicalEvent) => unknown[]) {
  for (const event of events) {
    for (const chunk of render(event)) yield Buffer.from(`data: ${JSON.stringify(chunk)}\n\n`);
  }
  yield Buffer.from("data: [DONE]\n\n");
}

async function* fromArray<T>(items: readonly T[]) {
  yield* items;
}
