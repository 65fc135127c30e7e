/**
 * What airlock writes in the Anthropic Messages dialect: request bodies for `anthropic` and Vertex
 * Claude backends, and the message, stream events and errors an Anthropic client (Claude Code, the
 * `@anthropic-ai/sdk`) receives. Plain types: airlock builds these, it never parses them (see
 * request-schema.ts and stream-schema.ts for what comes in).
 * Reference: https://docs.claude.com/en/api/messages and .../messages-streaming
 */

export type AnthropicTextBlock = { type: "text"; text: string };

export type AnthropicImageSource =
  | { type: "base64"; media_type: string; data: string }
  | { type: "url"; url: string };

export type AnthropicDocumentSource =
  | { type: "base64"; media_type: string; data: string }
  | { type: "text"; media_type: "text/plain"; data: string }
  | { type: "url"; url: string }
  | { type: "file"; file_id: string };

export type AnthropicUserBlockOut =
  | AnthropicTextBlock
  | { type: "image"; source: AnthropicImageSource }
  | { type: "document"; source: AnthropicDocumentSource; title?: string };

export type AnthropicToolResultOut = {
  type: "tool_result";
  tool_use_id: string;
  content?: string | AnthropicUserBlockOut[];
};

export type AnthropicToolUseOut = { type: "tool_use"; id: string; name: string; input: unknown };

export type AnthropicMessageOut =
  | { role: "user"; content: (AnthropicUserBlockOut | AnthropicToolResultOut)[] }
  | { role: "assistant"; content: (AnthropicTextBlock | AnthropicToolUseOut)[] };

export type AnthropicToolOut = {
  name: string;
  description?: string;
  input_schema: Readonly<Record<string, unknown>>;
  strict?: true;
};

export type AnthropicToolChoiceOut =
  | { type: "auto" | "any"; disable_parallel_tool_use?: boolean }
  | { type: "tool"; name: string; disable_parallel_tool_use?: boolean }
  | { type: "none" };

export type AnthropicThinkingOut = { type: "enabled"; budget_tokens: number } | { type: "disabled" };

export type AnthropicRequestOut = {
  /** Absent for Vertex rawPredict, where the model is in the URL. */
  model?: string;
  /** `vertex-2023-10-16` for Vertex rawPredict; the Anthropic API takes it as a header instead. */
  anthropic_version?: string;
  max_tokens: number;
  system?: string | AnthropicTextBlock[];
  messages: AnthropicMessageOut[];
  tools?: AnthropicToolOut[];
  tool_choice?: AnthropicToolChoiceOut;
  thinking?: AnthropicThinkingOut;
  temperature?: number;
  top_p?: number;
  stop_sequences?: string[];
  metadata?: { user_id: string };
  output_config?: { format: { type: "json_schema"; schema: Readonly<Record<string, unknown>> } };
  stream: boolean;
};

export type AnthropicStopReason = "end_turn" | "max_tokens" | "stop_sequence" | "tool_use" | "refusal";

export type AnthropicUsage = {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  output_tokens: number;
};

export type AnthropicContentBlock =
  | AnthropicTextBlock
  | { type: "thinking"; thinking: string; signature: string }
  | { type: "tool_use"; id: string; name: string; input: unknown };

export type AnthropicMessage = {
  id: string;
  type: "message";
  role: "assistant";
  model: string;
  content: AnthropicContentBlock[];
  stop_reason: AnthropicStopReason | null;
  stop_sequence: string | null;
  usage: AnthropicUsage;
};

export type AnthropicDelta =
  | { type: "text_delta"; text: string }
  | { type: "thinking_delta"; thinking: string }
  | { type: "signature_delta"; signature: string }
  | { type: "input_json_delta"; partial_json: string };

/** The error types Anthropic documents, each tied to an HTTP status (render-error.ts). */
export type AnthropicErrorType =
  | "invalid_request_error"
  | "authentication_error"
  | "billing_error"
  | "permission_error"
  | "not_found_error"
  | "request_too_large"
  | "rate_limit_error"
  | "api_error"
  | "timeout_error"
  | "overloaded_error";

export type AnthropicErrorBody = {
  type: "error";
  error: { type: AnthropicErrorType; message: string };
};

export type AnthropicStreamEvent =
  | { type: "message_start"; message: AnthropicMessage }
  | { type: "content_block_start"; index: number; content_block: AnthropicContentBlock }
  | { type: "content_block_delta"; index: number; delta: AnthropicDelta }
  | { type: "content_block_stop"; index: number }
  | {
      type: "message_delta";
      delta: { stop_reason: AnthropicStopReason | null; stop_sequence: string | null };
      usage: AnthropicUsage;
    }
  | { type: "message_stop" }
  | { type: "ping" }
  | AnthropicErrorBody;
