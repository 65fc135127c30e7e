import { describe, expect, it } from "vitest";
import { AirlockError } from "../../../../src/canonical/error.ts";
import { parseMessagesRequest } from "../../../../src/dialects/anthropic-messages/parse-request.ts";

function failure(body: unknown): AirlockError | undefined {
  try {
    parseMessagesRequest(body);
    return undefined;
  } catch (error) {
    return error instanceof AirlockError ? error : undefined;
  }
}

describe("parseMessagesRequest", () => {
  it("parseMessagesRequest keeps the whole body, unknown fields included", () => {
    const body = {
      model: "claude-sonnet-4-5",
      stream: true,
      messages: [],
      context_management: { edits: [] },
    };
    expect(parseMessagesRequest(body)).toEqual({ model: "claude-sonnet-4-5", stream: true, payload: body });
  });

  it("parseMessagesRequest leaves a missing model to the router's default", () => {
    expect(parseMessagesRequest({ messages: [] }).model).toBe("");
  });

  it("parseMessagesRequest refuses what cannot be routed with a 400 naming the field", () => {
    expect(failure([])).toMatchObject({ status: 400, param: undefined });
    expect(failure({ model: 4 })).toMatchObject({ status: 400, param: "model" });
    expect(failure({ model: "m", stream: "yes" })).toMatchObject({ status: 400, param: "stream" });
  });
});
