import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CanonicalEvent } from "../../../../src/canonical/events.ts";
import { collectChatCompletion } from "../../../../src/dialects/openai-chat/collect.ts";
import { collectResponse } from "../../../../src/dialects/openai-responses/collect.ts";
import { decodeResponse } from "../../../../src/dialects/openai-responses/decode-response.ts";
import { createResponsesStreamDecoder } from "../../../../src/dialects/openai-responses/decode-stream.ts";
import { answerArbitrary, failedAnswerArbitrary, usageLast } from "./arbitraries.ts";
import {
  cases,
  decodeResponsesStream,
  fromArray,
  parseSse,
  readEvents,
  readFixture,
  readJson,
  readJsonLines,
  renderChat,
  renderResponses,
  sseData,
  wire,
} from "./fixtures.ts";

describe("createResponsesStreamDecoder goldens: a Responses backend's stream in", () => {
  const names = cases("upstream");

  it("the goldens cover every way a Responses stream ends", () => {
    expect(names).toEqual([
      "error-event",
      "failed",
      "incomplete",
      "reasoning-summary",
      "sparse",
      "text",
      "tool-calls",
      "truncated",
    ]);
  });

  for (const name of names) {
    const upstream = parseSse(readFixture(`upstream/${name}/upstream.sse`));

    it(`createResponsesStreamDecoder decodes ${name} to events.json`, () => {
      expect(decodeResponsesStream(upstream)).toStrictEqual(readEvents(`upstream/${name}/events.json`));
    });

    it(`a Chat Completions client receives ${name} as chat-chunks.jsonl`, () => {
      expect(renderChat(decodeResponsesStream(upstream))).toStrictEqual(
        readJsonLines(`upstream/${name}/chat-chunks.jsonl`),
      );
    });
  }

  it("createResponsesStreamDecoder never lets a cut-short or failed stream look finished", () => {
    const last = (name: string) =>
      decodeResponsesStream(parseSse(readFixture(`upstream/${name}/upstream.sse`)));
    expect(last("incomplete")).toContainEqual({ type: "finish", reason: "length" });
    for (const name of ["failed", "error-event", "truncated"]) {
      const events = last(name);
      expect(events.at(-1)?.type).toBe("error");
      expect(events.some((e) => e.type === "finish")).toBe(false);
    }
  });
});

describe("decodeResponse goldens: a whole Responses object in", () => {
  for (const name of cases("whole/from-responses")) {
    it(`decodeResponse folds ${name} into chat.json, the same answer as its stream`, async () => {
      const events = decodeResponse(readJson(`whole/from-responses/${name}/upstream.json`));
      expect(wire(await collectChatCompletion(fromArray(events)))).toStrictEqual(
        readJson(`whole/from-responses/${name}/chat.json`),
      );
      const streamed = decodeResponsesStream(parseSse(readFixture(`upstream/${name}/upstream.sse`)));
      expect(wire(await collectChatCompletion(fromArray(events)))).toStrictEqual(
        wire(await collectChatCompletion(fromArray(streamed))),
      );
    });
  }

  it("decodeResponse turns a failed response into an error event", () => {
    const events = decodeResponse({
      id: "resp_x",
      object: "response",
      created_at: 1,
      model: "m",
      status: "failed",
      output: [],
      error: { code: "server_error", message: "model overloaded" },
    });
    expect(events).toEqual([
      { type: "start", id: "resp_x", model: "m", created: 1 },
      { type: "error", message: "model overloaded" },
    ]);
  });

  it("decodeResponse refuses a response that is still in progress", () => {
    expect(() => decodeResponse({ id: "r", status: "queued", output: [] })).toThrow(/still queued/);
  });
});

describe("createResponsesStreamDecoder edges", () => {
  const created = { type: "response.created", response: { id: "r", model: "m", created_at: 5 } };

  it("createResponsesStreamDecoder ignores event types it has no use for", () => {
    const decoder = createResponsesStreamDecoder();
    decoder.push(created);
    expect(
      decoder.push({ type: "response.web_search_call.searching", item_id: "ws", output_index: 0 }),
    ).toEqual([]);
    expect(decoder.push({ type: "response.audio.delta", delta: "AAAA" })).toEqual([]);
  });

  it("createResponsesStreamDecoder reads every golden the same when the events it needs no parse for are not parsed", () => {
    let unparsed = 0;
    for (const name of cases("upstream")) {
      const data = sseData(readFixture(`upstream/${name}/upstream.sse`));
      const decoder = createResponsesStreamDecoder();
      const events = data.flatMap((text) => {
        const read = decoder.pushText(text);
        if (read !== undefined) unparsed++;
        return read ?? decoder.push(JSON.parse(text));
      });
      expect([...events, ...decoder.end()], name).toStrictEqual(readEvents(`upstream/${name}/events.json`));
    }
    // in_progress and the content parts' events, in most goldens.
    expect(unparsed).toBeGreaterThan(10);
  });

  it("createResponsesStreamDecoder passes over a broken event it has no use for, and parses any other", () => {
    const decoder = createResponsesStreamDecoder();
    // Before the answer started, a lifecycle event is read, whichever it is.
    expect(decoder.pushText('{"type":"response.in_progress","response":{}}')).toBeUndefined();
    decoder.push(created);
    expect(decoder.pushText('{"type":"response.in_progress","response":{"id":')).toEqual([]);
    expect(decoder.pushText('{"type":"response.output_text.done","text":"cut sh')).toEqual([]);
    // What it reads, or a type it cannot see without parsing, is parsed (and a broken one then fails).
    expect(decoder.pushText('{"type":"response.output_text.delta","delta":"x')).toBeUndefined();
    expect(decoder.pushText('{"sequence_number":3,"type":"response.content_part.done"}')).toBeUndefined();
    expect(decoder.pushText('{"type":"response.content_part.done\\u0022}')).toBeUndefined();
    expect(decoder.pushText('{"type":"response.content_part.donee"}')).toBeUndefined();
    expect(decoder.pushText('{"type": "response.content_part.done"}')).toBeUndefined();
  });

  it("createResponsesStreamDecoder throws a backend error for a malformed event it needs", () => {
    const decoder = createResponsesStreamDecoder();
    expect(() => decoder.push({ type: "response.output_text.delta", output_index: 0 })).toThrow(
      expect.objectContaining({ kind: "backend_error", status: 502 }),
    );
    expect(() => decoder.push("not an object")).toThrow(expect.objectContaining({ kind: "backend_error" }));
  });

  it("createResponsesStreamDecoder reads an incomplete response with content_filter, and one with no reason", () => {
    const incomplete = (reason?: string) => ({
      type: "response.incomplete",
      response: {
        id: "r",
        status: "incomplete",
        output: [],
        ...(reason ? { incomplete_details: { reason } } : {}),
      },
    });
    expect(decodeResponsesStream([created, incomplete("content_filter")]).at(-1)).toEqual({
      type: "finish",
      reason: "content_filter",
    });
    expect(decodeResponsesStream([created, incomplete()]).at(-1)).toEqual({
      type: "finish",
      reason: "length",
    });
  });

  it("createResponsesStreamDecoder ends an unended call before finish, and decodes nothing after the end", () => {
    const decoder = createResponsesStreamDecoder();
    decoder.push(created);
    decoder.push({
      type: "response.output_item.added",
      output_index: 0,
      item: { type: "function_call", id: "fc", call_id: "c", name: "f", arguments: "" },
    });
    expect(decoder.push({ type: "response.completed", response: { id: "r", status: "completed" } })).toEqual([
      { type: "tool-call-end", index: 0 },
      { type: "finish", reason: "tool_calls" },
    ]);
    expect(decoder.push({ type: "response.output_text.delta", output_index: 1, delta: "late" })).toEqual([]);
    expect(decoder.end()).toEqual([]);
  });
});

describe("Responses round trip property", () => {
  it("any answer survives render-stream then decode-stream: canonical -> Responses -> canonical", () => {
    fc.assert(
      fc.property(answerArbitrary, (events: CanonicalEvent[]) => {
        expect(decodeResponsesStream(renderResponses(events))).toStrictEqual(usageLast(events));
      }),
      { numRuns: 300 },
    );
  });

  it("a failing answer keeps its partial output and its error message", () => {
    fc.assert(
      fc.property(failedAnswerArbitrary, (events) => {
        expect(decodeResponsesStream(renderResponses(events))).toStrictEqual(events);
      }),
      { numRuns: 200 },
    );
  });

  it("the collected response decodes to the same answer as the stream", async () => {
    await fc.assert(
      fc.asyncProperty(answerArbitrary, async (events) => {
        const whole = decodeResponse(wire(await collectResponse(fromArray(events))));
        const streamed = decodeResponsesStream(renderResponses(events));
        const chat = async (e: CanonicalEvent[]) => wire(await collectChatCompletion(fromArray(e)));
        expect(await chat(whole)).toStrictEqual(await chat(streamed));
      }),
      { numRuns: 100 },
    );
  });
});
