import { APIError } from "openai";
import { describe, expect, it } from "vitest";
import { AirlockError, type AirlockErrorOptions, type ErrorKind } from "../../../../src/canonical/error.ts";
import { openAIErrorBody, openAIErrorEvent } from "../../../../src/dialects/openai-chat/render-error.ts";
import { readFixture, sdkAnswering } from "./goldens.ts";

type ErrorCase = {
  readonly error: { kind: ErrorKind; message: string } & AirlockErrorOptions;
  readonly body: unknown;
};

const cases = JSON.parse(readFixture("errors.json")) as ErrorCase[];

function errorOf({ kind, message, ...options }: ErrorCase["error"]): AirlockError {
  return new AirlockError(kind, message, options);
}

describe("openAIErrorBody goldens", () => {
  for (const golden of cases) {
    it(`openAIErrorBody renders ${golden.error.kind} as OpenAI's error object`, () => {
      const body = openAIErrorBody(errorOf(golden.error));
      expect(body).toStrictEqual(golden.body);
      if (golden.error.detail !== undefined) expect(JSON.stringify(body)).not.toContain(golden.error.detail);
    });
  }
});

describe("openAIErrorEvent", () => {
  const error = new AirlockError("backend_unreachable", 'backend "vllm" is unreachable (ECONNRESET)', {
    detail: "socket hang up at 10.0.0.7:8000",
  });

  it("openAIErrorEvent is one SSE data event holding the error object", () => {
    const event = openAIErrorEvent(error);
    expect(event.startsWith("data: ")).toBe(true);
    expect(event.endsWith("\n\n")).toBe(true);
    expect(event.slice(0, -2)).not.toContain("\n");
    expect(JSON.parse(event.slice("data: ".length))).toStrictEqual(openAIErrorBody(error));
    expect(event).not.toContain("10.0.0.7");
  });

  it("the openai SDK raises openAIErrorEvent mid-stream as an APIError with the message", async () => {
    const first = {
      id: "chatcmpl-e",
      object: "chat.completion.chunk",
      created: 1,
      model: "m",
      choices: [
        { index: 0, delta: { role: "assistant", content: "par" }, logprobs: null, finish_reason: null },
      ],
    };
    const client = sdkAnswering(`data: ${JSON.stringify(first)}\n\n${openAIErrorEvent(error)}`);
    const stream = await client.chat.completions.create({
      model: "m",
      messages: [{ role: "user", content: "x" }],
      stream: true,
    });
    const seen: string[] = [];
    const failure = await (async () => {
      for await (const chunk of stream) seen.push(chunk.choices[0]?.delta.content ?? "");
    })().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(seen).toEqual(["par"]);
    expect(failure).toBeInstanceOf(APIError);
    expect(failure).toMatchObject({ message: expect.stringContaining('backend "vllm" is unreachable') });
  });
});
