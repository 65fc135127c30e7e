/**
 * A Responses API server at a URL of the user's: Red Hat Lightspeed (over RHSM mTLS), Llama Stack,
 * vLLM's /v1/responses. Responses clients pass through; Chat Completions clients are translated,
 * statelessly (`store: false`, the whole conversation every time).
 */
import type { HttpBackendKind } from "./kind.ts";

export const responses = {
  kind: "responses",
  dialect: "openai-responses",
  defaultUrl: undefined,
  paths: { responses: "/responses" },
  encodeOptions: {},
  forwardHeaders: ["openai-beta"],
  returnHeaders: ["x-ratelimit-", "retry-after", "retry-after-ms", "openai-processing-ms"],
  authHeaders: (key) => ({ authorization: `Bearer ${key}` }),
} satisfies HttpBackendKind;
