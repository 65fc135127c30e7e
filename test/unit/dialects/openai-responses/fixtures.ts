/**
 * The openai-responses fixtures (test/fixtures/openai-responses/, see the README there) and the
 * small pipelines the tests run them through: wire in, canonical events, wire out.
 */
import { readdirSync, readFileSync } from "node:fs";
import { AirlockError } from "../../../../src/canonical/error.ts";
import type { CanonicalEvent } from "../../../../src/canonical/events.ts";
import { createChatStreamDecoder } from "../../../../src/dialects/openai-chat/decode-stream.ts";
import { openAIErrorBody } from "../../../../src/dialects/openai-chat/render-error.ts";
import { createChatChunkRenderer } from "../../../../src/dialects/openai-chat/render-stream.ts";
import { createResponsesStreamDecoder } from "../../../../src/dialects/openai-responses/decode-stream.ts";
import {
  createResponsesStreamRenderer,
  type ResponsesStreamOptions,
} from "../../../../src/dialects/openai-responses/render-stream.ts";

export const fixtureDir = new URL("../../../fixtures/openai-responses/", import.meta.url);

export function readFixture(path: string): string {
  return readFileSync(new URL(path, fixtureDir), "utf8");
}

export function readJson(path: string): unknown {
  return JSON.parse(readFixture(path));
}

export function readEvents(path: string): CanonicalEvent[] {
  return JSON.parse(readFixture(path)) as CanonicalEvent[];
}

export function readJsonLines(path: string): unknown[] {
  return readFixture(path)
    .split("\n")
    .filter((line) => line !== "")
    .map((line): unknown => JSON.parse(line));
}

/** The JSON of each SSE event's `data:` lines, `[DONE]` left out. Enough SSE for recorded fixtures. */
/** Each event's `data` text, as it came. */
export function sseData(text: string): string[] {
  return text
    .split(/\r?\n\r?\n/)
    .map((block) =>
      block
        .split(/\r?\n/)
        .filter((line) => line.startsWith("data:"))
        .map((line) => line.slice(5).trimStart())
        .join("\n"),
    )
    .filter((data) => data !== "" && data !== "[DONE]");
}

export function parseSse(text: string): unknown[] {
  return sseData(text).map((data): unknown => JSON.parse(data));
}

export function cases(dir: string): string[] {
  return readdirSync(new URL(`${dir}/`, fixtureDir), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** As it would leave airlock: JSON text parsed back, so `undefined` fields are gone. */
export function wire<T>(value: T): unknown {
  return JSON.parse(JSON.stringify(value));
}

export function decodeResponsesStream(events: readonly unknown[]): CanonicalEvent[] {
  const decoder = createResponsesStreamDecoder();
  return [...events.flatMap((event) => decoder.push(event)), ...decoder.end()];
}

export function decodeChatStream(chunks: readonly unknown[]): CanonicalEvent[] {
  const decoder = createChatStreamDecoder();
  return [...chunks.flatMap((chunk) => decoder.push(chunk)), ...decoder.end()];
}

export function renderResponses(
  events: readonly CanonicalEvent[],
  options: ResponsesStreamOptions = {},
): unknown[] {
  const renderer = createResponsesStreamRenderer(options);
  return wire([...events.flatMap((event) => renderer.render(event)), ...renderer.end()]) as unknown[];
}

/**
 * What a Chat Completions client receives for canonical events: the chunks, and for an error event
 * the OpenAI error object airlock writes after them (the chunk renderer leaves errors to the server).
 */
export function renderChat(events: readonly CanonicalEvent[], includeUsage = true): unknown[] {
  const render = createChatChunkRenderer({ includeUsage });
  return wire(
    events.flatMap((event): unknown[] =>
      event.type === "error"
        ? [openAIErrorBody(new AirlockError("backend_error", event.message))]
        : render(event),
    ),
  ) as unknown[];
}

export async function* fromArray<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}
