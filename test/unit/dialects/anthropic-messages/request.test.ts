import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { vertexAnthropicBody } from "../../../../src/backends/vertex-wire.ts";
import type { CanonicalRequest } from "../../../../src/canonical/request.ts";
import {
  countTokensBody,
  estimateInputTokens,
} from "../../../../src/dialects/anthropic-messages/count-tokens.ts";
import { decodeAnthropicRequest } from "../../../../src/dialects/anthropic-messages/decode-request.ts";
import { encodeAnthropicRequest } from "../../../../src/dialects/anthropic-messages/encode-request.ts";
import { decodeChatRequest } from "../../../../src/dialects/openai-chat/decode-request.ts";
import { encodeChatRequest } from "../../../../src/dialects/openai-chat/encode-request.ts";
import { anthropicRequestArbitrary } from "./arbitraries.ts";
import { readJson, wire } from "./support.ts";

describe("Anthropic request goldens", () => {
  it("decodeAnthropicRequest reads a Claude Code request into canonical.json", () => {
    expect(wire(decodeAnthropicRequest(readJson("requests/claude-code/anthropic.json")))).toStrictEqual(
      readJson("requests/claude-code/canonical.json"),
    );
  });

  it("encodeAnthropicRequest writes canonical.json back as anthropic-out.json (no cache_control, no thinking blocks)", () => {
    const canonical = readJson("requests/claude-code/canonical.json") as CanonicalRequest;
    expect(wire(encodeAnthropicRequest(canonical))).toStrictEqual(
      readJson("requests/claude-code/anthropic-out.json"),
    );
  });

  it("a recorded Claude Code 2.1 request (a mid-conversation system message) reaches a chat backend as claude-code-cli/chat.json", () => {
    const canonical = decodeAnthropicRequest(readJson("requests/claude-code-cli/anthropic.json"));
    expect(wire(encodeChatRequest(canonical))).toStrictEqual(readJson("requests/claude-code-cli/chat.json"));
  });

  it("a Chat Completions request reaches an Anthropic backend as from-chat/anthropic.json", () => {
    const canonical = decodeChatRequest(readJson("requests/from-chat/chat.json"));
    expect(wire(encodeAnthropicRequest(canonical))).toStrictEqual(
      readJson("requests/from-chat/anthropic.json"),
    );
  });

  it("a Chat Completions request reaches Vertex Claude as from-chat/vertex.json: no model, anthropic_version", () => {
    const canonical = decodeChatRequest(readJson("requests/from-chat/chat.json"));
    // The vertex backend rewrites every Anthropic body it sends, translated or passed through.
    const body = wire(
      vertexAnthropicBody("messages", encodeAnthropicRequest(canonical), "claude-sonnet-4-5"),
    );
    expect(body).toStrictEqual(readJson("requests/from-chat/vertex.json"));
    expect(body).toMatchObject({ anthropic_version: "vertex-2023-10-16" });
    expect(body).not.toHaveProperty("model");
  });
});

describe("Anthropic request round trip", () => {
  it("any request in Anthropic's form survives encode -> decode exactly", () => {
    fc.assert(
      fc.property(anthropicRequestArbitrary, (request) => {
        expect(wire(decodeAnthropicRequest(wire(encodeAnthropicRequest(request))))).toStrictEqual(request);
      }),
      { numRuns: 300 },
    );
  });
});

describe("decodeAnthropicRequest", () => {
  const base = { model: "claude-sonnet-4-5", max_tokens: 100, messages: [{ role: "user", content: "hi" }] };

  it("decodeAnthropicRequest hoists system messages into instructions, after `system`, in order", () => {
    const messages = [
      { role: "user", content: "hi" },
      { role: "system", content: "Agent types: Explore." },
      {
        role: "system",
        content: [{ type: "text", text: "Be brief.", cache_control: { type: "ephemeral" } }],
      },
    ];
    const decoded = decodeAnthropicRequest({ ...base, system: "You are Claude Code.", messages });
    expect(decoded.instructions.map((i) => i.text)).toStrictEqual([
      "You are Claude Code.",
      "Agent types: Explore.",
      "Be brief.",
    ]);
    expect(decoded.turns).toStrictEqual([
      { type: "message", role: "user", content: [{ type: "text", text: "hi" }] },
    ]);
    const image = { type: "image", source: { type: "url", url: "https://x/y.png" } };
    expect(() =>
      decodeAnthropicRequest({ ...base, messages: [{ role: "system", content: [image] }] }),
    ).toThrow(expect.objectContaining({ param: "messages[0].content[0].type" }));
  });

  it("decodeAnthropicRequest requires max_tokens, except for count_tokens", () => {
    expect(() => decodeAnthropicRequest({ ...base, max_tokens: undefined })).toThrow(
      expect.objectContaining({ kind: "invalid_request", param: "max_tokens" }),
    );
    expect(
      decodeAnthropicRequest({ ...base, max_tokens: undefined }, { countTokens: true }).maxOutputTokens,
    ).toBe(undefined);
  });

  it("decodeAnthropicRequest refuses server tools, MCP servers and server-side blocks by name", () => {
    expect(() =>
      decodeAnthropicRequest({ ...base, tools: [{ type: "web_search_20250305", name: "web_search" }] }),
    ).toThrow(expect.objectContaining({ kind: "unsupported", param: "tools[0].type" }));
    expect(() =>
      decodeAnthropicRequest({ ...base, mcp_servers: [{ type: "url", url: "https://x" }] }),
    ).toThrow(expect.objectContaining({ param: "mcp_servers" }));
    const messages = [
      { role: "user", content: [{ type: "search_result", source: "s", title: "t", content: [] }] },
    ];
    expect(() => decodeAnthropicRequest({ ...base, messages })).toThrow(
      expect.objectContaining({ param: "messages[0].content[0].type" }),
    );
  });

  it("decodeAnthropicRequest maps thinking budgets and modes to efforts", () => {
    const effort = (thinking: unknown) => decodeAnthropicRequest({ ...base, thinking }).reasoningEffort;
    expect(effort({ type: "enabled", budget_tokens: 4000 })).toBe("low");
    expect(effort({ type: "enabled", budget_tokens: 10000 })).toBe("medium");
    expect(effort({ type: "enabled", budget_tokens: 31999 })).toBe("xhigh");
    expect(effort({ type: "disabled" })).toBe("none");
    expect(effort({ type: "adaptive" })).toBe("medium");
  });

  it("decodeAnthropicRequest keeps the order of tool results and text, and drops thinking blocks", () => {
    const r = decodeAnthropicRequest({
      ...base,
      messages: [
        {
          role: "assistant",
          content: [
            { type: "redacted_thinking", data: "x" },
            { type: "tool_use", id: "t", name: "f", input: {} },
          ],
        },
        {
          role: "user",
          content: [
            { type: "tool_result", tool_use_id: "t", content: "ok", is_error: true },
            { type: "text", text: "go" },
          ],
        },
      ],
    });
    expect(r.turns).toEqual([
      { type: "tool-call", id: "t", name: "f", arguments: "{}" },
      { type: "tool-result", callId: "t", content: [{ type: "text", text: "ok" }] },
      { type: "message", role: "user", content: [{ type: "text", text: "go" }] },
    ]);
  });
});

describe("encodeAnthropicRequest", () => {
  const request: CanonicalRequest = {
    model: "claude-sonnet-4-5",
    instructions: [],
    turns: [{ type: "message", role: "user", content: [{ type: "text", text: "hi" }] }],
    tools: [],
    stream: false,
    includeUsage: false,
  };

  it("encodeAnthropicRequest fills max_tokens, and fits the thinking budget under it", () => {
    expect(encodeAnthropicRequest(request).max_tokens).toBe(4096);
    expect(encodeAnthropicRequest(request, { defaultMaxTokens: 1000 }).max_tokens).toBe(1000);
    const hard = { ...request, reasoningEffort: "xhigh", maxOutputTokens: 20_000 };
    expect(encodeAnthropicRequest(hard).thinking).toEqual({ type: "enabled", budget_tokens: 19_999 });
    expect(encodeAnthropicRequest({ ...hard, maxOutputTokens: 1000 }).thinking).toBeUndefined();
  });

  it("encodeAnthropicRequest leaves sampling knobs off while thinking, and thinking off for a forced tool", () => {
    const thinking = encodeAnthropicRequest({
      ...request,
      reasoningEffort: "high",
      temperature: 0.3,
      topP: 0.5,
    });
    expect(thinking).not.toHaveProperty("temperature");
    expect(thinking).not.toHaveProperty("top_p");
    const forced = encodeAnthropicRequest({
      ...request,
      reasoningEffort: "high",
      temperature: 0.3,
      tools: [{ name: "f", parameters: { type: "object" }, strict: false }],
      toolChoice: { type: "tool", name: "f" },
    });
    expect(forced).not.toHaveProperty("thinking");
    expect(forced).toMatchObject({ temperature: 0.3, tool_choice: { type: "tool", name: "f" } });
  });

  it("encodeAnthropicRequest refuses json_object output, non-object arguments and previous_response_id", () => {
    expect(() => encodeAnthropicRequest({ ...request, output: { type: "json_object" } })).toThrow(
      expect.objectContaining({ kind: "unsupported" }),
    );
    const call = { type: "tool-call" as const, id: "c", name: "f", arguments: "[1]" };
    expect(() => encodeAnthropicRequest({ ...request, turns: [call] })).toThrow(/not a JSON object/);
    expect(() => encodeAnthropicRequest({ ...request, previousResponseId: "resp_1" })).toThrow(
      expect.objectContaining({ param: "previous_response_id" }),
    );
  });

  it("encodeAnthropicRequest puts tool results first in their user message and drops empty messages", () => {
    const body = encodeAnthropicRequest({
      ...request,
      turns: [
        { type: "message", role: "user", content: [{ type: "text", text: "" }] },
        { type: "tool-call", id: "c", name: "f", arguments: "" },
        { type: "message", role: "user", content: [{ type: "text", text: "also" }] },
        { type: "tool-result", callId: "c", content: [] },
      ],
    });
    expect(body.messages).toEqual([
      { role: "assistant", content: [{ type: "tool_use", id: "c", name: "f", input: {} }] },
      {
        role: "user",
        content: [
          { type: "tool_result", tool_use_id: "c" },
          { type: "text", text: "also" },
        ],
      },
    ]);
  });
});

describe("estimateInputTokens", () => {
  const request = decodeAnthropicRequest(readJson("requests/claude-code/anthropic.json"));

  it("estimateInputTokens counts text, images, documents and tools by the documented rules", () => {
    const bare: CanonicalRequest = { ...request, instructions: [], tools: [], turns: [] };
    expect(estimateInputTokens(bare)).toBe(3);
    const text = {
      ...bare,
      turns: [
        {
          type: "message" as const,
          role: "user" as const,
          content: [{ type: "text" as const, text: "x".repeat(35) }],
        },
      ],
    };
    expect(estimateInputTokens(text)).toBe(3 + 3 + 10);
    const image = {
      ...bare,
      turns: [
        {
          type: "message" as const,
          role: "user" as const,
          content: [{ type: "image" as const, source: { kind: "url" as const, url: "https://x/y.png" } }],
        },
      ],
    };
    expect(estimateInputTokens(image)).toBe(3 + 3 + 1600);
    expect(estimateInputTokens(request)).toBeGreaterThan(346 + 1600);
  });

  it("countTokensBody answers in count_tokens' form", () => {
    expect(countTokensBody(request)).toEqual({ input_tokens: estimateInputTokens(request) });
  });
});
