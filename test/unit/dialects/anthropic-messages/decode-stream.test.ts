import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CanonicalEvent } from "../../../../src/canonical/events.ts";
import { decodeAnthropicMessage } from "../../../../src/dialects/anthropic-messages/decode-response.ts";
import { createAnthropicStreamDecoder } from "../../../../src/dialects/anthropic-messages/decode-stream.ts";
import { collectChatCompletion } from "../../../../src/dialects/openai-chat/collect.ts";
import { renderChat } from "../openai-responses/fixtures.ts";
import {
  cases,
  decodeEvents,
  fromArray,
  parseSse,
  readEvents,
  readFixture,
  readJson,
  renderEvents,
  wire,
} from "./support.ts";

function upstream(name: string): unknown[] {
  return parseSse(readFixture(`upstream/${name}/upstream.sse`));
}

describe("createAnthropicStreamDecoder goldens: an Anthropic backend's stream in", () => {
  const names = cases("upstream");

  it("the goldens cover text, tools, thinking, max_tokens, an error event and a cut stream", () => {
    expect(names).toEqual(["max-tokens", "overloaded", "text", "thinking", "tool-use", "truncated"]);
  });

  for (const name of names) {
    it(`createAnthropicStreamDecoder decodes ${name} to events.json`, () => {
      expect(decodeEvents(upstream(name))).toStrictEqual(readEvents(`upstream/${name}/events.json`));
    });

    it(`a Chat Completions client receives ${name} as chat-chunks.jsonl`, () => {
      const lines = readFixture(`upstream/${name}/chat-chunks.jsonl`)
        .split("\n")
        .filter((l) => l !== "");
      expect(renderChat(decodeEvents(upstream(name)))).toStrictEqual(
        lines.map((l): unknown => JSON.parse(l)),
      );
    });
  }

  it("createAnthropicStreamDecoder never lets an error or a cut stream look finished", () => {
    for (const name of ["overloaded", "truncated"]) {
      const events = decodeEvents(upstream(name));
      expect(events.at(-1)?.type).toBe("error");
      expect(events.some((e) => e.type === "finish")).toBe(false);
    }
  });

  it("any split of an upstream stream's events between push calls decodes the same", () => {
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.integer({ min: 1, max: 5 }), (name, size) => {
        const events = upstream(name);
        const decoder = createAnthropicStreamDecoder();
        const out = [];
        for (let i = 0; i < events.length; i += size) {
          for (const event of events.slice(i, i + size)) out.push(...decoder.push(event));
        }
        out.push(...decoder.end());
        expect(out).toStrictEqual(readEvents(`upstream/${name}/events.json`));
      }),
    );
  });
});

describe("decodeAnthropicMessage goldens: a whole message in", () => {
  for (const name of cases("whole")) {
    it(`decodeAnthropicMessage decodes whole/${name} to events.json`, () => {
      expect(decodeAnthropicMessage(readJson(`whole/${name}/message.json`))).toStrictEqual(
        readEvents(`whole/${name}/events.json`),
      );
    });
  }

  for (const name of ["thinking", "tool-use"]) {
    it(`decodeAnthropicMessage folds whole/${name} into the same chat completion as its stream`, async () => {
      // A whole message holds tool inputs as objects: the arguments are the same JSON, spaced differently.
      const parsed = (events: CanonicalEvent[]) =>
        collectChatCompletion(fromArray(events)).then((c) =>
          JSON.parse(JSON.stringify(c), (key, value: unknown) =>
            key === "arguments" && typeof value === "string" ? JSON.parse(value) : value,
          ),
        );
      const whole = decodeAnthropicMessage(readJson(`whole/${name}/message.json`));
      expect(await parsed(whole)).toStrictEqual(await parsed(decodeEvents(upstream(name))));
    });
  }
});

describe("createAnthropicStreamDecoder edges", () => {
  const start = {
    type: "message_start",
    message: { id: "msg_1", model: "claude", usage: { input_tokens: 5 } },
  };

  it("createAnthropicStreamDecoder takes created from its options; Anthropic sends none", () => {
    expect(decodeEvents([start], 1763900000)[0]).toEqual({
      type: "start",
      id: "msg_1",
      model: "claude",
      created: 1763900000,
    });
  });

  it("createAnthropicStreamDecoder ignores ping, signature and citation deltas, server-tool blocks and new events", () => {
    const decoder = createAnthropicStreamDecoder();
    decoder.push(start);
    expect(decoder.push({ type: "ping" })).toEqual([]);
    expect(
      decoder.push({
        type: "content_block_start",
        index: 0,
        content_block: { type: "server_tool_use", id: "s", name: "web_search", input: {} },
      }),
    ).toEqual([]);
    expect(
      decoder.push({
        type: "content_block_delta",
        index: 0,
        delta: { type: "input_json_delta", partial_json: "{}" },
      }),
    ).toEqual([]);
    expect(decoder.push({ type: "content_block_stop", index: 0 })).toEqual([]);
    expect(
      decoder.push({
        type: "content_block_delta",
        index: 1,
        delta: { type: "citations_delta", citation: {} },
      }),
    ).toEqual([]);
    expect(decoder.push({ type: "message_future_event" })).toEqual([]);
  });

  it("createAnthropicStreamDecoder ends unended tool calls at message_stop and maps refusal to content_filter", () => {
    const events = decodeEvents([
      start,
      {
        type: "content_block_start",
        index: 0,
        content_block: { type: "tool_use", id: "t", name: "f", input: { a: 1 } },
      },
      { type: "message_delta", delta: { stop_reason: "refusal" }, usage: { output_tokens: 2 } },
      { type: "message_stop" },
    ]);
    expect(events.slice(1)).toEqual([
      { type: "tool-call-start", index: 0, id: "t", name: "f" },
      { type: "tool-call-delta", index: 0, arguments: '{"a":1}' },
      { type: "tool-call-end", index: 0 },
      { type: "finish", reason: "content_filter" },
      { type: "usage", usage: { inputTokens: 5, outputTokens: 2 } },
    ]);
  });

  it("createAnthropicStreamDecoder throws a backend error for a malformed event it needs", () => {
    const decoder = createAnthropicStreamDecoder();
    expect(() => decoder.push({ type: "content_block_delta", delta: {} })).toThrow(
      expect.objectContaining({ kind: "backend_error", status: 502 }),
    );
    expect(() => decoder.push(42)).toThrow(expect.objectContaining({ kind: "backend_error" }));
  });

  it("decoding what the renderer wrote for an upstream golden gives back its events", () => {
    for (const name of ["max-tokens", "text", "tool-use"]) {
      const events = readEvents(`upstream/${name}/events.json`);
      expect(decodeEvents(wire(renderEvents(events)) as unknown[])).toStrictEqual(events);
    }
  });
});
