import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AirlockError } from "../../../../src/canonical/error.ts";
import type { CanonicalEvent } from "../../../../src/canonical/events.ts";
import type { CanonicalRequest } from "../../../../src/canonical/request.ts";
import { openaiResponses } from "../../../../src/dialects/openai-responses/dialect.ts";
import { echoOf } from "../../../../src/dialects/openai-responses/echo.ts";
import { formatResponsesEvent } from "../../../../src/dialects/openai-responses/format-sse.ts";
import { createResponsesStreamRenderer } from "../../../../src/dialects/openai-responses/render-stream.ts";
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

describe("openaiResponses.createStreamWriter", () => {
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
