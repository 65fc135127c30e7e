/** Every wire dialect's adapter, by name: both ends of the translated path look theirs up here. */
import type { DialectName } from "../canonical/contract.ts";
import type { Dialect } from "../canonical/dialect.ts";
import { openaiChat } from "../dialects/openai-chat/dialect.ts";
import { openaiResponses } from "../dialects/openai-responses/dialect.ts";

export const dialects: Readonly<Record<DialectName, Dialect>> = {
  "openai-chat": openaiChat,
  "openai-responses": openaiResponses,
};
