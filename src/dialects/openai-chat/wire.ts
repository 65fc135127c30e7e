/**
 * OpenAI Chat Completions wire types: what airlock builds (responses, chunks, errors). Requests come in
 * as `unknown` and are narrowed in parse-request.ts. Reference:
 * https://platform.openai.com/docs/api-reference/chat
 */
export type ChatFinishReason = "stop" | "length" | "tool_calls" | "content_filter" | "function_call";

export type ChatToolCall = {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
};

export type ChatToolCallDelta = {
  index: number;
  id?: string;
  type?: "function";
  function: { name?: string; arguments: string };
};

export type ChatUsage = {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens: number };
  completion_tokens_details?: { reasoning_tokens: number };
};

export type ChatCompletion = {
  id: string;
  object: "chat.completion";
  created: number;
  model: string;
  choices: {
    index: number;
    message: { role: "assistant"; content: string | null; refusal: null; tool_calls?: ChatToolCall[] };
    logprobs: null;
    finish_reason: ChatFinishReason | null;
  }[];
  usage?: ChatUsage;
};

export type ChatChunkDelta = {
  role?: "assistant";
  content?: string;
  tool_calls?: ChatToolCallDelta[];
};

export type ChatCompletionChunk = {
  id: string;
  object: "chat.completion.chunk";
  created: number;
  model: string;
  choices: { index: number; delta: ChatChunkDelta; logprobs: null; finish_reason: ChatFinishReason | null }[];
  usage?: ChatUsage | null;
};

export type OpenAIErrorBody = {
  error: { message: string; type: string; param: string | null; code: string | null };
};
