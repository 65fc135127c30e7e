/** POST /v1/chat/completions: OpenAI Chat Completions, passed through or translated. */
import { parseChatRequest } from "../dialects/openai-chat/parse-request.ts";
import { openAIErrorEvent } from "../dialects/openai-chat/render-error.ts";
import { modelEndpoint } from "./model-endpoint.ts";

export const chatCompletions = modelEndpoint({
  path: "/v1/chat/completions",
  dialect: "openai-chat",
  operation: "chat",
  parse: parseChatRequest,
  errorEvent: openAIErrorEvent,
});
