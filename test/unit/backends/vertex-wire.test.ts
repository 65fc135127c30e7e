import { describe, expect, it } from "vitest";
import {
  vertexAnthropicBody,
  vertexCallOf,
  vertexModelName,
  vertexOrigin,
  vertexPath,
  vertexWire,
} from "../../../src/backends/vertex-wire.ts";

const target = { project: "my-project", location: "us-east5" };

describe("vertexModelName", () => {
  it("rewrites only a trailing -YYYYMMDD on a claude- name", () => {
    expect(vertexModelName("claude-sonnet-4-5-20250929")).toBe("claude-sonnet-4-5@20250929");
    expect(vertexModelName("claude-3-5-haiku-20241022")).toBe("claude-3-5-haiku@20241022");
    expect(vertexModelName("claude-sonnet-4-5")).toBe("claude-sonnet-4-5");
    expect(vertexModelName("claude-sonnet-4-5@20250929")).toBe("claude-sonnet-4-5@20250929");
    expect(vertexModelName("gemini-2.0-flash-001")).toBe("gemini-2.0-flash-001");
    expect(vertexModelName("gemini-exp-20250101")).toBe("gemini-exp-20250101");
  });
});

describe("vertexOrigin", () => {
  it("is the global host for global, the regional host otherwise", () => {
    expect(vertexOrigin("global")).toBe("https://aiplatform.googleapis.com");
    expect(vertexOrigin("us-east5")).toBe("https://us-east5-aiplatform.googleapis.com");
    expect(vertexOrigin("eu")).toBe("https://aiplatform.eu.rep.googleapis.com");
  });
});

describe("vertexWire", () => {
  it("speaks Anthropic Messages for Claude and Gemini for the rest", () => {
    expect(vertexWire("claude-opus-4-1").dialect).toBe("anthropic-messages");
    expect([...vertexWire("claude-opus-4-1").operations]).toEqual(["messages", "count-tokens"]);
    expect(vertexWire("gemini-2.5-pro").dialect).toBe("gemini");
    expect([...vertexWire("gemini-2.5-pro").operations]).toEqual(["generate"]);
  });
});

describe("vertexCallOf and vertexPath", () => {
  const path = (operation: "messages" | "count-tokens" | "generate", model: string, stream: boolean) =>
    vertexPath(target, vertexCallOf({ operation, model, stream }));

  it("puts publisher, Vertex's model name and the verb in the path", () => {
    const base = "/v1/projects/my-project/locations/us-east5/publishers";
    expect(path("messages", "claude-sonnet-4-5-20250929", true)).toBe(
      `${base}/anthropic/models/claude-sonnet-4-5@20250929:streamRawPredict`,
    );
    expect(path("messages", "claude-sonnet-4-5", false)).toBe(
      `${base}/anthropic/models/claude-sonnet-4-5:rawPredict`,
    );
    expect(path("count-tokens", "claude-sonnet-4-5", false)).toBe(
      `${base}/anthropic/models/count-tokens:rawPredict`,
    );
    expect(path("generate", "gemini-2.5-pro", true)).toBe(
      `${base}/google/models/gemini-2.5-pro:streamGenerateContent?alt=sse`,
    );
    expect(path("generate", "gemini-2.5-pro", false)).toBe(
      `${base}/google/models/gemini-2.5-pro:generateContent`,
    );
  });

  it("refuses a model name that would change the path", () => {
    for (const model of ["../../x", "a/b", "gemini?alt=json", "m:tune", ""]) {
      expect(() => path("generate", model, false)).toThrow(/not a Vertex AI model name/);
    }
  });

  it("refuses an operation Vertex has no path for", () => {
    expect(() => vertexCallOf({ operation: "chat", model: "x", stream: false })).toThrow(/no path/);
  });
});

describe("vertexAnthropicBody", () => {
  it("drops the model and adds Vertex's anthropic_version, keeping the client's", () => {
    expect(vertexAnthropicBody("messages", { model: "claude-x", max_tokens: 5 }, "claude-x")).toEqual({
      anthropic_version: "vertex-2023-10-16",
      max_tokens: 5,
    });
    expect(vertexAnthropicBody("messages", { anthropic_version: "vertex-2099-01-01" }, "claude-x")).toEqual({
      anthropic_version: "vertex-2099-01-01",
    });
  });

  it("keeps the model, in Vertex's name, for token counting", () => {
    expect(
      vertexAnthropicBody(
        "count-tokens",
        { model: "claude-haiku-4-5-20251001", messages: [] },
        "claude-haiku-4-5-20251001",
      ),
    ).toEqual({
      model: "claude-haiku-4-5@20251001",
      anthropic_version: "vertex-2023-10-16",
      messages: [],
    });
  });
});
