import fc from "fast-check";
import type { ChatCompletionChunk as SdkChunk } from "openai/resources/chat/completions";
import { describe, expect, it } from "vitest";
import type { CanonicalEvent } from "../../../../src/canonical/events.ts";
import { collectChatCompletion } from "../../../../src/dialects/openai-chat/collect.ts";
import { createChatChunkRenderer } from "../../../../src/dialects/openai-chat/render-stream.ts";
import { fromArray, goldens, sdkAnswering, toSse } from "./goldens.ts";

const cases = goldens();

/** Rendered chunks as a client parses them off the wire (undefined fields gone). */
function renderAll(events: readonly CanonicalEvent[], includeUsage: boolean): unknown[] {
  const render = createChatChunkRenderer({ includeUsage });
  const chunks: SdkChunk[] = events.flatMap((event) => render(event));
  return chunks.map((chunk): unknown => JSON.parse(JSON.stringify(chunk)));
}

describe("createChatChunkRenderer goldens", () => {
  it("the goldens cover text, tool calls and reasoning with a length stop", () => {
    expect(cases.map((c) => c.name).sort()).toEqual(["reasoning-length", "text", "tool-calls"]);
  });

  for (const golden of cases) {
    it(`createChatChunkRenderer renders ${golden.name} as OpenAI streams it, with no usage key`, () => {
      expect(renderAll(golden.events, false)).toStrictEqual(golden.chunks);
    });

    it(`createChatChunkRenderer renders ${golden.name} with include_usage: usage null, then a usage chunk`, () => {
      const chunks = renderAll(golden.events, true);
      expect(chunks).toStrictEqual(golden.chunksIncludeUsage);
      expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { total_tokens: expect.any(Number) } });
    });

    it(`the openai SDK reads the ${golden.name} stream as the collected completion`, async () => {
      const sse = toSse(renderAll(golden.events, true));
      const final = await sdkAnswering(sse)
        .chat.completions.stream({ model: "m", messages: [{ role: "user", content: "x" }] })
        .finalChatCompletion();
      const collected = await collectChatCompletion(fromArray(golden.events));
      const choice = final.choices[0];
      const expected = collected.choices[0];
      expect(final).toMatchObject({
        id: collected.id,
        created: collected.created,
        model: collected.model,
        usage: collected.usage,
      });
      expect(choice?.finish_reason).toBe(expected?.finish_reason);
      // The first chunk carries `content: ""` before the answer is known to be text or tool calls.
      expect(choice?.message.content ?? "").toBe(expected?.message.content ?? "");
      expect(choice?.message.tool_calls).toEqual(expected?.message.tool_calls);
    });
  }
});

describe("createChatChunkRenderer events with no chunk", () => {
  const start: CanonicalEvent = { type: "start", id: "chatcmpl-x", model: "m", created: 1 };

  it("createChatChunkRenderer shows no reasoning text to a Chat Completions client", () => {
    const chunks = renderAll([start, { type: "reasoning-delta", text: "secret chain of thought" }], false);
    expect(chunks).toHaveLength(1);
    expect(JSON.stringify(chunks)).not.toContain("secret chain of thought");
  });

  it("createChatChunkRenderer renders an error event as nothing: the error travels separately", () => {
    expect(renderAll([start, { type: "error", message: "upstream died" }], true)).toHaveLength(1);
  });

  it("createChatChunkRenderer renders no usage chunk without include_usage", () => {
    const usage: CanonicalEvent = { type: "usage", usage: { inputTokens: 1, outputTokens: 2 } };
    expect(renderAll([start, usage], false)).toHaveLength(1);
  });

  it("createChatChunkRenderer holds a usage event that precedes finish until after the finish chunk", () => {
    const chunks = renderAll(
      [
        start,
        { type: "text-delta", text: "hi" },
        { type: "usage", usage: { inputTokens: 3, outputTokens: 1 } },
        { type: "finish", reason: "stop" },
      ],
      true,
    );
    expect(chunks.slice(-2)).toMatchObject([
      { choices: [{ delta: {}, finish_reason: "stop" }], usage: null },
      { choices: [], usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 } },
    ]);
    expect(chunks).toHaveLength(4);
  });

  it("createChatChunkRenderer maps the canonical error finish to stop", () => {
    expect(renderAll([start, { type: "finish", reason: "error" }], false).at(-1)).toMatchObject({
      choices: [{ delta: {}, finish_reason: "stop" }],
    });
  });
});

/** A well-formed answer: start, text or tool calls (interleaved), finish, usage. */
const answerArbitrary = fc
  .record({
    id: fc.string({ minLength: 1, maxLength: 12 }).map((s) => `chatcmpl-${s}`),
    texts: fc.array(fc.string({ unit: "grapheme", minLength: 1, maxLength: 8 }), { maxLength: 5 }),
    calls: fc.array(
      fc.record({
        name: fc.stringMatching(/^[a-z_]{1,10}$/),
        parts: fc.array(fc.string({ maxLength: 6 }), { minLength: 1, maxLength: 3 }),
      }),
      { maxLength: 3 },
    ),
    reason: fc.constantFrom(
      "stop" as const,
      "length" as const,
      "tool_calls" as const,
      "content_filter" as const,
    ),
    usage: fc.record({ inputTokens: fc.nat(10_000), outputTokens: fc.nat(10_000) }),
  })
  .map(({ id, texts, calls, reason, usage }) => {
    const events: CanonicalEvent[] = [{ type: "start", id, model: "m", created: 1_767_225_600 }];
    for (const text of texts) events.push({ type: "text-delta", text });
    calls.forEach((call, index) => {
      events.push({ type: "tool-call-start", index, id: `call_${index}`, name: call.name });
    });
    const longest = Math.max(0, ...calls.map((call) => call.parts.length));
    for (let part = 0; part < longest; part++) {
      calls.forEach((call, index) => {
        const text = call.parts[part];
        if (text !== undefined) events.push({ type: "tool-call-delta", index, arguments: text });
      });
    }
    calls.forEach((_, index) => {
      events.push({ type: "tool-call-end", index });
    });
    events.push({ type: "finish", reason }, { type: "usage", usage });
    return events;
  });

describe("createChatChunkRenderer property", () => {
  it("the openai SDK folds any rendered answer into what collectChatCompletion builds", async () => {
    await fc.assert(
      fc.asyncProperty(answerArbitrary, fc.boolean(), async (events, includeUsage) => {
        const chunks = renderAll(events, includeUsage);
        for (const chunk of chunks) expect("usage" in (chunk as object)).toBe(includeUsage);
        const final = await sdkAnswering(toSse(chunks))
          .chat.completions.stream({ model: "m", messages: [{ role: "user", content: "x" }] })
          .finalChatCompletion();
        const collected = await collectChatCompletion(fromArray(events));
        const expected = collected.choices[0];
        expect(final.choices[0]?.message.content ?? "").toBe(expected?.message.content ?? "");
        expect(final.choices[0]?.message.tool_calls ?? []).toEqual(expected?.message.tool_calls ?? []);
        expect(final.choices[0]?.finish_reason).toBe(expected?.finish_reason);
        if (includeUsage) expect(final.usage).toEqual(collected.usage);
      }),
      { numRuns: 60 },
    );
  });
});
