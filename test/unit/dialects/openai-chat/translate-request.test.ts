import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CanonicalRequest } from "../../../../src/canonical/request.ts";
import { decodeChatRequest } from "../../../../src/dialects/openai-chat/decode-request.ts";
import { encodeChatRequest } from "../../../../src/dialects/openai-chat/encode-request.ts";
import { encodeResponsesRequest } from "../../../../src/dialects/openai-responses/encode-request.ts";
import { requestArbitrary } from "../openai-responses/arbitraries.ts";
import { wire } from "../openai-responses/fixtures.ts";
import { fixtureDir } from "./goldens.ts";

/** What the chat wire keeps: everything but reasoning items, which a chat backend cannot take. */
function chatForm(request: CanonicalRequest): CanonicalRequest {
  return { ...request, turns: request.turns.filter((t) => t.type !== "reasoning") };
}

const user = { role: "user", content: "hi" };

describe("decodeChatRequest / encodeChatRequest", () => {
  it("any canonical request survives encode then decode: canonical -> chat -> canonical", () => {
    fc.assert(
      fc.property(requestArbitrary("chat"), (request) => {
        // A chat request needs a message; an empty conversation is the chat backend's 400 to give.
        fc.pre(chatForm(request).turns.length + request.instructions.length > 0);
        expect(decodeChatRequest(wire(encodeChatRequest(request)))).toStrictEqual(chatForm(request));
      }),
      { numRuns: 300 },
    );
  });

  it("encodeChatRequest and encodeResponsesRequest send a user over 64 characters as its SHA-256, which OpenAI takes", () => {
    // Claude Code's metadata.user_id, as it sends it.
    const long = JSON.stringify({ device_id: "0".repeat(64), account_uuid: "", session_id: "s".repeat(36) });
    const request = { ...decodeChatRequest({ model: "m", messages: [user] }), user: long };
    const hash = createHash("sha256").update(long).digest("hex");
    expect(encodeChatRequest(request).user).toBe(hash);
    expect(encodeResponsesRequest(request).user).toBe(hash);
    const short = { ...request, user: "user_loopback" };
    expect(encodeChatRequest(short).user).toBe("user_loopback");
    expect(encodeResponsesRequest(short).user).toBe("user_loopback");
  });

  it("decodeChatRequest maps the openai-chat unknown-fields request and drops what it does not know", () => {
    const body: unknown = JSON.parse(
      readFileSync(new URL("requests/unknown-fields.json", fixtureDir), "utf8"),
    );
    expect(decodeChatRequest(body)).toStrictEqual({
      model: "gpt-4o",
      instructions: [{ role: "developer", text: "Answer in French." }],
      turns: [{ type: "message", role: "user", content: [{ type: "text", text: "Hi" }] }],
      tools: [],
      temperature: 0.2,
      output: { type: "json_schema", name: "r", schema: { type: "object" }, strict: false },
      reasoningEffort: "low",
      metadata: { team: "agents" },
      stream: true,
      includeUsage: true,
    });
  });

  it("decodeChatRequest makes an assistant message with tool calls into its text, then one turn per call", () => {
    const request = decodeChatRequest({
      messages: [
        user,
        {
          role: "assistant",
          content: [{ type: "text", text: "Let me look." }],
          tool_calls: [{ id: "c1", type: "function", function: { name: "f", arguments: "{}" } }],
        },
        { role: "tool", tool_call_id: "c1", content: "42" },
      ],
    });
    expect(request.turns.slice(1)).toEqual([
      { type: "message", role: "assistant", content: [{ type: "text", text: "Let me look." }] },
      { type: "tool-call", id: "c1", name: "f", arguments: "{}" },
      { type: "tool-result", callId: "c1", content: [{ type: "text", text: "42" }] },
    ]);
  });

  it("decodeChatRequest reads a data-URL image as data and any other URL as a URL", () => {
    const request = decodeChatRequest({
      messages: [
        {
          role: "user",
          content: [
            { type: "image_url", image_url: { url: "data:image/webp;base64,UklGRg==", detail: "low" } },
            { type: "image_url", image_url: { url: "https://example.com/a.png" } },
          ],
        },
      ],
    });
    expect(request.turns[0]).toEqual({
      type: "message",
      role: "user",
      content: [
        { type: "image", source: { kind: "data", mediaType: "image/webp", data: "UklGRg==" }, detail: "low" },
        { type: "image", source: { kind: "url", url: "https://example.com/a.png" } },
      ],
    });
  });

  const refusals: [string, Record<string, unknown>, string][] = [
    ["several choices", { n: 2 }, "n"],
    ["legacy functions", { functions: [{ name: "f" }] }, "functions"],
    ["legacy function_call", { function_call: "auto" }, "function_call"],
    ["audio output", { modalities: ["text", "audio"] }, "modalities"],
    ["web search", { web_search_options: {} }, "web_search_options"],
    ["custom tools", { tools: [{ type: "custom", custom: { name: "x" } }] }, "tools[0].type"],
    [
      "allowed_tools choices",
      { tool_choice: { type: "allowed_tools", allowed_tools: {} } },
      "tool_choice.type",
    ],
    [
      "audio input",
      { messages: [{ role: "user", content: [{ type: "input_audio", input_audio: {} }] }] },
      "messages[0].content[0].type",
    ],
    [
      "legacy function messages",
      { messages: [{ role: "function", name: "f", content: "x" }] },
      "messages[0].role",
    ],
  ];
  for (const [what, fields, param] of refusals) {
    it(`decodeChatRequest refuses ${what} with a 400 naming ${param}`, () => {
      expect(() => decodeChatRequest({ model: "m", messages: [user], ...fields })).toThrow(
        expect.objectContaining({ status: 400, param }),
      );
    });
  }

  it("decodeChatRequest names the field of a malformed message", () => {
    expect(() => decodeChatRequest({ messages: [user, { role: "tool", content: "x" }] })).toThrow(
      expect.objectContaining({ kind: "invalid_request", param: "messages[1].tool_call_id" }),
    );
  });

  it("encodeChatRequest sends developer instructions as system and max_completion_tokens when told to", () => {
    const request = decodeChatRequest({
      messages: [{ role: "developer", content: "d" }, user],
      max_tokens: 10,
    });
    expect(encodeChatRequest(request)).toMatchObject({
      messages: [{ role: "developer" }, user],
      max_tokens: 10,
    });
    const out = encodeChatRequest(request, {
      developerRole: "system",
      maxTokensField: "max_completion_tokens",
    });
    expect(out).toMatchObject({
      messages: [{ role: "system", content: "d" }, user],
      max_completion_tokens: 10,
    });
    expect(out).not.toHaveProperty("max_tokens");
  });

  it("encodeChatRequest refuses what a chat backend cannot take, naming it", () => {
    const base: CanonicalRequest = {
      model: "m",
      instructions: [],
      turns: [],
      tools: [],
      stream: false,
      includeUsage: false,
    };
    expect(() => encodeChatRequest({ ...base, previousResponseId: "resp_1" })).toThrow(
      expect.objectContaining({ status: 400, param: "previous_response_id" }),
    );
    const fileUrl: CanonicalRequest = {
      ...base,
      turns: [{ type: "message", role: "user", content: [{ type: "file", url: "https://x/a.pdf" }] }],
    };
    expect(() => encodeChatRequest(fileUrl)).toThrow(
      expect.objectContaining({ status: 400, param: "file_url" }),
    );
    const image: CanonicalRequest = {
      ...base,
      turns: [
        {
          type: "tool-result",
          callId: "c",
          content: [{ type: "image", source: { kind: "url", url: "https://x" } }],
        },
      ],
    };
    expect(() => encodeChatRequest(image)).toThrow(/tool call c carries an image/);
  });
});
