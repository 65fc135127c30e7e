import { describe, expect, it } from "vitest";
import { pickBetas } from "../../../src/backends/anthropic-betas.ts";

describe("pickBetas", () => {
  it("pickBetas keeps only allowed flags, in order, trimmed", () => {
    const sent =
      "claude-code-20250219, interleaved-thinking-2025-05-14,fine-grained-tool-streaming-2025-05-14";
    expect(
      pickBetas(sent, ["fine-grained-tool-streaming-2025-05-14", "interleaved-thinking-2025-05-14"]),
    ).toBe("interleaved-thinking-2025-05-14,fine-grained-tool-streaming-2025-05-14");
  });

  it("pickBetas passes every flag when no allowlist is configured", () => {
    expect(pickBetas("a-1, b-2", undefined)).toBe("a-1,b-2");
  });

  it("pickBetas drops the header when nothing allowed remains, or none was sent", () => {
    expect(pickBetas("claude-code-20250219", [])).toBeUndefined();
    expect(pickBetas(undefined, ["x"])).toBeUndefined();
    expect(pickBetas(" , ", undefined)).toBeUndefined();
  });
});
