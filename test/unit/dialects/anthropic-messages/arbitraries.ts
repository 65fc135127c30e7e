/**
 * fast-check arbitraries in the form the Anthropic dialect keeps exactly: answers whose blocks do not
 * interleave (Anthropic streams one block at a time) and whose tool arguments are JSON objects; and
 * requests in the shape an Anthropic body decodes to (system instructions, alternating user and
 * assistant groups, tool results first, thinking instead of sampling knobs).
 */
import fc from "fast-check";
import type { CanonicalEvent, FinishReason } from "../../../../src/canonical/events.ts";
import type { CanonicalRequest, ContentPart, Turn } from "../../../../src/canonical/request.ts";

const text = fc.string({ unit: "grapheme", minLength: 1, maxLength: 8 });
const name = fc.stringMatching(/^[a-z][a-z0-9_]{0,11}$/);
const id = fc.stringMatching(/^[A-Za-z0-9_-]{1,16}$/);
const jsonObject = fc
  .dictionary(name, fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.boolean()), { maxKeys: 3 })
  .map((o) => JSON.stringify(o));

/** A JSON text cut into 1-3 non-empty pieces. */
const pieces = fc.tuple(jsonObject, fc.array(fc.nat(), { maxLength: 2 })).map(([json, cuts]) => {
  const at = [...new Set(cuts.map((c) => 1 + (c % Math.max(1, json.length - 1))))].sort((a, b) => a - b);
  const out: string[] = [];
  let from = 0;
  for (const cut of at) {
    if (cut > from && cut < json.length) out.push(json.slice(from, cut));
    from = Math.max(from, cut);
  }
  out.push(json.slice(from));
  return out.filter((p) => p !== "");
});

const block = fc.oneof(
  fc.record({
    kind: fc.constantFrom("text" as const, "reasoning" as const),
    deltas: fc.array(text, { minLength: 1, maxLength: 3 }),
  }),
  fc.record({ kind: fc.constant("call" as const), id, name, parts: pieces }),
);

/** A well-formed answer, blocks one after another, usage after the finish (where decoding puts it). */
export const sequentialAnswer: fc.Arbitrary<CanonicalEvent[]> = fc
  .record({
    id: id.map((s) => `msg_${s}`),
    model: fc.constantFrom("claude-sonnet-4-5", "claude-opus-4-1", "gpt-4o"),
    blocks: fc.array(block, { maxLength: 5 }),
    cut: fc.option(fc.constantFrom("length" as const, "content_filter" as const), { nil: undefined }),
    input: fc.nat(100_000),
    cachedShare: fc.nat(100),
    output: fc.nat(100_000),
  })
  .map(({ id, model, blocks, cut, input, cachedShare, output }) => {
    const events: CanonicalEvent[] = [{ type: "start", id, model, created: 0 }];
    let calls = 0;
    for (const b of blocks) {
      if (b.kind === "call") {
        const index = calls++;
        events.push({ type: "tool-call-start", index, id: `toolu_${b.id}`, name: b.name });
        for (const args of b.parts) events.push({ type: "tool-call-delta", index, arguments: args });
        events.push({ type: "tool-call-end", index });
      } else {
        for (const t of b.deltas)
          events.push({ type: b.kind === "text" ? "text-delta" : "reasoning-delta", text: t });
      }
    }
    const reason: FinishReason = cut ?? (calls > 0 ? "tool_calls" : "stop");
    const cached = Math.floor((input * cachedShare) / 100);
    events.push(
      { type: "finish", reason },
      {
        type: "usage",
        usage: {
          inputTokens: input,
          outputTokens: output,
          ...(cached > 0 ? { cachedInputTokens: cached } : {}),
        },
      },
    );
    return plain(events);
  });

const textPart = text.map((t): ContentPart => ({ type: "text", text: t }));
const imagePart: fc.Arbitrary<ContentPart> = fc.oneof(
  fc.webUrl().map((url): ContentPart => ({ type: "image", source: { kind: "url", url } })),
  fc
    .base64String({ minLength: 4, maxLength: 24 })
    .map((data): ContentPart => ({ type: "image", source: { kind: "data", mediaType: "image/png", data } })),
);
const filePart: fc.Arbitrary<ContentPart> = fc.oneof(
  fc.base64String({ minLength: 4, maxLength: 24 }).map(
    (d): ContentPart => ({
      type: "file",
      filename: "report.pdf",
      data: `data:application/pdf;base64,${d}`,
    }),
  ),
  fc.webUrl().map((url): ContentPart => ({ type: "file", url })),
  id.map((s): ContentPart => ({ type: "file", fileId: `file_${s}` })),
);

const userGroup: fc.Arbitrary<Turn[]> = fc
  .record({
    results: fc.array(
      fc.record({ callId: id, content: fc.array(fc.oneof(textPart, imagePart), { maxLength: 3 }) }),
      { maxLength: 2 },
    ),
    parts: fc.array(fc.oneof(textPart, textPart, imagePart, filePart), { maxLength: 3 }),
  })
  .filter(({ results, parts }) => results.length + parts.length > 0)
  .map(({ results, parts }) => [
    ...results.map((r): Turn => ({ type: "tool-result", callId: r.callId, content: r.content })),
    ...(parts.length === 0 ? [] : [{ type: "message" as const, role: "user" as const, content: parts }]),
  ]);

const assistantGroup: fc.Arbitrary<Turn[]> = fc
  .record({
    texts: fc.array(text, { maxLength: 2 }),
    calls: fc.array(fc.record({ id, name, args: jsonObject }), { maxLength: 2 }),
  })
  .filter(({ texts, calls }) => texts.length + calls.length > 0)
  .map(({ texts, calls }) => [
    ...(texts.length === 0
      ? []
      : [
          {
            type: "message" as const,
            role: "assistant" as const,
            content: texts.map((t) => ({ type: "text" as const, text: t })),
          },
        ]),
    ...calls.map((c): Turn => ({ type: "tool-call", id: c.id, name: c.name, arguments: c.args })),
  ]);

/** A request in the form an Anthropic body decodes to. */
export const anthropicRequestArbitrary: fc.Arbitrary<CanonicalRequest> = fc
  .record({
    model: fc.constantFrom("claude-sonnet-4-5", ""),
    instructions: fc.array(
      text.map((t) => ({ role: "system" as const, text: t })),
      { maxLength: 3 },
    ),
    rounds: fc.array(fc.tuple(userGroup, assistantGroup), { maxLength: 3 }),
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
    choice: fc.option(
      fc.oneof(
        fc.constantFrom({ type: "auto" as const }, { type: "none" as const }, { type: "required" as const }),
        name.map((n) => ({ type: "tool" as const, name: n })),
      ),
      { nil: undefined },
    ),
    parallel: fc.option(fc.boolean(), { nil: undefined }),
    sampling: fc.oneof(
      fc.record(
        {
          temperature: fc.integer({ min: 0, max: 100 }).map((n) => n / 100),
          topP: fc.integer({ min: 0, max: 100 }).map((n) => n / 100),
        },
        { requiredKeys: [] },
      ),
      fc.record({ reasoningEffort: fc.constantFrom("none", "minimal", "low", "medium", "high", "xhigh") }),
    ),
    maxOutputTokens: fc.integer({ min: 33_000, max: 64_000 }),
    stop: fc.option(fc.array(text, { minLength: 1, maxLength: 2 }), { nil: undefined }),
    schema: fc.option(fc.constant({ type: "object", properties: { a: { type: "integer" } } }), {
      nil: undefined,
    }),
    user: fc.option(id, { nil: undefined }),
    stream: fc.boolean(),
  })
  .map((r): CanonicalRequest => {
    const choice = r.tools.length === 0 ? undefined : r.choice;
    const forced = choice?.type === "required" || choice?.type === "tool";
    const { reasoningEffort: effort, ...sampling } =
      "reasoningEffort" in r.sampling ? r.sampling : { ...r.sampling, reasoningEffort: undefined };
    return {
      model: r.model,
      instructions: r.instructions,
      turns: r.rounds.flatMap(([user, assistant]) => [...user, ...assistant]),
      tools: r.tools,
      ...(choice === undefined ? {} : { toolChoice: choice }),
      ...(choice === undefined || choice.type === "none" || r.parallel === undefined
        ? {}
        : { parallelToolCalls: r.parallel }),
      ...sampling,
      maxOutputTokens: r.maxOutputTokens,
      ...(r.stop === undefined ? {} : { stop: r.stop }),
      ...(r.schema === undefined
        ? {}
        : { output: { type: "json_schema", name: "output", schema: r.schema, strict: true } }),
      ...(effort === undefined || forced ? {} : { reasoningEffort: effort }),
      ...(r.user === undefined ? {} : { user: r.user }),
      stream: r.stream,
      includeUsage: r.stream,
    };
  })
  .map(plain);

/** fast-check builds records without a prototype; what a wire decodes has Object's. */
export function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
