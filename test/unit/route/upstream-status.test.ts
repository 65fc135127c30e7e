import { describe, expect, it } from "vitest";
import type { Backend, UpstreamResponse } from "../../../src/canonical/contract.ts";
import { AirlockError } from "../../../src/canonical/error.ts";
import { checkStatus, type ErrorForm } from "../../../src/route/upstream-status.ts";

const backend: Backend = {
  name: "up",
  kind: "openai-compatible",
  wire: () => ({ dialect: "openai-chat", operations: new Set(["chat"]), encodeOptions: {} }),
  models: ["*"],
  forwardHeaders: new Set(),
  send: () => Promise.reject(new Error("not sent")),
  scrub: (text) => text.replaceAll("sk-canary-0123456789", "[redacted]"),
  problems: () => [],
  close: async () => {},
};

const forms = {
  openai: { error: { message: "slow down sk-canary-0123456789", type: "rate_limit_error", code: null } },
  anthropic: { type: "error", error: { type: "rate_limit_error", message: "slow down" } },
  google: { error: { code: 429, message: "Quota exceeded", status: "RESOURCE_EXHAUSTED" } },
};

function answer(body: unknown): UpstreamResponse {
  return {
    status: 429,
    headers: { "content-type": "application/json", "retry-after": "7" },
    body: [Buffer.from(JSON.stringify(body))],
  };
}

async function outcome(body: unknown, client: ErrorForm) {
  try {
    const response = await checkStatus(backend, answer(body), client);
    const chunks: Uint8Array[] = [];
    for await (const chunk of response.body) chunks.push(chunk);
    return { relayed: Buffer.concat(chunks).toString("utf8") };
  } catch (thrown) {
    if (!(thrown instanceof AirlockError)) throw thrown;
    return { status: thrown.status, message: thrown.message, headers: thrown.headers };
  }
}

describe("checkStatus", () => {
  it("relays an error body already in the client's form, scrubbed", async () => {
    expect(await outcome(forms.openai, "openai")).toEqual({
      relayed: JSON.stringify(forms.openai).replace("sk-canary-0123456789", "[redacted]"),
    });
    expect(await outcome(forms.anthropic, "anthropic")).toEqual({ relayed: JSON.stringify(forms.anthropic) });
  });

  it("turns an error body in another form into the upstream's status, message and retry headers", async () => {
    const rerendered = { status: 429, headers: { "retry-after": "7" } };
    expect(await outcome(forms.openai, "anthropic")).toEqual({
      ...rerendered,
      message: "slow down [redacted]",
    });
    expect(await outcome(forms.anthropic, "openai")).toEqual({ ...rerendered, message: "slow down" });
    expect(await outcome(forms.google, "openai")).toEqual({ ...rerendered, message: "Quota exceeded" });
    expect(await outcome(forms.google, "anthropic")).toEqual({ ...rerendered, message: "Quota exceeded" });
  });

  it("relays every form to Vertex AI's own surface", async () => {
    for (const body of Object.values(forms)) {
      expect(await outcome(body, "any")).toHaveProperty("relayed");
    }
  });
});
