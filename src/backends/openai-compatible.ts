/** vLLM, Ollama, LiteLLM, llama.cpp and the like: OpenAI's wire at a URL of the user's, key optional. */
import type { HttpBackendKind } from "./kind.ts";
import { openai } from "./openai.ts";

export const openaiCompatible = {
  ...openai,
  kind: "openai-compatible",
  defaultUrl: undefined,
  // Many such servers have no /responses, and those that do differ: Responses clients are translated.
  paths: { chat: "/chat/completions" },
  // Chat templates of open-weight models often know no `developer` role; every server reads max_tokens.
  encodeOptions: { developerRole: "system", maxTokensField: "max_tokens" },
} satisfies HttpBackendKind;
