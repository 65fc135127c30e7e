import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AirlockError } from "../../../../src/canonical/error.ts";
import type { CanonicalEvent } from "../../../../src/canonical/events.ts";
import type { CanonicalRequest } from "../../../../src/canonical/request.ts";
import { openaiResponses } from "../../../../src/dialects/openai-responses/dialect.ts";
import { echoOf } from "../../../../src/dialects/openai-responses/echo.ts";
import { formatResponsesEvent } from "../../../../src/dialects/openai-responses/format-sse.ts";
import { createResponsesStreamRenderer } from "../../../../src/dialects/openai-responses/render-stream.ts";
import { bodyInRead } from "../../sse/json-escapes.ts";
import { answerArbitrary, failedAnswerArbitrary, requestArbitrary } from "./arbitraries.ts";

/** The reference: every event built as an object and serialised whole. */
function reference(request: CanonicalRequest, events: readonly CanonicalEvent[], failure?: string): string {
  const renderer = createResponsesStreamRenderer({ echo: echoOf(request) });
  const format = (batch: readonly Parameters<typeof formatResponsesEvent>[0][]) =>
    batch.map(formatResponsesEvent).join("");
  let out = events.map((event) => format(renderer.render(event))).join("");
  if (failure !== undefined) out += format(renderer.render({ type: "error", message: failure }));
  return out + format(renderer.end());
}

/** What airlock writes: the dialect's stream writer, templates and the shared echo included. */
function written(request: CanonicalRequest, events: readonly CanonicalEvent[], failure?: string): string {
  const writer = openaiResponses.createStreamWriter(request);
  let out = events.map((event) => writer.render(event)).join("");
  if (failure !== undefined) out += writer.fail(new AirlockError("backend_error", failure));
  return out + writer.end();
}

const anyText = fc.string({ unit: fc.nat(0xffff).map((code) => String.fromCharCode(code)) });

/** Any events in any order, strings of any code units: what a broken backend might decode to. */
const anyEvents: fc.Arbitrary<CanonicalEvent[]> = fc.array(
  fc.oneof(
    fc.record({ type: fc.constant("start" as const), id: anyText, model: anyText, created: fc.nat() }),
    fc.record({ type: fc.constant("text-delta" as const), text: anyText }),
    fc.record({ type: fc.constant("reasoning-delta" as const), text: anyText }),
    fc.record({
      type: fc.constant("tool-call-start" as const),
      index: fc.nat(2),
      id: anyText,
      name: anyText,
    }),
    fc.record({ type: fc.constant("tool-call-delta" as const), index: fc.nat(2), arguments: anyText }),
    fc.record({ type: fc.constant("tool-call-end" as const), index: fc.nat(2) }),
    fc.record({
      type: fc.constant("usage" as const),
      usage: fc.record({ inputTokens: fc.nat(), outputTokens: fc.nat(), cachedInputTokens: fc.nat() }),
    }),
    fc.record({
      type: fc.constant("finish" as const),
      reason: fc.constantFrom(
        "stop" as const,
        "length" as const,
        "tool_calls" as const,
        "content_filter" as const,
        "error" as const,
      ),
    }),
    fc.record({ type: fc.constant("error" as const), message: anyText }),
  ),
  { maxLength: 20 },
);

/** written(), with each text delta offered to the byte lane first, as its JSON string body. */
function writtenWithLane(request: CanonicalRequest, events: readonly CanonicalEvent[]): string {
  const writer = openaiResponses.createStreamWriter(request);
  let out = "";
  for (const event of events) {
    const bytes =
      event.type === "text-delta" ? writer.renderTextBody?.(...bodyInRead(event.text)) : undefined;
    out += bytes === undefined ? writer.render(event) : Buffer.from(bytes).toString();
  }
  return out + writer.end();
}

describe("openaiResponses.createStreamWriter", () => {
  it("createStreamWriter writes any events, in any order, byte for byte as the object path does", () => {
    fc.assert(
      fc.property(
        requestArbitrary("responses"),
        anyEvents,
        fc.option(anyText),
        (request, events, failure) => {
          expect(written(request, events, failure ?? undefined)).toBe(
            reference(request, events, failure ?? undefined),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it("renderTextBody writes text deltas given as JSON string bodies as render() writes the deltas", () => {
    fc.assert(
      fc.property(requestArbitrary("responses"), fc.oneof(answerArbitrary, anyEvents), (request, events) => {
        expect(writtenWithLane(request, events)).toBe(reference(request, events));
      }),
      { numRuns: 300 },
    );
  });

  it("createStreamWriter writes any answer to any request byte for byte as the object path does", () => {
    const answer = fc.oneof(answerArbitrary, failedAnswerArbitrary);
    fc.assert(
      fc.property(
        requestArbitrary("responses"),
        answer,
        fc.option(fc.string()),
        (request, events, failure) => {
          expect(written(request, events, failure ?? undefined)).toBe(
            reference(request, events, failure ?? undefined),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
