import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CanonicalRequest } from "../../../../src/canonical/request.ts";
import { decodeAnthropicRequest } from "../../../../src/dialects/anthropic-messages/decode-request.ts";
import { cleanParameters, cleanSchema } from "../../../../src/dialects/gemini/clean-schema.ts";
import { decodeGeminiRequest } from "../../../../src/dialects/gemini/decode-request.ts";
import { encodeGeminiRequest } from "../../../../src/dialects/gemini/encode-request.ts";
import { decodeChatRequest } from "../../../../src/dialects/openai-chat/decode-request.ts";
import { readJson, wire } from "./support.ts";

describe("Gemini request goldens", () => {
  it("a Chat Completions request reaches Vertex Gemini as from-chat/gemini.json", () => {
    const canonical = decodeChatRequest(readJson("requests/from-chat/chat.json"));
    expect(wire(encodeGeminiRequest(canonical))).toStrictEqual(readJson("requests/from-chat/gemini.json"));
  });

  it("a Claude Code request reaches Vertex Gemini as claude-code/gemini.json", () => {
    const canonical = decodeAnthropicRequest(readJson("requests/claude-code/anthropic.json"));
    expect(wire(encodeGeminiRequest(canonical))).toStrictEqual(readJson("requests/claude-code/gemini.json"));
  });

  it("decodeGeminiRequest reads a Gemini CLI request into canonical.json", () => {
    const canonical = decodeGeminiRequest(readJson("requests/gemini-cli/gemini.json"), {
      model: "gemini-2.5-pro",
      stream: true,
    });
    expect(wire(canonical)).toStrictEqual(readJson("requests/gemini-cli/canonical.json"));
  });

  it("encodeGeminiRequest writes canonical.json back as gemini-out.json, calls matched to responses by name", () => {
    const canonical = readJson("requests/gemini-cli/canonical.json") as CanonicalRequest;
    expect(wire(encodeGeminiRequest(canonical))).toStrictEqual(
      readJson("requests/gemini-cli/gemini-out.json"),
    );
  });
});

describe("encodeGeminiRequest", () => {
  const request: CanonicalRequest = {
    model: "gemini-2.5-flash",
    instructions: [],
    turns: [{ type: "message", role: "user", content: [{ type: "text", text: "hi" }] }],
    tools: [
      { name: "f", parameters: { type: "object", properties: { a: { type: "string" } } }, strict: true },
    ],
    stream: true,
    includeUsage: true,
  };

  it("encodeGeminiRequest maps tool choices to function-calling modes", () => {
    const mode = (toolChoice: CanonicalRequest["toolChoice"]) =>
      encodeGeminiRequest({ ...request, ...(toolChoice === undefined ? {} : { toolChoice }) }).toolConfig;
    expect(mode({ type: "auto" })).toEqual({ functionCallingConfig: { mode: "AUTO" } });
    expect(mode({ type: "none" })).toEqual({ functionCallingConfig: { mode: "NONE" } });
    expect(mode({ type: "required" })).toEqual({ functionCallingConfig: { mode: "ANY" } });
    expect(mode({ type: "tool", name: "f" })).toEqual({
      functionCallingConfig: { mode: "ANY", allowedFunctionNames: ["f"] },
    });
    expect(mode(undefined)).toBeUndefined();
  });

  it("encodeGeminiRequest turns effort into a thinking budget, none into budget 0", () => {
    expect(encodeGeminiRequest({ ...request, reasoningEffort: "high" }).generationConfig).toEqual({
      thinkingConfig: { thinkingBudget: 24576, includeThoughts: true },
    });
    expect(encodeGeminiRequest({ ...request, reasoningEffort: "none" }).generationConfig).toEqual({
      thinkingConfig: { thinkingBudget: 0 },
    });
    expect(encodeGeminiRequest({ ...request, output: { type: "json_object" } }).generationConfig).toEqual({
      responseMimeType: "application/json",
    });
  });

  it("encodeGeminiRequest signs each model turn's first call, unless told not to", () => {
    const turns: CanonicalRequest["turns"] = [
      { type: "tool-call", id: "a", name: "f", arguments: "{}" },
      { type: "tool-call", id: "b", name: "g", arguments: "" },
      { type: "tool-result", callId: "b", content: [{ type: "text", text: "B" }] },
      { type: "tool-result", callId: "a", content: [] },
    ];
    expect(encodeGeminiRequest({ ...request, turns }).contents).toEqual([
      {
        role: "model",
        parts: [
          { functionCall: { name: "f", args: {} }, thoughtSignature: "skip_thought_signature_validator" },
          { functionCall: { name: "g", args: {} } },
        ],
      },
      {
        role: "user",
        parts: [
          { functionResponse: { name: "g", response: { output: "B" } } },
          { functionResponse: { name: "f", response: { output: "" } } },
        ],
      },
    ]);
    const unsigned = encodeGeminiRequest({ ...request, turns }, { thoughtSignature: false });
    expect(JSON.stringify(unsigned)).not.toContain("thoughtSignature");
  });

  it("encodeGeminiRequest refuses results of unknown calls, OpenAI file ids and previous_response_id", () => {
    const orphan = { type: "tool-result" as const, callId: "nope", content: [] };
    expect(() => encodeGeminiRequest({ ...request, turns: [orphan] })).toThrow(/no tool call nope/);
    const file = {
      type: "message" as const,
      role: "user" as const,
      content: [{ type: "file" as const, fileId: "file-1" }],
    };
    expect(() => encodeGeminiRequest({ ...request, turns: [file] })).toThrow(
      expect.objectContaining({ param: "file_id" }),
    );
    expect(() => encodeGeminiRequest({ ...request, previousResponseId: "resp_1" })).toThrow(
      expect.objectContaining({ param: "previous_response_id" }),
    );
  });
});

describe("cleanSchema", () => {
  it("cleanSchema inlines $refs, and a recursive one becomes a bare object", () => {
    const schema = {
      $defs: { Node: { type: "object", properties: { child: { $ref: "#/$defs/Node" } } } },
      type: "object",
      properties: { root: { $ref: "#/$defs/Node" } },
    };
    expect(cleanSchema(schema)).toEqual({
      type: "object",
      properties: { root: { type: "object", properties: { child: { type: "object" } } } },
    });
  });

  it("cleanSchema merges allOf, rewrites oneOf, const and type lists, and keeps Gemini's formats only", () => {
    expect(
      cleanSchema({
        allOf: [
          { type: "object", properties: { a: { type: "string", format: "email" } }, required: ["a"] },
          { properties: { b: { type: ["integer", "null"], format: "int64" } }, required: ["b", "zz"] },
        ],
        additionalProperties: false,
      }),
    ).toEqual({
      type: "object",
      properties: { a: { type: "string" }, b: { type: "integer", nullable: true, format: "int64" } },
      required: ["a", "b"],
    });
    expect(cleanSchema({ oneOf: [{ const: "x" }, { type: "null" }] })).toEqual({
      nullable: true,
      enum: ["x"],
      type: "string",
    });
    expect(cleanSchema({ type: ["string", "number"] })).toEqual({
      anyOf: [{ type: "string" }, { type: "number" }],
    });
    expect(cleanSchema({ type: "integer", enum: [1, 2] })).toEqual({ type: "integer" });
  });

  it("cleanParameters leaves out a schema that takes no properties", () => {
    expect(cleanParameters({ type: "object", properties: {}, additionalProperties: false })).toBeUndefined();
    expect(cleanParameters({ type: "object" })).toBeUndefined();
  });
});

describe("decodeGeminiRequest", () => {
  const base = { contents: [{ role: "user", parts: [{ text: "hi" }] }] };
  const options = { model: "gemini-2.5-flash", stream: false };

  it("decodeGeminiRequest refuses Google-hosted tools and several candidates", () => {
    expect(() => decodeGeminiRequest({ ...base, tools: [{ googleSearch: {} }] }, options)).toThrow(
      expect.objectContaining({ param: "tools[0]" }),
    );
    expect(() => decodeGeminiRequest({ ...base, generationConfig: { candidateCount: 2 } }, options)).toThrow(
      expect.objectContaining({ param: "generationConfig.candidateCount" }),
    );
  });

  it("decodeGeminiRequest reads function-calling modes, thinking levels and JSON output", () => {
    const r = decodeGeminiRequest(
      {
        ...base,
        toolConfig: { functionCallingConfig: { mode: "ANY", allowedFunctionNames: ["f"] } },
        generationConfig: { thinkingConfig: { thinkingLevel: "HIGH" }, responseMimeType: "application/json" },
      },
      options,
    );
    expect(r).toMatchObject({
      toolChoice: { type: "tool", name: "f" },
      reasoningEffort: "high",
      output: { type: "json_object" },
    });
  });
});

describe("Gemini call ids and names", () => {
  const call = fc.record({
    name: fc.constantFrom("read", "write", "run"),
    args: fc.dictionary(fc.constantFrom("a", "b"), fc.integer(), { maxKeys: 2 }),
  });

  it("any model turn of calls, answered in any order, pairs each result with a call of its name after encode -> decode", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(call, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 3 }),
        fc.array(fc.nat()),
        (rounds, order) => {
          const turns: CanonicalRequest["turns"][number][] = [
            { type: "message", role: "user", content: [{ type: "text", text: "go" }] },
          ];
          rounds.forEach((calls, r) => {
            const ids = calls.map((_, i) => `call_${r}_${i}`);
            calls.forEach((c, i) => {
              turns.push({
                type: "tool-call",
                id: ids[i] ?? "",
                name: c.name,
                arguments: JSON.stringify(c.args),
              });
            });
            const answered = [...ids].sort(
              (a, b) => ((order[ids.indexOf(a)] ?? 0) % 7) - ((order[ids.indexOf(b)] ?? 0) % 7),
            );
            for (const id of answered)
              turns.push({
                type: "tool-result",
                callId: id,
                content: [{ type: "text", text: `result of ${id}` }],
              });
          });
          const request: CanonicalRequest = {
            model: "m",
            instructions: [],
            turns,
            tools: [],
            stream: false,
            includeUsage: false,
          };
          const decoded = decodeGeminiRequest(wire(encodeGeminiRequest(request)), {
            model: "m",
            stream: false,
          });
          const nameOf = new Map<string, string>();
          for (const t of decoded.turns) if (t.type === "tool-call") nameOf.set(t.id, t.name);
          const originalName = new Map(
            turns.flatMap((t) => (t.type === "tool-call" ? [[t.id, t.name] as const] : [])),
          );
          const results = decoded.turns.filter((t) => t.type === "tool-result");
          expect(results).toHaveLength(turns.filter((t) => t.type === "tool-result").length);
          for (const result of results) {
            const text = result.content[0]?.type === "text" ? result.content[0].text : "";
            const originalId = text.replace("result of ", "");
            expect(nameOf.get(result.callId)).toBe(originalName.get(originalId));
          }
          expect(new Set(results.map((r) => r.callId)).size).toBe(results.length);
        },
      ),
      { numRuns: 200 },
    );
  });
});
