import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CanonicalEvent } from "../../../../src/canonical/events.ts";
import type { CanonicalRequest } from "../../../../src/canonical/request.ts";
import { collectResponse } from "../../../../src/dialects/openai-responses/collect.ts";
import { echoOf } from "../../../../src/dialects/openai-responses/echo.ts";
import { formatResponsesEvent } from "../../../../src/dialects/openai-responses/format-sse.ts";
import { createResponsesStreamRenderer } from "../../../../src/dialects/openai-responses/render-stream.ts";
import type { ResponsesStreamEvent } from "../../../../src/dialects/openai-responses/wire.ts";
import { sdkAnswering } from "../openai-chat/goldens.ts";
import { answerArbitrary } from "./arbitraries.ts";
import { cases, fromArray, readEvents, readJson, readJsonLines, renderResponses, wire } from "./fixtures.ts";

function sse(events: readonly CanonicalEvent[]): string {
  const renderer = createResponsesStreamRenderer();
  return [...events.flatMap((e) => renderer.render(e)), ...renderer.end()].map(formatResponsesEvent).join("");
}

async function sdkFinal(events: readonly CanonicalEvent[]) {
  return sdkAnswering(sse(events)).responses.stream({ model: "m", input: "x" }).finalResponse();
}

describe("createResponsesStreamRenderer goldens", () => {
  const names = cases("render");

  it("the goldens cover text, tool calls, reasoning, incomplete, failed and early errors", () => {
    expect(names).toEqual([
      "content-filter",
      "error-before-start",
      "failed",
      "reasoning-length",
      "text",
      "tool-calls",
    ]);
  });

  for (const name of names) {
    it(`createResponsesStreamRenderer renders ${name} exactly as stream.jsonl`, () => {
      expect(renderResponses(readEvents(`render/${name}/events.json`))).toStrictEqual(
        readJsonLines(`render/${name}/stream.jsonl`),
      );
    });
  }

  for (const name of ["content-filter", "reasoning-length", "text", "tool-calls"]) {
    it(`collectResponse folds ${name} into response.json, the terminal event's response`, async () => {
      const events = readEvents(`render/${name}/events.json`);
      const response = wire(await collectResponse(fromArray(events)));
      expect(response).toStrictEqual(readJson(`render/${name}/response.json`));
      expect(readJsonLines(`render/${name}/stream.jsonl`).at(-1)).toMatchObject({ response });
    });

    it(`the openai SDK's ResponseStream accepts ${name} and ends with the collected response`, async () => {
      const events = readEvents(`render/${name}/events.json`);
      const final = await sdkFinal(events);
      const collected = await collectResponse(fromArray(events));
      expect(final).toMatchObject(wire(collected) as object);
    });
  }

  it("collectResponse refuses a failed answer with its message, as a non-streaming error", async () => {
    await expect(collectResponse(fromArray(readEvents("render/failed/events.json")))).rejects.toMatchObject({
      kind: "backend_error",
      message: "upstream connection reset",
    });
    await expect(
      collectResponse(fromArray(readEvents("render/error-before-start/events.json"))),
    ).rejects.toThrow(/rejected the request/);
  });
});

describe("createResponsesStreamRenderer sequence", () => {
  const start: CanonicalEvent = { type: "start", id: "resp_1", model: "m", created: 1 };
  const text: CanonicalEvent = { type: "text-delta", text: "hi" };
  const usage: CanonicalEvent = { type: "usage", usage: { inputTokens: 3, outputTokens: 1 } };

  function types(events: readonly CanonicalEvent[]): string[] {
    return (renderResponses(events) as ResponsesStreamEvent[]).map((e) => e.type);
  }

  it("createResponsesStreamRenderer opens with created and in_progress, then one item's full lifecycle", () => {
    expect(types([start, text, { type: "finish", reason: "stop" }, usage])).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.content_part.added",
      "response.output_text.delta",
      "response.output_text.done",
      "response.content_part.done",
      "response.output_item.done",
      "response.completed",
    ]);
  });

  it("createResponsesStreamRenderer waits for usage after finish, and carries it in the terminal event", () => {
    const renderer = createResponsesStreamRenderer();
    renderer.render(start);
    renderer.render(text);
    const atFinish = renderer.render({ type: "finish", reason: "stop" });
    expect(atFinish.map((e) => e.type)).not.toContain("response.completed");
    const atUsage = renderer.render(usage);
    expect(atUsage).toMatchObject([{ type: "response.completed", response: { usage: { total_tokens: 4 } } }]);
    expect(renderer.end()).toEqual([]);
  });

  it("createResponsesStreamRenderer ends without usage at end(): usage null, never a hang", () => {
    const out = renderResponses([start, { type: "finish", reason: "stop" }]);
    expect(out.at(-1)).toMatchObject({ type: "response.completed", response: { usage: null, output: [] } });
  });

  it("createResponsesStreamRenderer fails a stream that ends before finishing", () => {
    expect(renderResponses([start, text]).at(-1)).toMatchObject({
      type: "response.failed",
      response: { status: "failed", error: { code: "server_error" } },
    });
  });

  it("createResponsesStreamRenderer renders finish error as response.failed", () => {
    expect(renderResponses([start, { type: "finish", reason: "error" }, usage]).at(-1)).toMatchObject({
      type: "response.failed",
    });
  });

  it("createResponsesStreamRenderer renders nothing after the terminal event", () => {
    const renderer = createResponsesStreamRenderer();
    renderer.render(start);
    renderer.render({ type: "error", message: "boom" });
    expect(renderer.render(text)).toEqual([]);
    expect(renderer.end()).toEqual([]);
    expect(renderer.nextSequence()).toBe(3);
  });

  it("createResponsesStreamRenderer repeats the request's fields from echoOf", () => {
    const request: CanonicalRequest = {
      model: "m",
      instructions: [
        { role: "system", text: "a" },
        { role: "developer", text: "b" },
      ],
      turns: [],
      tools: [{ name: "f", parameters: { type: "object" }, strict: false }],
      toolChoice: { type: "tool", name: "f" },
      temperature: 0.5,
      maxOutputTokens: 9,
      stream: true,
      includeUsage: true,
    };
    const [created] = renderResponses([start], { echo: echoOf(request) });
    expect(created).toMatchObject({
      response: {
        instructions: "a\n\nb",
        tools: [{ type: "function", name: "f", parameters: { type: "object" }, strict: false }],
        tool_choice: { type: "function", name: "f" },
        temperature: 0.5,
        max_output_tokens: 9,
        store: false,
      },
    });
  });

  it("formatResponsesEvent names the event and puts its JSON on one data line", () => {
    const [event] = createResponsesStreamRenderer().render(start);
    if (event === undefined) throw new Error("no event");
    const text = formatResponsesEvent(event);
    expect(text.startsWith("event: response.created\ndata: {")).toBe(true);
    expect(text.endsWith("}\n\n")).toBe(true);
    expect(text.split("\n")).toHaveLength(4);
  });
});

describe("createResponsesStreamRenderer property", () => {
  it("numbers every event 0, 1, 2, … and ends with exactly one terminal event", () => {
    fc.assert(
      fc.property(answerArbitrary, (events) => {
        const out = renderResponses(events) as ResponsesStreamEvent[];
        expect(out.map((e) => e.sequence_number)).toEqual(out.map((_, i) => i));
        const terminal = out.filter((e) => /^response\.(completed|incomplete|failed)$/.test(e.type));
        expect(terminal).toHaveLength(1);
        expect(out.at(-1)).toBe(terminal[0]);
      }),
      { numRuns: 200 },
    );
  });

  it("the openai SDK folds any rendered answer into what collectResponse builds", async () => {
    await fc.assert(
      fc.asyncProperty(answerArbitrary, async (events) => {
        const final = await sdkFinal(events);
        const collected = wire(await collectResponse(fromArray(events)));
        expect(final).toMatchObject(collected as object);
      }),
      { numRuns: 60 },
    );
  });
});
