/** A chat backend (vLLM, Ollama, the mock) answering a Responses client (Codex): chat in, Responses out. */
import { describe, expect, it } from "vitest";
import { decodeChatCompletion } from "../../../../src/dialects/openai-chat/decode-response.ts";
import { collectResponse } from "../../../../src/dialects/openai-responses/collect.ts";
import { formatResponsesEvent } from "../../../../src/dialects/openai-responses/format-sse.ts";
import type { ResponsesStreamEvent } from "../../../../src/dialects/openai-responses/wire.ts";
import { sdkAnswering } from "../openai-chat/goldens.ts";
import {
  cases,
  decodeChatStream,
  fromArray,
  parseSse,
  readEvents,
  readFixture,
  readJson,
  readJsonLines,
  renderResponses,
  wire,
} from "./fixtures.ts";

describe("chat stream in, Responses stream out", () => {
  const names = cases("from-chat");

  it("the goldens cover text, reasoning, parallel tool calls, length, an error and a dropped stream", () => {
    expect(names).toEqual(["error", "length", "reasoning", "text", "tool-calls", "truncated"]);
  });

  for (const name of names) {
    it(`a Responses client receives the ${name} chat stream as responses.jsonl`, () => {
      const upstream = parseSse(readFixture(`from-chat/${name}/upstream.sse`));
      expect(renderResponses(decodeChatStream(upstream))).toStrictEqual(
        readJsonLines(`from-chat/${name}/responses.jsonl`),
      );
    });
  }

  for (const name of ["length", "reasoning", "text", "tool-calls"]) {
    it(`the openai SDK's responses.stream reads the translated ${name} answer`, async () => {
      const events = readJsonLines(`from-chat/${name}/responses.jsonl`) as ResponsesStreamEvent[];
      const final = await sdkAnswering(events.map(formatResponsesEvent).join(""))
        .responses.stream({ model: "m", input: "x" })
        .finalResponse();
      const collected = await collectResponse(fromArray(readEvents(`from-chat/${name}/events.json`)));
      expect(final).toMatchObject(wire(collected) as object);
    });
  }

  it("a chat backend's error reaches the Responses client as response.failed with its message", () => {
    const last = readJsonLines("from-chat/error/responses.jsonl").at(-1);
    expect(last).toMatchObject({
      type: "response.failed",
      response: { status: "failed", error: { message: expect.stringContaining("maximum model length") } },
    });
  });

  it("finish length reaches the Responses client as response.incomplete with max_output_tokens", () => {
    expect(readJsonLines("from-chat/length/responses.jsonl").at(-1)).toMatchObject({
      type: "response.incomplete",
      response: { incomplete_details: { reason: "max_output_tokens" } },
    });
  });
});

describe("whole chat completion in, Responses object out", () => {
  for (const name of cases("whole/from-chat")) {
    it(`collectResponse folds the ${name} chat completion into responses.json`, async () => {
      const events = decodeChatCompletion(readJson(`whole/from-chat/${name}/upstream.json`));
      expect(wire(await collectResponse(fromArray(events)))).toStrictEqual(
        readJson(`whole/from-chat/${name}/responses.json`),
      );
    });
  }
});
