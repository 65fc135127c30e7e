/** The gemini fixtures (test/fixtures/gemini/, see the README there) and the pipelines the tests use. */
import { readdirSync, readFileSync } from "node:fs";
import type { CanonicalEvent } from "../../../../src/canonical/events.ts";
import { createGeminiStreamDecoder } from "../../../../src/dialects/gemini/decode-stream.ts";

export const fixtureDir = new URL("../../../fixtures/gemini/", import.meta.url);

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

export function decodeChunks(chunks: readonly unknown[]): CanonicalEvent[] {
  const decoder = createGeminiStreamDecoder();
  return [...chunks.flatMap((chunk) => decoder.push(chunk)), ...decoder.end()];
}

export function wire<T>(value: T): unknown {
  return JSON.parse(JSON.stringify(value));
}
