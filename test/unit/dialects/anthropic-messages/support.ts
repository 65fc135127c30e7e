/**
 * The anthropic-messages fixtures (test/fixtures/anthropic-messages/, see the README there) and the
 * small pipelines the tests run them through: wire in, canonical events, wire out.
 */
import { readdirSync, readFileSync } from "node:fs";
import Anthropic from "@anthropic-ai/sdk";
import type { CanonicalEvent } from "../../../../src/canonical/events.ts";
import { createAnthropicStreamDecoder } from "../../../../src/dialects/anthropic-messages/decode-stream.ts";
import { formatAnthropicEvent } from "../../../../src/dialects/anthropic-messages/format-sse.ts";
import { createAnthropicStreamRenderer } from "../../../../src/dialects/anthropic-messages/render-stream.ts";
import type { AnthropicStreamEvent } from "../../../../src/dialects/anthropic-messages/wire.ts";

export const fixtureDir = new URL("../../../fixtures/anthropic-messages/", import.meta.url);

export function readFixture(path: string): string {
  return readFileSync(new URL(path, fixtureDir), "utf8");
}

export function readJson(path: string): unknown {
  return JSON.parse(readFixture(path));
}

export function readEvents(path: string): CanonicalEvent[] {
  return JSON.parse(readFixture(path)) as CanonicalEvent[];
}

export function cases(dir: string): string[] {
  return readdirSync(new URL(`${dir}/`, fixtureDir), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** The JSON of each SSE event's `data:` lines. Enough SSE for recorded fixtures. */
export function parseSse(text: string): unknown[] {
  return text
    .split(/\r?\n\r?\n/)
    .map((block) =>
      block
        .split(/\r?\n/)
        .filter((line) => line.startsWith("data:"))
        .map((line) => line.slice(5).trimStart())
        .join("\n"),
    )
    .filter((data) => data !== "")
    .map((data): unknown => JSON.parse(data));
}

export function wire<T>(value: T): unknown {
  return JSON.parse(JSON.stringify(value));
}

export function renderEvents(events: readonly CanonicalEvent[]): AnthropicStreamEvent[] {
  const renderer = createAnthropicStreamRenderer();
  return [...events.flatMap((event) => renderer.render(event)), ...renderer.end()];
}

export function renderSse(events: readonly CanonicalEvent[]): string {
  return renderEvents(events).map(formatAnthropicEvent).join("");
}

export function decodeEvents(events: readonly unknown[], created = 0): CanonicalEvent[] {
  const decoder = createAnthropicStreamDecoder({ created });
  return [...events.flatMap((event) => decoder.push(event)), ...decoder.end()];
}

/** The official SDK, answered with `body` by a fetch that never touches the network. */
export function sdkAnswering(body: string): Anthropic {
  return new Anthropic({
    apiKey: "test-unused",
    baseURL: "http://airlock.invalid",
    maxRetries: 0,
    fetch: async () => new Response(body, { status: 200, headers: { "content-type": "text/event-stream" } }),
  });
}

export async function sdkFinalMessage(events: readonly CanonicalEvent[]): Promise<unknown> {
  const stream = sdkAnswering(renderSse(events)).messages.stream({
    model: "claude-haiku-4-5",
    max_tokens: 1024,
    messages: [{ role: "user", content: "x" }],
  });
  return wire(await stream.finalMessage());
}

export async function* fromArray<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}
