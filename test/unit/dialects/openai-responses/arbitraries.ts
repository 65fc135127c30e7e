/**
 * fast-check arbitraries for canonical answers and requests, shared by the round-trip properties of
 * both OpenAI dialects, and the normal forms each dialect keeps (what survives its wire, exactly).
 */
import fc from "fast-check";
import type { CanonicalEvent, FinishReason, Usage } from "../../../../src/canonical/events.ts";
import type { CanonicalRequest, ContentPart, Turn } from "../../../../src/canonical/request.ts";

const text = fc.string({ unit: "grapheme", minLength: 1, maxLength: 8 });
const name = fc.stringMatching(/^[a-z][a-z0-9_]{0,11}$/);
const id = fc.stringMatching(/^[A-Za-z0-9_-]{1,16}$/);

const usage: fc.Arbitrary<Usage> = fc.record(
  {
    inputTokens: fc.nat(100_000),
    outputTokens: fc.nat(100_000),
    // Zero details decode as absent (both wires say "none" either way), so they are never generated.
    cachedInputTokens: fc.integer({ min: 1, max: 100_000 }),
    reasoningTokens: fc.integer({ min: 1, max: 100_000 }),
  },
  { requiredKeys: ["inputTokens", "outputTokens"] },
);

const block = fc.record({
  kind: fc.constantFrom("text" as const, "reasoning" as const),
  deltas: fc.array(text, { minLength: 1, maxLength: 3 }),
});

/**
 * A well-formed answer: start; text and reasoning runs; tool calls whose argument deltas interleave,
 * maybe more text while they are open; the calls' ends; finish and usage in either order. The finish
 * reason agrees with the calls (`tool_calls` exactly when there are some, or a cut-short reason).
 */
export const answerArbitrary: fc.Arbitrary<CanonicalEvent[]> = fc
  .record({
    id: id.map((s) => `resp_${s}`),
    model: fc.constantFrom("gpt-4o", "o4-mini", "Qwen/Qwen3-8B"),
    created: fc.nat(2_000_000_000),
    blocks: fc.array(block, { maxLength: 4 }),
    calls: fc.array(
      fc.record({
        id,
        name,
        parts: fc.array(fc.string({ minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 3 }),
      }),
      { maxLength: 3 },
    ),
    tail: fc.option(block, { nil: undefined }),
    cut: fc.option(fc.constantFrom("length" as const, "content_filter" as const), { nil: undefined }),
    usage: fc.option(usage, { nil: undefined }),
    usageFirst: fc.boolean(),
  })
  .map(({ id, model, created, blocks, calls, tail, cut, usage, usageFirst }) => {
    const events: CanonicalEvent[] = [{ type: "start", id, model, created }];
    const run = (b: { kind: "text" | "reasoning"; deltas: string[] }) => {
      for (const t of b.deltas)
        events.push({ type: b.kind === "text" ? "text-delta" : "reasoning-delta", text: t });
    };
    blocks.forEach(run);
    calls.forEach((call, index) => {
      events.push({ type: "tool-call-start", index, id: `call_${call.id}_${index}`, name: call.name });
    });
    const longest = Math.max(0, ...calls.map((call) => call.parts.length));
    for (let part = 0; part < longest; part++) {
      calls.forEach((call, index) => {
        const args = call.parts[part];
        if (args !== undefined) events.push({ type: "tool-call-delta", index, arguments: args });
      });
    }
    if (tail !== undefined) run(tail);
    calls.forEach((_, index) => {
      events.push({ type: "tool-call-end", index });
    });
    const reason: FinishReason = cut ?? (calls.length > 0 ? "tool_calls" : "stop");
    const finish: CanonicalEvent = { type: "finish", reason };
    if (usage === undefined) events.push(finish);
    else if (usageFirst) events.push({ type: "usage", usage }, finish);
    else events.push(finish, { type: "usage", usage });
    return plain(events);
  });

/** An answer that fails part-way: a prefix of a well-formed one (never its end), then an error. */
export const failedAnswerArbitrary: fc.Arbitrary<CanonicalEvent[]> = fc
  .tuple(answerArbitrary, fc.nat(), fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 }))
  .map(([events, cut, message]) => {
    const body = events.filter(
      (e) => e.type !== "finish" && e.type !== "usage" && e.type !== "tool-call-end",
    );
    return [...body.slice(0, cut % (body.length + 1)), { type: "error" as const, message }];
  });

/** Usage after finish: where both wires carry it. */
export function usageLast(events: readonly CanonicalEvent[]): CanonicalEvent[] {
  return [...events.filter((e) => e.type !== "usage"), ...events.filter((e) => e.type === "usage")];
}

// --- requests ------------------------------------------------------------------------------

const temperature = fc.integer({ min: 0, max: 200 }).map((n) => n / 100);
const json = fc.dictionary(name, fc.oneof(fc.string(), fc.integer(), fc.boolean()), { maxKeys: 3 });

const imagePart: fc.Arbitrary<ContentPart> = fc.record(
  {
    type: fc.constant("image" as const),
    source: fc.oneof(
      fc.webUrl().map((url) => ({ kind: "url" as const, url })),
      fc
        .base64String({ minLength: 4, maxLength: 24 })
        .map((data) => ({ kind: "data" as const, mediaType: "image/png", data })),
    ),
    detail: fc.constantFrom("low" as const, "high" as const),
  },
  { requiredKeys: ["type", "source"] },
);

const filePart: fc.Arbitrary<ContentPart> = fc.record(
  {
    type: fc.constant("file" as const),
    filename: fc.constantFrom("report.pdf", "notes.txt"),
    data: fc.base64String({ minLength: 4, maxLength: 24 }).map((d) => `data:application/pdf;base64,${d}`),
    fileId: id.map((s) => `file-${s}`),
  },
  { requiredKeys: ["type"] },
);

const textPart = text.map((t) => ({ type: "text" as const, text: t }));

function turnArbitrary(dialect: "chat" | "responses"): fc.Arbitrary<Turn> {
  const resultPart = dialect === "chat" ? textPart : fc.oneof(textPart, imagePart);
  return fc.oneof(
    fc.record({
      type: fc.constant("message" as const),
      role: fc.constant("user" as const),
      content: fc.array(fc.oneof(textPart, imagePart, filePart), { maxLength: 3 }),
    }),
    fc.record({
      type: fc.constant("message" as const),
      role: fc.constant("assistant" as const),
      // Chat joins an assistant message's parts into one string.
      content: fc.array(textPart, { minLength: 1, maxLength: dialect === "chat" ? 1 : 3 }),
    }),
    fc.record({ type: fc.constant("tool-call" as const), id, name, arguments: fc.json() }),
    fc.record({
      type: fc.constant("tool-result" as const),
      callId: id,
      content: fc.array(resultPart, { maxLength: 3 }),
    }),
    fc.record({
      type: fc.constant("reasoning" as const),
      raw: fc.record({
        type: fc.constant("reasoning"),
        id: id.map((s) => `rs_${s}`),
        summary: fc.constant([]),
        encrypted_content: fc.base64String({ minLength: 8, maxLength: 64 }),
      }),
    }),
  );
}

/** A request in the form the dialect keeps; see the normalizers in the tests for what each changes. */
export function requestArbitrary(dialect: "chat" | "responses"): fc.Arbitrary<CanonicalRequest> {
  return fc
    .record(
      {
        model: fc.constantFrom("gpt-4o", "granite-3-8b-instruct", ""),
        instructions: fc.array(
          fc.record({ role: fc.constantFrom("system" as const, "developer" as const), text }),
          { maxLength: 3 },
        ),
        turns: fc.array(turnArbitrary(dialect), { maxLength: 6 }),
        tools: fc.array(
          fc.record(
            {
              name,
              description: text,
              parameters: fc.constant({ type: "object", properties: { q: { type: "string" } } }),
              strict: fc.boolean(),
            },
            { requiredKeys: ["name", "parameters", "strict"] },
          ),
          { maxLength: 2 },
        ),
        toolChoice: fc.oneof(
          fc.constantFrom(
            { type: "auto" as const },
            { type: "none" as const },
            { type: "required" as const },
          ),
          name.map((n) => ({ type: "tool" as const, name: n })),
        ),
        parallelToolCalls: fc.boolean(),
        temperature,
        topP: temperature,
        maxOutputTokens: fc.integer({ min: 1, max: 32_000 }),
        stop: fc.array(text, { minLength: 1, maxLength: 2 }),
        output: fc.oneof(
          fc.constant({ type: "json_object" as const }),
          fc.record(
            {
              type: fc.constant("json_schema" as const),
              name,
              schema: json,
              strict: fc.boolean(),
              description: text,
            },
            { requiredKeys: ["type", "name", "schema", "strict"] },
          ),
        ),
        reasoningEffort: fc.constantFrom("minimal", "low", "medium", "high"),
        reasoningSummary: fc.constantFrom("auto", "concise", "detailed"),
        user: id,
        metadata: fc.dictionary(name, fc.string({ maxLength: 8 }), { maxKeys: 3 }),
        stream: fc.boolean(),
        includeUsage: fc.boolean(),
        previousResponseId: id.map((s) => `resp_${s}`),
      },
      { requiredKeys: ["model", "instructions", "turns", "tools", "stream", "includeUsage"] },
    )
    .map((r): CanonicalRequest => {
      if (dialect === "chat") {
        const { reasoningSummary: _s, previousResponseId: _p, ...rest } = r;
        return { ...rest, includeUsage: r.stream && r.includeUsage };
      }
      const { stop: _stop, ...rest } = r;
      return { ...rest, includeUsage: r.stream };
    })
    .map(plain);
}

/** fast-check builds records without a prototype; what a wire decodes has Object's. */
function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
