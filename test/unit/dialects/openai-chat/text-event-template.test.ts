import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createChatStreamDecoder } from "../../../../src/dialects/openai-chat/decode-stream.ts";
import { plainTextDelta } from "../../../../src/dialects/openai-chat/plain-text-delta.ts";
import { createTextEventTemplate } from "../../../../src/dialects/text-event-template.ts";

const head = { id: "chatcmpl-1", object: "chat.completion.chunk", created: 7, model: "m" };
/** Any text, lone surrogates and control characters included (a backend may escape them). */
const anyText = fc.oneof(
  fc.string({ unit: "binary" }),
  fc.string({ unit: fc.nat(0xffff).map((code) => String.fromCharCode(code)) }),
);
const chunk = (content: string, extra: object = {}) =>
  JSON.stringify({ ...head, choices: [{ index: 0, delta: { content }, finish_reason: null }], ...extra });

function learnt(data: string, text: string) {
  const template = createTextEventTemplate(plainTextDelta);
  expect(template.learn(data, text)).toBe(true);
  return template;
}

describe("createTextEventTemplate", () => {
  it("createTextEventTemplate reads any later text exactly as JSON.parse does", () => {
    const template = learnt(chunk("Hello"), "Hello");
    fc.assert(
      fc.property(anyText, (text) => {
        expect(template.match(chunk(text))).toBe(text);
      }),
      { numRuns: 500 },
    );
    expect(template.match(chunk('say "hi"\\n\u0000\u2028'))).toBe('say "hi"\\n\u0000\u2028');
  });

  it("createTextEventTemplate learns from spaced JSON and any key order", () => {
    const spaced = JSON.stringify(JSON.parse(chunk("a")), null, 1).replaceAll("\n", "");
    expect(learnt(spaced, "a").match(spaced.replace('"a"', '"bc"'))).toBe("bc");
    const reordered = '{"choices":[{"delta":{"content":"a","role":null},"index":0}],"id":"x"}';
    expect(learnt(reordered, "a").match(reordered.replace('"a"', '"b\\"c"'))).toBe('b"c');
  });

  it("createTextEventTemplate misses a chunk that differs anywhere but in its text", () => {
    const template = learnt(chunk("a"), "a");
    expect(template.match(chunk("b", { usage: null }))).toBeUndefined();
    expect(
      template.match(chunk("b").replace('"finish_reason":null', '"finish_reason":"stop"')),
    ).toBeUndefined();
    expect(template.match(chunk("b").replace('"m"', '"n"'))).toBeUndefined();
    // A body that is not one JSON string: what JSON.parse would read differently or refuse.
    const [before, after] = chunk("X").split("X");
    for (const body of ['a","x":"b', "a\\", "a\u0001", 'a"']) {
      expect(template.match(`${before}${body}${after}`)).toBeUndefined();
    }
  });

  it("createTextEventTemplate refuses to learn from text it cannot place exactly", () => {
    const template = createTextEventTemplate(plainTextDelta);
    // Equal text in another field, the delta written with other escapes, and a wrong pairing.
    expect(template.learn(chunk("m"), "m")).toBe(false);
    expect(
      template.learn(chunk("a", { note: "b" }).replace('"content":"a"', '"content":"\\u0062"'), "b"),
    ).toBe(false);
    expect(template.learn(chunk("a", { note: "b" }), "b")).toBe(false);
    expect(template.match(chunk("a"))).toBeUndefined();
  });

  it("createTextEventTemplate never takes a key for the text, even one that steers a duplicate", () => {
    // JSON.parse keeps the last of two equal keys; renaming the last would expose the first's value.
    const data = '{"choices":[{"index":0,"delta":{"\\u0063ontent":"\\u0001","content":"\\u0063ontent"}}]}';
    expect(plainTextDelta(JSON.parse(data))).toBe("content");
    expect(createTextEventTemplate(plainTextDelta).learn(data, "content")).toBe(false);
    expect(
      createTextEventTemplate(plainTextDelta).learn(data.replace('"content":', '"content" \n:'), "content"),
    ).toBe(false);
  });
});

describe("createChatStreamDecoder pushText", () => {
  it("createChatStreamDecoder decodes the same events through pushText as through push alone", () => {
    const texts = fc.array(anyText, { maxLength: 12 });
    const extras = fc.constantFrom({}, { system_fingerprint: "fp" }, { usage: null });
    fc.assert(
      fc.property(texts, extras, (parts, extra) => {
        const stream = [
          chunk("", extra),
          ...parts.map((text) => chunk(text, extra)),
          JSON.stringify({ ...head, choices: [{ index: 0, delta: {}, finish_reason: "stop" }] }),
        ];
        const plain = createChatStreamDecoder();
        const fast = createChatStreamDecoder();
        for (const data of stream) {
          const expected = plain.push(JSON.parse(data));
          expect(fast.pushText(data) ?? fast.push(JSON.parse(data))).toStrictEqual(expected);
        }
        expect(fast.end()).toStrictEqual(plain.end());
      }),
      { numRuns: 300 },
    );
  });

  it("createChatStreamDecoder reads later plain chunks from their text, and no others", () => {
    const decoder = createChatStreamDecoder();
    expect(decoder.pushText(chunk("a"))).toBeUndefined();
    decoder.push(JSON.parse(chunk("a")));
    expect(decoder.pushText(chunk("b"))).toBeUndefined();
    decoder.push(JSON.parse(chunk("b")));
    expect(decoder.pushText(chunk("c"))).toStrictEqual([{ type: "text-delta", text: "c" }]);
    expect(decoder.pushText(chunk(""))).toStrictEqual([]);
    expect(plainTextDelta(JSON.parse(chunk("d", { usage: { prompt_tokens: 1 } })))).toBeUndefined();
    expect(decoder.pushText(chunk("d", { usage: { prompt_tokens: 1 } }))).toBeUndefined();
  });
});
