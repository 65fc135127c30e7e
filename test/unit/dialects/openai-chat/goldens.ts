/**
 * The openai-chat goldens under test/fixtures/openai-chat/: canonical events in, wire out. See the
 * README there for what each file holds.
 */
import { readdirSync, readFileSync } from "node:fs";
import OpenAI from "openai";
import type { CanonicalEvent } from "../../../../src/canonical/events.ts";

export const fixtureDir = new URL("../../../fixtures/openai-chat/", import.meta.url);

export type Golden = {
  readonly name: string;
  readonly events: CanonicalEvent[];
  readonly chunks: unknown[];
  readonly chunksIncludeUsage: unknown[];
  readonly completion: unknown;
};

export function readFixture(path: string): string {
  return readFileSync(new URL(path, fixtureDir), "utf8");
}

function readJsonLines(path: string): unknown[] {
  return readFixture(path)
    .split("\n")
    .filter((line) => line !== "")
    .map((line): unknown => JSON.parse(line));
}

export function goldens(): Golden[] {
  return readdirSync(fixtureDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== "requests")
    .map((entry) => ({
      name: entry.name,
      events: JSON.parse(readFixture(`${entry.name}/events.json`)) as CanonicalEvent[],
      chunks: readJsonLines(`${entry.name}/chunks.jsonl`),
      chunksIncludeUsage: readJsonLines(`${entry.name}/chunks-include-usage.jsonl`),
      completion: JSON.parse(readFixture(`${entry.name}/completion.json`)) as unknown,
    }));
}

/** What a client receives: `data:` events, then `[DONE]`. */
export function toSse(chunks: readonly unknown[]): string {
  return `${chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join("")}data: [DONE]\n\n`;
}

/** The official SDK, answered with `body` by a fetch that never touches the network. */
export function sdkAnswering(body: string, contentType = "text/event-stream"): OpenAI {
  return new OpenAI({
    apiKey: "test-unused",
    baseURL: "http://airlock.invalid/v1",
    maxRetries: 0,
    fetch: async () => new Response(body, { status: 200, headers: { "content-type": contentType } }),
  });
}

export async function* fromArray<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}
