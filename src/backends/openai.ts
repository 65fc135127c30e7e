import type { HttpBackendKind } from "./kind.ts";

export const openai = {
  kind: "openai",
  dialect: "openai-chat",
  defaultUrl: "https://api.openai.com/v1",
  paths: { chat: "/chat/completions", responses: "/responses" },
  encodeOptions: { developerRole: "developer", maxTokensField: "max_completion_tokens" },
  forwardHeaders: ["openai-beta"],
  returnHeaders: ["x-ratelimit-", "retry-after", "retry-after-ms", "openai-processing-ms"],
  authHeaders: (key) => ({ authorization: `Bearer ${key}` }),
} satisfies HttpBackendKind;
