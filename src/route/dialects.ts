/** Every wire dialect's adapter, by name: both ends of the translated path look theirs up here. */
import type { ClientDialectName, DialectName } from "../canonical/contract.ts";
import type { BackendDialect, ClientDialect } from "../canonical/dialect.ts";
import { anthropicMessages } from "../dialects/anthropic-messages/dialect.ts";
import { gemini } from "../dialects/gemini/dialect.ts";
import { openaiChat } from "../dialects/openai-chat/dialect.ts";
import { openaiResponses } from "../dialects/openai-responses/dialect.ts";

export const clientDialects: Readonly<Record<ClientDialectName, ClientDialect>> = {
  "openai-chat": openaiChat,
  "openai-responses": openaiResponses,
  "anthropic-messages": anthropicMessages,
};

export const backendDialects: Readonly<Record<DialectName, BackendDialect>> = {
  "openai-chat": openaiChat,
  "openai-responses": openaiResponses,
  "anthropic-messages": anthropicMessages,
  gemini,
};
