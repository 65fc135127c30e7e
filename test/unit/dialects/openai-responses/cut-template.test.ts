import { describe, expect, it } from "vitest";
import { cutTemplate, fill } from "../../../../src/dialects/openai-responses/cut-template.ts";

describe("cutTemplate", () => {
  it("cutTemplate makes a hole of every occurrence of each mark, and fill puts the values back", () => {
    const template = cutTemplate('{"a":"X","b":7,"c":"X"}', ['"X"', "7"]);
    expect(template).toEqual({ pieces: ['{"a":', ',"b":', ',"c":', "}"], holes: [0, 1, 0] });
    expect(fill(template, ['"y"', "8"])).toBe('{"a":"y","b":8,"c":"y"}');
  });

  it("cutTemplate cuts marks in order: a later mark inside an earlier one's text stays in that hole", () => {
    const template = cutTemplate('[{"id":"X"},"X"]', ['{"id":"X"}', '"X"']);
    expect(fill(template, ["{}", "1"])).toBe("[{},1]");
  });

  it("cutTemplate skips an undefined mark and keeps the others' positions", () => {
    expect(fill(cutTemplate("a-b", [undefined, "b"]), ["unused", "c"])).toBe("a-c");
  });

  it("cutTemplate refuses a sample with a NUL sentinel no mark cut", () => {
    expect(() => cutTemplate(JSON.stringify({ a: "\u0000id" }), [])).toThrow(/sentinel/);
  });
});
