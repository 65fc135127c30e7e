import { describe, expect, it } from "vitest";
import { learnDeltaShape } from "../../../../src/dialects/openai-responses/text-delta-shape.ts";

const fields = (sequence: string, text: string, rest = "") =>
  `{"type":"response.output_text.delta","sequence_number":${sequence},"item_id":"msg_1","output_index":0,"content_index":0,"delta":${text},"logprobs":[]${rest}}`;

const learn = (data: string) => learnDeltaShape(data, JSON.parse(data));
const text = (bytes: Uint8Array | undefined) => Buffer.from(bytes ?? []).toString("utf8");

describe("learnDeltaShape", () => {
  it("learnDeltaShape finds the text by its key, whatever escapes the server wrote it with", () => {
    const shape = learn(fields("7", '"caf\\u00e9 \\/"'))?.shape;
    expect(text(shape?.tail)).toBe('","logprobs":[]}\n\n');
  });

  it("learnDeltaShape cuts the sequence number out of the head and the text out of the event", () => {
    const learnt = learn(fields("12", '"Hi"'));
    expect(learnt?.outputIndex).toBe(0);
    const shape = learnt?.shape;
    const head = text(shape?.head);
    expect(head.slice(0, shape?.numberAt)).toBe(
      'event: response.output_text.delta\ndata: {"type":"response.output_text.delta","sequence_number":',
    );
    expect(head.slice(shape?.numberAt)).toBe(
      ',"item_id":"msg_1","output_index":0,"content_index":0,"delta":"',
    );
    expect(text(shape?.tail)).toBe('","logprobs":[]}\n\n');
    expect(shape?.padAt).toBeUndefined();
  });

  it("learnDeltaShape cuts an obfuscation pad out of the tail", () => {
    const shape = learn(fields("3", '"Hi"', ',"obfuscation":"k\\u00e9Y"'))?.shape;
    const tail = text(shape?.tail);
    expect(tail.slice(0, shape?.padAt)).toBe('","logprobs":[],"obfuscation":"');
    expect(tail.slice(shape?.padAt)).toBe('"}\n\n');
  });

  it("learnDeltaShape learns nothing it could not read back through a probe", () => {
    // The text's key twice, a duplicate key: which one JSON.parse reads is not for the shape to guess.
    expect(learn(fields("3", '"Hi"', ',"delta":"Ho"'))).toBeUndefined();
    // A sequence number not written as an integer, or missing.
    expect(learn(fields("3.0", '"Hi"'))).toBeUndefined();
    expect(
      learn('{"type":"response.output_text.delta","item_id":"m","output_index":0,"delta":"Hi"}'),
    ).toBeUndefined();
    // The data on two lines (legal SSE, joined by "\n"): not one line's bytes.
    expect(learn(fields("3", '"Hi"').replace(',"logprobs"', ',\n"logprobs"'))).toBeUndefined();
    // Another event type, and an empty text.
    expect(learn(fields("3", '"Hi"').replace("output_text.delta", "refusal.delta"))).toBeUndefined();
    expect(learn(fields("3", '""'))).toBeUndefined();
  });
});
