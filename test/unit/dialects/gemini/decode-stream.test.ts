import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CanonicalEvent } from "../../../../src/canonical/events.ts";
import { decodeGeminiResponse } from "../../../../src/dialects/gemini/decode-response.ts";
import { createGeminiStreamDecoder } from "../../../../src/dialects/gemini/decode-stream.ts";
import { parseSse, renderChat } from "../openai-responses/fixtures.ts";
import { cases, decodeChunks, readEvents, readFixture, readJson } from "./support.ts";

function upstream(name: string): unknown[] {
  return parseSse(readFixture(`upstream/${name}/upstream.sse`));
}

describe("createGeminiStreamDecoder goldens: a Gemini backend's stream in", () => {
  const names = cases("upstream");

  it("the goldens cover text, function calls, thinking, every way an answer stops, errors and a cut stream", () => {
    expect(names).toEqual([
      "error",
      "function-calls",
      "max-tokens",
      "prompt-blocked",
      "safety",
      "text",
      "thinking",
      "truncated",
    ]);
  });

  for (const name of names) {
    it(`createGeminiStreamDecoder decodes ${name} to events.json`, () => {
      expect(decodeChunks(upstream(name))).toStrictEqual(readEvents(`upstream/${name}/events.json`));
    });

    it(`a Chat Completions client receives ${name} as chat-chunks.jsonl`, () => {
      const lines = readFixture(`upstream/${name}/chat-chunks.jsonl`)
        .split("\n")
        .filter((l) => l !== "");
      expect(renderChat(decodeChunks(upstream(name)))).toStrictEqual(
        lines.map((l): unknown => JSON.parse(l)),
      );
    });
  }

  it("createGeminiStreamDecoder never lets an error or a cut stream look finished", () => {
    for (const name of ["error", "truncated"]) {
      const events = decodeChunks(upstream(name));
      expect(events.at(-1)?.type).toBe("error");
      expect(events.some((e) => e.type === "finish")).toBe(false);
    }
  });
});

describe("decodeGeminiResponse goldens: a whole answer in", () => {
  for (const name of cases("whole")) {
    it(`decodeGeminiResponse decodes whole/${name} to events.json`, () => {
      expect(decodeGeminiResponse(readJson(`whole/${name}/response.json`))).toStrictEqual(
        readEvents(`whole/${name}/events.json`),
      );
    });
  }

  it("decodeGeminiResponse decodes a whole answer to the same events as its stream", () => {
    expect(decodeGeminiResponse(readJson("whole/function-calls/response.json"))).toStrictEqual(
      decodeChunks(upstream("function-calls")),
    );
  });
});

describe("createGeminiStreamDecoder edges", () => {
  const head = { responseId: "r1", modelVersion: "gemini-2.5-flash" };

  it("createGeminiStreamDecoder takes created from its options when there is no createTime", () => {
    const decoder = createGeminiStreamDecoder({ created: 1763900000 });
    expect(decoder.push(head)).toEqual([
      { type: "start", id: "r1", model: "gemini-2.5-flash", created: 1763900000 },
    ]);
  });

  it("createGeminiStreamDecoder keeps a function call's own id, and maps a malformed call to an error finish", () => {
    const events = decodeChunks([
      {
        ...head,
        candidates: [
          {
            content: { parts: [{ functionCall: { id: "fc_7", name: "f", args: {} } }] },
            finishReason: "MALFORMED_FUNCTION_CALL",
          },
        ],
      },
    ]);
    expect(events.slice(1)).toEqual([
      { type: "tool-call-start", index: 0, id: "fc_7", name: "f" },
      { type: "tool-call-delta", index: 0, arguments: "{}" },
      { type: "tool-call-end", index: 0 },
      { type: "finish", reason: "error" },
    ]);
  });

  it("createGeminiStreamDecoder reads the last usage, even after the finish, and ignores content after it", () => {
    const events = decodeChunks([
      {
        ...head,
        candidates: [{ content: { parts: [{ text: "a" }] }, finishReason: "STOP" }],
        usageMetadata: { promptTokenCount: 1 },
      },
      {
        ...head,
        candidates: [{ content: { parts: [{ text: "late" }] } }],
        usageMetadata: { promptTokenCount: 5, candidatesTokenCount: 2 },
      },
    ]);
    expect(events.slice(1)).toEqual([
      { type: "text-delta", text: "a" },
      { type: "finish", reason: "stop" },
      { type: "usage", usage: { inputTokens: 5, outputTokens: 2 } },
    ]);
  });

  it("createGeminiStreamDecoder throws a backend error for a malformed chunk", () => {
    expect(() => createGeminiStreamDecoder().push({ candidates: "no" })).toThrow(
      expect.objectContaining({ kind: "backend_error", status: 502 }),
    );
  });
});

// --- properties ----------------------------------------------------------------------------

type Part =
  | { text: string; thought?: boolean }
  | { functionCall: { name: string; args: Record<string, unknown> } };

const partArbitrary: fc.Arbitrary<Part> = fc.oneof(
  fc.record({ text: fc.string({ minLength: 1, maxLength: 12 }) }),
  fc.record({ text: fc.string({ minLength: 1, maxLength: 12 }), thought: fc.constant(true) }),
  fc.record({
    functionCall: fc.record({
      name: fc.stringMatching(/^[a-z_]{1,8}$/),
      args: fc.dictionary(fc.stringMatching(/^[a-z]{1,5}$/), fc.oneof(fc.string(), fc.integer()), {
        maxKeys: 2,
      }),
    }),
  }),
);

const reasonArbitrary = fc.constantFrom(
  "STOP",
  "MAX_TOKENS",
  "SAFETY",
  "RECITATION",
  "OTHER",
  "SPII",
  "MALFORMED_FUNCTION_CALL",
);
const usageArbitrary = fc.record({
  promptTokenCount: fc.nat(5000),
  candidatesTokenCount: fc.nat(5000),
  thoughtsTokenCount: fc.nat(5000),
  cachedContentTokenCount: fc.nat(5000),
});

/** Concatenated text and reasoning, the calls, the finish and the usage: what chunking may not change. */
function fold(events: readonly CanonicalEvent[]) {
  let text = "";
  let reasoning = "";
  const calls: string[] = [];
  const rest: CanonicalEvent[] = [];
  for (const e of events) {
    if (e.type === "text-delta") text += e.text;
    else if (e.type === "reasoning-delta") reasoning += e.text;
    else if (e.type === "tool-call-start") calls.push(`${e.id} ${e.name}`);
    else if (e.type === "tool-call-delta") calls.push(e.arguments);
    else if (e.type !== "tool-call-end") rest.push(e);
  }
  return { text, reasoning, calls, rest };
}

describe("createGeminiStreamDecoder properties", () => {
  it("any chunking of an answer, text parts split anywhere, decodes to the same answer as one chunk", () => {
    fc.assert(
      fc.property(
        fc.array(partArbitrary, { maxLength: 6 }),
        reasonArbitrary,
        usageArbitrary,
        fc.array(fc.nat(), { maxLength: 8 }),
        (parts, finishReason, usageMetadata, cuts) => {
          const meta = {
            responseId: "r",
            modelVersion: "gemini-2.5-pro",
            createTime: "2026-11-23T12:00:00Z",
          };
          const whole = [
            { ...meta, candidates: [{ content: { role: "model", parts }, finishReason }], usageMetadata },
          ];
          // Split text parts in two where a cut says, then spread all parts over chunks.
          const pieces = parts.flatMap((p, i): Part[] => {
            const cut = cuts[i];
            if (!("text" in p) || cut === undefined || p.text.length < 2) return [p];
            const at = 1 + (cut % (p.text.length - 1));
            return [
              { ...p, text: p.text.slice(0, at) },
              { ...p, text: p.text.slice(at) },
            ];
          });
          const chunks: unknown[] = [];
          let from = 0;
          for (const cut of [
            ...cuts.map((c) => c % (pieces.length + 1)).sort((a, b) => a - b),
            pieces.length,
          ]) {
            chunks.push({
              ...meta,
              candidates: [{ content: { role: "model", parts: pieces.slice(from, cut) } }],
            });
            from = Math.max(from, cut);
          }
          chunks.push({
            ...meta,
            candidates: [{ content: { role: "model", parts: [] }, finishReason }],
            usageMetadata,
          });
          expect(fold(decodeChunks(chunks))).toEqual(fold(decodeChunks(whole)));
        },
      ),
      { numRuns: 300 },
    );
  });

  const chunkArbitrary = fc.oneof(
    fc.record(
      {
        candidates: fc.constant(null).chain(() =>
          fc
            .tuple(fc.array(partArbitrary, { maxLength: 3 }), fc.option(reasonArbitrary, { nil: undefined }))
            .map(([parts, finishReason]) => [
              {
                content: { role: "model", parts },
                ...(finishReason === undefined ? {} : { finishReason }),
              },
            ]),
        ),
        usageMetadata: usageArbitrary,
      },
      { requiredKeys: ["candidates"] },
    ),
    fc.record({ usageMetadata: usageArbitrary }),
    fc.record({
      promptFeedback: fc.record({ blockReason: fc.constantFrom("SAFETY", "PROHIBITED_CONTENT", "OTHER") }),
    }),
    fc.constant({ candidates: [] }),
  );

  it("any chunk sequence decodes to start, balanced calls, then exactly one finish (and usage) or an error", () => {
    fc.assert(
      fc.property(fc.array(chunkArbitrary, { minLength: 1, maxLength: 8 }), (chunks) => {
        const events = decodeChunks(chunks.map((c) => ({ responseId: "r", ...c })));
        expect(events[0]?.type).toBe("start");
        expect(events.filter((e) => e.type === "start")).toHaveLength(1);
        const finishes = events.filter((e) => e.type === "finish");
        const last = events.at(-1);
        if (finishes.length === 0) expect(last?.type).toBe("error");
        else {
          expect(finishes).toHaveLength(1);
          const at = events.findIndex((e) => e.type === "finish");
          expect(events.slice(at + 1).every((e) => e.type === "usage")).toBe(true);
          expect(events.filter((e) => e.type === "usage").length).toBeLessThanOrEqual(1);
        }
        let open: number | undefined;
        for (const e of events) {
          if (e.type === "tool-call-start") {
            expect(open).toBeUndefined();
            open = e.index;
          } else if (e.type === "tool-call-delta") expect(e.index).toBe(open);
          else if (e.type === "tool-call-end") {
            expect(e.index).toBe(open);
            open = undefined;
          }
        }
        expect(open).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });
});
