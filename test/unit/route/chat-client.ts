/**
 * What a Chat Completions client reads from a translated stream, for byte-lane tests: the chunks as
 * an SDK parses them, and the text they stream.
 */
import { expect } from "vitest";

export type Chunk = Record<string, unknown>;

/** The chunks as an SDK reads them: valid UTF-8, each event one `data:` line, `[DONE]` last. */
export function clientChunks(bytes: Buffer): Chunk[] {
  const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  expect(text.endsWith("data: [DONE]\n\n")).toBe(true);
  return text
    .slice(0, -"data: [DONE]\n\n".length - 2)
    .split("\n\n")
    .map((block) => {
      expect(block.startsWith("data: ")).toBe(true);
      expect(block.includes("\n")).toBe(false);
      const parsed: unknown = JSON.parse(block.slice("data: ".length));
      if (typeof parsed !== "object" || parsed === null) throw new Error(`not a chunk: ${block}`);
      return { ...parsed };
    });
}

export function streamedText(chunks: readonly Chunk[]): string {
  return chunks
    .flatMap((chunk) => {
      const [choice] = Array.isArray(chunk.choices) ? chunk.choices : [];
      const content: unknown = choice?.delta?.content;
      return typeof content === "string" ? [content] : [];
    })
    .join("");
}
