import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AirlockError } from "../../../../src/canonical/error.ts";
import type { CanonicalEvent } from "../../../../src/canonical/events.ts";
import { collectAnthropicMessage } from "../../../../src/dialects/anthropic-messages/collect.ts";
import { formatAnthropicEvent } from "../../../../src/dialects/anthropic-messages/format-sse.ts";
import {
  anthropicErrorBody,
  anthropicErrorEvent,
} from "../../../../src/dialects/anthropic-messages/render-error.ts";
import { answerArbitrary } from "../openai-responses/arbitraries.ts";
import { sequentialAnswer } from "./arbitraries.ts";
import {
  cases,
  decodeEvents,
  fromArray,
  readEvents,
  readFixture,
  readJson,
  renderEvents,
  renderSse,
  sdkAnswering,
  sdkFinalMessage,
  wire,
} from "./support.ts";

/** What the SDK adds to a streamed message that is not on the wire. */
function withoutParsed(message: unknown): unknown {
  const { parsed_output: _p, ...rest } = message as Record<string, unknown>;
  return rest;
}

describe("createAnthropicStreamRenderer goldens", () => {
  const names = cases("render");

  it("the goldens cover text, interleaved tool calls, reasoning cut by length, refusal and an error", () => {
    expect(names).toEqual(["content-filter", "error", "reasoning-length", "text", "tool-calls"]);
  });

  for (const name of names) {
    it(`createAnthropicStreamRenderer renders ${name} exactly as stream.sse`, () => {
      expect(renderSse(readEvents(`render/${name}/events.json`))).toBe(
        readFixture(`render/${name}/stream.sse`),
      );
    });
  }

  for (const name of names.filter((n) => n !== "error")) {
    it(`collectAnthropicMessage folds ${name} into message.json, and the SDK's finalMessage() agrees`, async () => {
      const events = readEvents(`render/${name}/events.json`);
      const collected = wire(await collectAnthropicMessage(fromArray(events)));
      expect(collected).toStrictEqual(readJson(`render/${name}/message.json`));
      expect(withoutParsed(await sdkFinalMessage(events))).toStrictEqual(collected);
    });
  }

  it("collectAnthropicMessage and the SDK both raise the error of an answer that failed", async () => {
    const events = readEvents("render/error/events.json");
    await expect(collectAnthropicMessage(fromArray(events))).rejects.toMatchObject({
      kind: "backend_error",
      message: "upstream connection reset",
    });
    await expect(sdkFinalMessage(events)).rejects.toThrow(/upstream connection reset/);
  });
});

describe("createAnthropicStreamRenderer sequence", () => {
  const start: CanonicalEvent = { type: "start", id: "msg_1", model: "m", created: 1 };
  const types = (events: readonly CanonicalEvent[]) => renderEvents(events).map((e) => e.type);

  it("createAnthropicStreamRenderer holds message_delta until usage after finish, or until end()", () => {
    const usage: CanonicalEvent = { type: "usage", usage: { inputTokens: 3, outputTokens: 1 } };
    expect(
      types([start, { type: "text-delta", text: "a" }, { type: "finish", reason: "stop" }, usage]),
    ).toEqual([
      "message_start",
      "content_block_start",
      "content_block_delta",
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    expect(renderEvents([start, { type: "finish", reason: "stop" }]).at(-2)).toMatchObject({
      type: "message_delta",
      usage: { input_tokens: 0, output_tokens: 0 },
    });
  });

  it("createAnthropicStreamRenderer ends an unfinished stream, or an error finish, with an error event", () => {
    expect(renderEvents([start, { type: "text-delta", text: "a" }]).at(-1)).toEqual({
      type: "error",
      error: { type: "api_error", message: "the backend's answer ended before it finished" },
    });
    expect(types([start, { type: "finish", reason: "error" }])).toEqual(["message_start", "error"]);
    expect(types([{ type: "error", message: "refused" }])).toEqual(["error"]);
  });

  it("createAnthropicStreamRenderer opens one block at a time, indexes them 0, 1, 2 … and closes each once", () => {
    fc.assert(
      fc.property(answerArbitrary, (events) => {
        const out = renderEvents(events);
        expect(out[0]?.type).toBe("message_start");
        expect(out.at(-1)?.type).toBe("message_stop");
        let open: number | undefined;
        let next = 0;
        for (const e of out) {
          if (e.type === "content_block_start") {
            expect(open).toBeUndefined();
            expect(e.index).toBe(next++);
            open = e.index;
          } else if (e.type === "content_block_delta") expect(e.index).toBe(open);
          else if (e.type === "content_block_stop") {
            expect(e.index).toBe(open);
            open = undefined;
          }
        }
        expect(open).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it("interleaved canonical tool calls keep every argument, text and reasoning delta through render -> decode", () => {
    const fold = (events: readonly CanonicalEvent[]) => {
      const calls = new Map<number, string>();
      let text = "";
      let reasoning = "";
      for (const e of events) {
        if (e.type === "tool-call-start") calls.set(e.index, `${e.id} ${e.name} `);
        if (e.type === "tool-call-delta") calls.set(e.index, (calls.get(e.index) ?? "") + e.arguments);
        if (e.type === "text-delta") text += e.text;
        if (e.type === "reasoning-delta") reasoning += e.text;
      }
      return { calls: [...calls.entries()].sort(([a], [b]) => a - b), text, reasoning };
    };
    fc.assert(
      fc.property(answerArbitrary, (events) => {
        const decoded = decodeEvents(wire(renderEvents(events)) as unknown[]);
        expect(fold(decoded)).toEqual(fold(events));
        expect(decoded.filter((e) => e.type === "finish")).toEqual(events.filter((e) => e.type === "finish"));
      }),
      { numRuns: 200 },
    );
  });
});

describe("createAnthropicStreamRenderer properties", () => {
  it("any sequential canonical answer survives render -> decode exactly", () => {
    fc.assert(
      fc.property(sequentialAnswer, (events) => {
        expect(decodeEvents(wire(renderEvents(events)) as unknown[])).toStrictEqual(events);
      }),
      { numRuns: 300 },
    );
  });

  it("the @anthropic-ai/sdk parses any rendered answer, and its finalMessage() equals collectAnthropicMessage", async () => {
    await fc.assert(
      fc.asyncProperty(sequentialAnswer, async (events) => {
        const collected = wire(await collectAnthropicMessage(fromArray(events)));
        expect(withoutParsed(await sdkFinalMessage(events))).toStrictEqual(collected);
      }),
      { numRuns: 60 },
    );
  });
});

describe("anthropicErrorBody", () => {
  const cases: [number, string][] = [
    [400, "invalid_request_error"],
    [401, "authentication_error"],
    [403, "permission_error"],
    [404, "not_found_error"],
    [405, "invalid_request_error"],
    [413, "request_too_large"],
    [429, "rate_limit_error"],
    [500, "api_error"],
    [502, "api_error"],
    [503, "overloaded_error"],
    [504, "timeout_error"],
    [529, "overloaded_error"],
  ];

  for (const [status, type] of cases) {
    it(`anthropicErrorBody gives status ${status} the type ${type}`, () => {
      const error = new AirlockError("backend_error", "boom", { status });
      expect(anthropicErrorBody(error)).toEqual({ type: "error", error: { type, message: "boom" } });
    });
  }

  it("the SDK raises an anthropicErrorEvent mid-stream as an APIError of that type", async () => {
    const [head] = renderEvents([{ type: "start", id: "m", model: "m", created: 0 }]);
    if (head === undefined) throw new Error("no message_start");
    const body =
      formatAnthropicEvent(head) + anthropicErrorEvent(new AirlockError("backend_timeout", "too slow"));
    const stream = sdkAnswering(body).messages.stream({ model: "m", max_tokens: 1, messages: [] });
    await expect(stream.finalMessage()).rejects.toMatchObject({ type: "timeout_error", status: undefined });
  });
});
