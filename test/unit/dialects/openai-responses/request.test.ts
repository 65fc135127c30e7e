import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CanonicalRequest } from "../../../../src/canonical/request.ts";
import { decodeChatRequest } from "../../../../src/dialects/openai-chat/decode-request.ts";
import { encodeChatRequest } from "../../../../src/dialects/openai-chat/encode-request.ts";
import { decodeResponsesRequest } from "../../../../src/dialects/openai-responses/decode-request.ts";
import { encodeResponsesRequest } from "../../../../src/dialects/openai-responses/encode-request.ts";
import { requestArbitrary } from "./arbitraries.ts";
import { cases, readFixture, readJson, wire } from "./fixtures.ts";

describe("request goldens", () => {
  for (const name of cases("requests/chat-to-responses")) {
    it(`a chat request (${name}) reaches a Responses backend as responses.json`, () => {
      const chat = readJson(`requests/chat-to-responses/${name}/chat.json`);
      expect(wire(encodeResponsesRequest(decodeChatRequest(chat)))).toStrictEqual(
        readJson(`requests/chat-to-responses/${name}/responses.json`),
      );
    });
  }

  for (const name of cases("requests/responses-to-chat")) {
    it(`a Responses request (${name}) reaches a chat backend as chat.json`, () => {
      const responses = readJson(`requests/responses-to-chat/${name}/responses.json`);
      expect(wire(encodeChatRequest(decodeResponsesRequest(responses)))).toStrictEqual(
        readJson(`requests/responses-to-chat/${name}/chat.json`),
      );
    });
  }
});

/** What the Responses wire keeps: every instruction in one `instructions` text. */
function responsesForm(request: CanonicalRequest): CanonicalRequest {
  const text = request.instructions.map((i) => i.text).join("\n\n");
  return { ...request, instructions: text === "" ? [] : [{ role: "system", text }] };
}

describe("decodeResponsesRequest / encodeResponsesRequest", () => {
  it("any canonical request survives encode then decode: canonical -> Responses -> canonical", () => {
    fc.assert(
      fc.property(requestArbitrary("responses"), (request) => {
        const back = decodeResponsesRequest(wire(encodeResponsesRequest(request)));
        expect(back).toStrictEqual(responsesForm(request));
      }),
      { numRuns: 300 },
    );
  });

  it("encodeResponsesRequest sends a reasoning item back byte for byte, key order and all", () => {
    const body = readFixture("requests/responses-to-chat/codex-tools/responses.json");
    const isReasoning = (i: unknown) => (i as { type?: unknown }).type === "reasoning";
    const item = (JSON.parse(body) as { input: unknown[] }).input.find(isReasoning);
    const encoded = encodeResponsesRequest(decodeResponsesRequest(JSON.parse(body)));
    expect(JSON.stringify(encoded.input.find(isReasoning))).toBe(JSON.stringify(item));
    expect(JSON.stringify(item)).toContain('"encrypted_content":"gAAAAAB');
  });

  it("decodeResponsesRequest reads an unstated function-tool strict as true, the Responses default", () => {
    const request = decodeResponsesRequest({
      model: "m",
      input: "hi",
      tools: [{ type: "function", name: "f", parameters: { type: "object" } }],
    });
    expect(request.tools).toEqual([{ name: "f", parameters: { type: "object" }, strict: true }]);
    expect(request.turns).toEqual([
      { type: "message", role: "user", content: [{ type: "text", text: "hi" }] },
    ]);
  });

  it("decodeResponsesRequest hoists system and developer input messages into instructions, after `instructions`", () => {
    const request = decodeResponsesRequest({
      instructions: "base",
      input: [
        { role: "user", content: "a" },
        { role: "developer", content: [{ type: "input_text", text: "dev" }] },
        { role: "system", content: "sys" },
      ],
    });
    expect(request.instructions).toEqual([
      { role: "system", text: "base" },
      { role: "developer", text: "dev" },
      { role: "system", text: "sys" },
    ]);
    expect(encodeResponsesRequest(request).instructions).toBe("base\n\ndev\n\nsys");
  });

  it("decodeResponsesRequest keeps previous_response_id for the encoder to judge", () => {
    const request = decodeResponsesRequest({ input: [], previous_response_id: "resp_1", store: true });
    expect(request.previousResponseId).toBe("resp_1");
    expect(encodeResponsesRequest(request)).toMatchObject({ previous_response_id: "resp_1", store: false });
  });

  const refusals: [string, Record<string, unknown>, string][] = [
    ["background responses", { background: true }, "background"],
    ["conversations", { conversation: "conv_1" }, "conversation"],
    ["stored prompts", { prompt: { id: "pmpt_1" } }, "prompt"],
    ["hosted tool choices", { tool_choice: { type: "file_search" } }, "tool_choice.type"],
    ["item references", { input: [{ type: "item_reference", id: "msg_1" }] }, "input[0].type"],
    ["hosted-tool items", { input: [{ type: "local_shell_call", call_id: "c" }] }, "input[0].type"],
    [
      "audio input",
      { input: [{ role: "user", content: [{ type: "input_audio" }] }] },
      "input[0].content[0].type",
    ],
    [
      "images by file id",
      { input: [{ role: "user", content: [{ type: "input_image", file_id: "file-1", detail: "auto" }] }] },
      "input[0].content[0].file_id",
    ],
    ["unknown roles", { input: [{ role: "critic", content: "x" }] }, "input[0].role"],
  ];
  for (const [what, fields, param] of refusals) {
    it(`decodeResponsesRequest refuses ${what} with a 400 naming ${param}`, () => {
      expect(() => decodeResponsesRequest({ model: "m", input: [], ...fields })).toThrow(
        expect.objectContaining({ status: 400, param }),
      );
    });
  }

  it("decodeResponsesRequest drops hosted, custom and namespace tools, which Codex offers with every request", () => {
    const tools = [
      { type: "web_search", external_web_access: true },
      { type: "function", name: "exec_command", parameters: { type: "object", properties: {} } },
      {
        type: "custom",
        name: "apply_patch",
        format: { type: "grammar", syntax: "lark", definition: "start: x" },
      },
      { type: "namespace", name: "multi_agent_v1", tools: [{ type: "function", name: "spawn_agent" }] },
      { type: "tool_search" },
    ];
    expect(decodeResponsesRequest({ model: "m", input: [], tools }).tools.map((t) => t.name)).toStrictEqual([
      "exec_command",
    ]);
  });

  it("decodeResponsesRequest names the field of a malformed item", () => {
    expect(() =>
      decodeResponsesRequest({ input: [{ type: "function_call", call_id: "c", name: "f" }] }),
    ).toThrow(expect.objectContaining({ kind: "invalid_request", param: "input[0].arguments" }));
  });

  it("encodeResponsesRequest refuses stop sequences, which the Responses API does not have", () => {
    const request = decodeChatRequest({ messages: [{ role: "user", content: "x" }], stop: ["\n\n"] });
    expect(() => encodeResponsesRequest(request)).toThrow(
      expect.objectContaining({ status: 400, param: "stop" }),
    );
  });
});
