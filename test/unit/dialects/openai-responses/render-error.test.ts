import { describe, expect, it } from "vitest";
import { AirlockError } from "../../../../src/canonical/error.ts";
import { formatResponsesEvent } from "../../../../src/dialects/openai-responses/format-sse.ts";
import {
  nextSequenceNumber,
  responsesErrorBody,
  responsesErrorEvent,
} from "../../../../src/dialects/openai-responses/render-error.ts";
import { createResponsesStreamRenderer } from "../../../../src/dialects/openai-responses/render-stream.ts";
import { sdkAnswering } from "../openai-chat/goldens.ts";
import { parseSse } from "./fixtures.ts";

const error = new AirlockError("backend_timeout", 'backend "lightspeed" did not answer within 600s');

describe("responses render-error", () => {
  it("responsesErrorBody is OpenAI's error object, as on the chat endpoint", () => {
    expect(responsesErrorBody(error)).toEqual({
      error: {
        message: 'backend "lightspeed" did not answer within 600s',
        type: "server_error",
        param: null,
        code: "timeout",
      },
    });
  });

  it("responsesErrorEvent continues the stream's sequence numbers", () => {
    const renderer = createResponsesStreamRenderer();
    const head = renderer.render({ type: "start", id: "resp_1", model: "m", created: 1 });
    const text =
      head.map(formatResponsesEvent).join("") + responsesErrorEvent(error, renderer.nextSequence());
    expect(parseSse(text).at(-1)).toEqual({
      type: "error",
      sequence_number: 2,
      code: "timeout",
      message: 'backend "lightspeed" did not answer within 600s',
      param: null,
    });
  });

  it("nextSequenceNumber continues after the last numbered event a passed-through stream sent", () => {
    const events =
      'event: response.output_text.delta\ndata: {"type":"response.output_text.delta","delta":"hi","sequence_number":6}\n\n' +
      'event: response.output_text.delta\ndata: {"type":"response.output_text.delta","sequence_number": 7,"delta":"!"}\n\n';
    expect(nextSequenceNumber(Buffer.from(events))).toBe(8);
    expect(nextSequenceNumber(Buffer.from("data: {}\n\n"))).toBe(0);
    expect(nextSequenceNumber(undefined)).toBe(0);
  });

  it("the openai SDK raises on the error event instead of returning a partial answer", async () => {
    const text = responsesErrorEvent(error, 0);
    const stream = sdkAnswering(text).responses.stream({ model: "m", input: "x" });
    await expect(stream.finalResponse()).rejects.toThrow(/did not answer within 600s/);
  });
});
