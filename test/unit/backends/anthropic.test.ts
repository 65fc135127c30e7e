import { describe, expect, it } from "vitest";
import { anthropic } from "../../../src/backends/anthropic.ts";
import type { BackendConfig } from "../../../src/config/types.ts";

function config(anthropicBetas: readonly string[] | undefined): BackendConfig {
  return {
    name: "anthropic",
    kind: "anthropic",
    url: undefined,
    models: ["*"],
    apiKey: undefined,
    headers: {},
    defaultBody: undefined,
    tls: undefined,
    timeouts: { connectMs: 1_000, firstByteMs: 1_000, idleMs: 1_000, requestMs: 1_000 },
    anthropicBetas,
    vertex: undefined,
  };
}

const claudeCode =
  "claude-code-20250219,interleaved-thinking-2025-05-14,fine-grained-tool-streaming-2025-05-14";

describe("anthropic backend kind", () => {
  it("clientHeaders fills in anthropic-version when the client sent none (a translated request)", () => {
    expect(anthropic.clientHeaders({ accept: "application/json" }, config(undefined))).toEqual({
      accept: "application/json",
      "anthropic-version": "2023-06-01",
    });
  });

  it("clientHeaders keeps the client's version and filters its betas through the allowlist", () => {
    const sent = { "anthropic-version": "2024-10-22", "anthropic-beta": claudeCode };
    expect(anthropic.clientHeaders(sent, config(["interleaved-thinking-2025-05-14"]))).toEqual({
      "anthropic-version": "2024-10-22",
      "anthropic-beta": "interleaved-thinking-2025-05-14",
    });
    expect(anthropic.clientHeaders(sent, config(undefined))["anthropic-beta"]).toBe(claudeCode);
    expect(anthropic.clientHeaders(sent, config([]))).not.toHaveProperty("anthropic-beta");
  });

  it("authHeaders puts the key in x-api-key, not Authorization", () => {
    expect(anthropic.authHeaders("test-key")).toEqual({ "x-api-key": "test-key" });
  });
});
