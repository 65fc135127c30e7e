import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { echoJsonBody, echoOf } from "../../../../src/dialects/openai-responses/echo.ts";
import {
  closeSse,
  itemJson,
  openSse,
  responseJson,
  responseSse,
} from "../../../../src/dialects/openai-responses/event-templates.ts";
import { formatResponsesEvent } from "../../../../src/dialects/openai-responses/format-sse.ts";
import { mapFinishReason } from "../../../../src/dialects/openai-responses/map-finish-reason.ts";
import {
  closeEvents,
  type ItemState,
  itemOf,
  openEvents,
  sequenced,
  type Unsequenced,
} from "../../../../src/dialects/openai-responses/output-items.ts";
import { responseObject } from "../../../../src/dialects/openai-responses/response-object.ts";
import { requestArbitrary } from "./arbitraries.ts";

const anyText = fc.string({ unit: fc.nat(0xffff).map((code) => String.fromCharCode(code)) });
const status = fc.constantFrom("completed" as const, "incomplete" as const);

const anyItem: fc.Arbitrary<ItemState> = fc
  .record({
    kind: fc.constantFrom("message" as const, "reasoning" as const, "call" as const),
    index: fc.nat(50),
    id: anyText,
    callId: anyText,
    name: anyText,
    text: anyText,
  })
  .map(({ kind, index, id, callId, name, text }) =>
    kind === "call" ? { kind, index, id, callId, name, text } : { kind, index, id, text },
  );

function sse(events: readonly Unsequenced[], from: number): string {
  return events.map((event, i) => formatResponsesEvent(sequenced(event, from + i))).join("");
}

describe("event templates", () => {
  it("itemJson, openSse and closeSse write any item as the object path does", () => {
    fc.assert(
      fc.property(anyItem, status, fc.nat(100_000), (state, done, seq) => {
        expect(itemJson(state, done)).toBe(JSON.stringify(itemOf(state, done)));
        const empty = { ...state, text: "" };
        const opened = openEvents(empty);
        expect(openSse(empty, seq)).toEqual({ sse: sse(opened, seq), count: opened.length });
        const closed = closeEvents(state, done);
        expect(closeSse(state, done, seq)).toEqual({
          sse: sse(closed, seq),
          count: closed.length,
          item: JSON.stringify(itemOf(state, done)),
        });
      }),
      { numRuns: 300 },
    );
  });

  it("responseJson and responseSse write any response event as the object path does", () => {
    const finish = fc.constantFrom(
      "stop" as const,
      "length" as const,
      "content_filter" as const,
      "error" as const,
    );
    fc.assert(
      fc.property(
        requestArbitrary("responses"),
        fc.record({ id: anyText, model: anyText, created: fc.nat() }),
        finish,
        fc.array(anyItem, { maxLength: 3 }),
        fc.option(anyText, { nil: undefined }),
        (request, head, reason, items, message) => {
          const echo = echoOf(request);
          const terminal = mapFinishReason(reason);
          const error = message === undefined ? null : { code: "server_error", message };
          const usage = {
            input_tokens: 1,
            input_tokens_details: { cached_tokens: 0 },
            output_tokens: 2,
            output_tokens_details: { reasoning_tokens: 0 },
            total_tokens: 3,
          };
          const output = items.map((state) => itemOf(state, "completed"));
          const incomplete = terminal.incomplete === null ? null : { reason: terminal.incomplete };
          const response = responseObject(head, echo, {
            status: terminal.status,
            error,
            incomplete_details: incomplete,
            output,
            usage,
          });
          const json = {
            status: terminal.status,
            error: JSON.stringify(error),
            incomplete: JSON.stringify(incomplete),
            output: JSON.stringify(output),
            usage: JSON.stringify(usage),
          };
          expect(responseSse(terminal.type, 7, responseJson(echoJsonBody(echo), head, json))).toBe(
            formatResponsesEvent({ type: terminal.type, sequence_number: 7, response }),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
