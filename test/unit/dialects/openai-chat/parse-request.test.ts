import { describe, expect, it } from "vitest";
import { AirlockError } from "../../../../src/canonical/error.ts";
import { parseChatRequest } from "../../../../src/dialects/openai-chat/parse-request.ts";
import { readFixture } from "./goldens.ts";

function parseError(body: unknown): AirlockError {
  try {
    parseChatRequest(body);
  } catch (error) {
    if (error instanceof AirlockError) return error;
    throw error;
  }
  throw new Error("the body parsed as a chat request");
}

const messages = [{ role: "user", content: "hi" }];

describe("parseChatRequest", () => {
  it("parseChatRequest keeps every field of the body, unknown ones included", () => {
    const body: unknown = JSON.parse(readFixture("requests/unknown-fields.json"));
    const request = parseChatRequest(body);
    expect(request.model).toBe("gpt-4o");
    expect(request.stream).toBe(true);
    expect(request.payload).toStrictEqual(body);
  });

  it("parseChatRequest reads a missing model as empty, for default_model", () => {
    expect(parseChatRequest({ messages }).model).toBe("");
  });

  it("parseChatRequest streams only when stream is true", () => {
    expect(parseChatRequest({ model: "m", messages }).stream).toBe(false);
    expect(parseChatRequest({ model: "m", messages, stream: null }).stream).toBe(false);
    expect(parseChatRequest({ model: "m", messages, stream: false }).stream).toBe(false);
  });

  it("parseChatRequest accepts every chat role", () => {
    const roles = ["system", "developer", "user", "assistant", "tool", "function"];
    const request = parseChatRequest({ model: "m", messages: roles.map((role) => ({ role, content: "x" })) });
    expect(request.payload.messages).toHaveLength(roles.length);
  });

  it("parseChatRequest refuses a legacy completions body with 400 on param messages", () => {
    const error = parseError({ model: "gpt-3.5-turbo-instruct", prompt: "Say hi" });
    expect(error.kind).toBe("invalid_request");
    expect(error.status).toBe(400);
    expect(error.param).toBe("messages");
    expect(error.message).toContain("not a chat completion request");
  });

  it("parseChatRequest refuses an embeddings body with 400 on param messages", () => {
    expect(parseError({ model: "text-embedding-3-small", input: "hello" }).param).toBe("messages");
  });

  it("parseChatRequest refuses an empty messages list", () => {
    const error = parseError({ model: "m", messages: [] });
    expect(error.status).toBe(400);
    expect(error.param).toBe("messages");
  });

  it("parseChatRequest refuses an unknown role, naming the message and the allowed roles", () => {
    const error = parseError({ model: "m", messages: [...messages, { role: "robot", content: "beep" }] });
    expect(error.status).toBe(400);
    expect(error.param).toMatch(/^messages\W+1\W+role$/);
    expect(error.message).toContain("expected one of system, developer, user, assistant, tool, function");
  });

  it("parseChatRequest refuses a model that is not a string", () => {
    expect(parseError({ model: 4, messages }).param).toBe("model");
  });

  it("parseChatRequest refuses a stream flag that is not a boolean", () => {
    expect(parseError({ model: "m", messages, stream: "yes" }).param).toBe("stream");
  });

  it("parseChatRequest refuses bodies that are not JSON objects with 400", () => {
    for (const body of [null, "hello", 42, [messages]]) {
      const error = parseError(body);
      expect(error.kind).toBe("invalid_request");
      expect(error.status).toBe(400);
    }
  });
});
