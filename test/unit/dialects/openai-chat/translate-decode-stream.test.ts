import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CanonicalEvent } from "../../../../src/canonical/events.ts";
import { collectChatCompletion } from "../../../../src/dialects/openai-chat/collect.ts";
import { decodeChatCompletion } from "../../../../src/dialects/openai-chat/decode-response.ts";
import { createChatStreamDecoder } from "../../../../src/dialects/openai-chat/decode-stream.ts";
import { answerArbitrary, failedAnswerArbitrary, usageLast } from "../openai-responses/arbitraries.ts";
import * as responses from "../openai-responses/fixtures.ts";
import { goldens } from "./goldens.ts";

const { decodeChatStream, renderChat, wire, fromArray } = responses;

/** What survives Chat Completions: no reasoning text, usage only when asked for and after finish. */
function chatForm(events: readonly CanonicalEvent[], includeUsage: boolean): CanonicalEvent[] {
  return usageLast(events).filter(
    (e) => e.type !== "reasoning-delta" && (includeUsage || e.type !== "usage"),
  );
}

describe("createChatStreamDecoder goldens", () => {
  for (const golden of goldens()) {
    it(`createChatStreamDecoder reads the openai-chat ${golden.name} chunks back into its events`, () => {
      expect(decodeChatStream(golden.chunksIncludeUsage)).toStrictEqual(chatForm(golden.events, true));
      expect(decodeChatStream(golden.chunks)).toStrictEqual(chatForm(golden.events, false));
    });

    it(`decodeChatCompletion folds the openai-chat ${golden.name} completion back into itself`, async () => {
      const events = decodeChatCompletion(golden.completion);
      expect(wire(await collectChatCompletion(fromArray(events)))).toStrictEqual(golden.completion);
    });
  }

  for (const name of responses.cases("from-chat")) {
    it(`createChatStreamDecoder decodes the recorded ${name} chat stream to events.json`, () => {
      const upstream = responses.parseSse(responses.readFixture(`from-chat/${name}/upstream.sse`));
      expect(decodeChatStream(upstream)).toStrictEqual(responses.readEvents(`from-chat/${name}/events.json`));
    });
  }
});

describe("createChatStreamDecoder edges", () => {
  const head = { id: "chatcmpl-1", object: "chat.completion.chunk", created: 7, model: "m" };
  const chunk = (delta: object, finish: string | null = null, extra: object = {}) => ({
    ...head,
    choices: [{ index: 0, delta, finish_reason: finish }],
    ...extra,
  });

  it("createChatStreamDecoder reads reasoning_content and reasoning as reasoning, refusal as text", () => {
    expect(
      decodeChatStream([
        chunk({ role: "assistant", reasoning_content: "a" }),
        chunk({ reasoning: "b" }),
        chunk({ refusal: "no" }),
        chunk({}, "stop"),
      ]),
    ).toEqual([
      { type: "start", id: "chatcmpl-1", model: "m", created: 7 },
      { type: "reasoning-delta", text: "a" },
      { type: "reasoning-delta", text: "b" },
      { type: "text-delta", text: "no" },
      { type: "finish", reason: "stop" },
    ]);
  });

  it("createChatStreamDecoder keeps each tool call's index and first id, and invents an id only when none came", () => {
    const events = decodeChatStream([
      chunk({
        tool_calls: [{ index: 1, id: "call_b", type: "function", function: { name: "g", arguments: "{" } }],
      }),
      chunk({ tool_calls: [{ index: 1, id: "call_b", function: { arguments: "}" } }] }),
      chunk({ tool_calls: [{ index: 0, function: { name: "f", arguments: "{}" } }] }),
      chunk({}, "function_call"),
    ]);
    expect(events.slice(1)).toEqual([
      { type: "tool-call-start", index: 1, id: "call_b", name: "g" },
      { type: "tool-call-delta", index: 1, arguments: "{" },
      { type: "tool-call-delta", index: 1, arguments: "}" },
      { type: "tool-call-start", index: 0, id: "call_chatcmpl-1_0", name: "f" },
      { type: "tool-call-delta", index: 0, arguments: "{}" },
      { type: "tool-call-end", index: 1 },
      { type: "tool-call-end", index: 0 },
      { type: "finish", reason: "tool_calls" },
    ]);
  });

  it("createChatStreamDecoder reports vLLM's continuous usage once, at the end", () => {
    const usage = (n: number) => ({ usage: { prompt_tokens: 5, completion_tokens: n, total_tokens: 5 + n } });
    const events = decodeChatStream([
      chunk({ content: "a" }, null, usage(1)),
      chunk({ content: "b" }, null, usage(2)),
      chunk({}, "stop", usage(2)),
    ]);
    expect(events.filter((e) => e.type === "usage")).toEqual([
      { type: "usage", usage: { inputTokens: 5, outputTokens: 2 } },
    ]);
  });

  it("createChatStreamDecoder maps finish reasons: error and abort fail, unknown ones stop", () => {
    const reason = (finish: string) => decodeChatStream([chunk({}, finish)]).at(-1);
    expect(reason("length")).toEqual({ type: "finish", reason: "length" });
    expect(reason("content_filter")).toEqual({ type: "finish", reason: "content_filter" });
    expect(reason("abort")).toEqual({ type: "finish", reason: "error" });
    expect(reason("eos")).toEqual({ type: "finish", reason: "stop" });
  });

  it("createChatStreamDecoder ends in an error for an error object, wrapped or bare", () => {
    expect(decodeChatStream([{ error: { message: "overloaded" } }])).toEqual([
      { type: "error", message: "overloaded" },
    ]);
    expect(
      decodeChatStream([chunk({ content: "x" }), { object: "error", message: "bad", code: 400 }]).at(-1),
    ).toEqual({ type: "error", message: "bad" });
  });

  it("createChatStreamDecoder reads nothing after the finish but usage, and nothing after an error", () => {
    const decoder = createChatStreamDecoder();
    decoder.push(chunk({}, "stop"));
    expect(decoder.push(chunk({ content: "late" }))).toEqual([]);
    expect(decoder.end()).toEqual([]);
    const failed = createChatStreamDecoder();
    failed.push({ error: { message: "x" } });
    expect(failed.push(chunk({ content: "y" }))).toEqual([]);
    expect(failed.end()).toEqual([]);
  });

  it("createChatStreamDecoder throws a backend error for a chunk that is not one", () => {
    expect(() => createChatStreamDecoder().push({ choices: "nope" })).toThrow(
      expect.objectContaining({ kind: "backend_error" }),
    );
  });

  it("decodeChatCompletion reads reasoning_content and a refusal", () => {
    const events = decodeChatCompletion({
      id: "c",
      created: 1,
      model: "m",
      choices: [
        {
          index: 0,
          message: { content: null, refusal: "no", reasoning_content: "hmm" },
          finish_reason: "stop",
        },
      ],
    });
    expect(events).toEqual([
      { type: "start", id: "c", model: "m", created: 1 },
      { type: "reasoning-delta", text: "hmm" },
      { type: "text-delta", text: "no" },
      { type: "finish", reason: "stop" },
    ]);
  });
});

describe("Chat Completions round trip property", () => {
  it("any answer survives render-stream then decode-stream: canonical -> chat chunks -> canonical", () => {
    fc.assert(
      fc.property(answerArbitrary, fc.boolean(), (events, includeUsage) => {
        expect(decodeChatStream(renderChat(events, includeUsage))).toStrictEqual(
          chatForm(events, includeUsage),
        );
      }),
      { numRuns: 300 },
    );
  });

  it("a failing answer keeps its partial output and its error message", () => {
    fc.assert(
      fc.property(failedAnswerArbitrary, (events) => {
        expect(decodeChatStream(renderChat(events))).toStrictEqual(chatForm(events, true));
      }),
      { numRuns: 200 },
    );
  });
});
