/**
 * The Chat Completions request airlock builds when it translates to a chat backend: only the fields
 * the canonical model carries. Shapes follow `ChatCompletionCreateParams` in the `openai` SDK.
 */
export type ChatContentPartOut =
  | { type: "text"; text: string }
  | { type: "image_url"; image_url: { url: string; detail?: "auto" | "low" | "high" } }
  | { type: "file"; file: { file_data?: string; file_id?: string; filename?: string } };

export type ChatToolCallOut = { id: string; type: "function"; function: { name: string; arguments: string } };

export type ChatMessageOut =
  | { role: "system" | "developer"; content: string }
  | { role: "user"; content: string | ChatContentPartOut[] }
  | { role: "assistant"; content: string | null; tool_calls?: ChatToolCallOut[] }
  | { role: "tool"; tool_call_id: string; content: string | { type: "text"; text: string }[] };

export type ChatToolOut = {
  type: "function";
  function: { name: string; description?: string; parameters: Record<string, unknown>; strict: boolean };
};

export type ChatRequestOut = {
  model: string;
  messages: ChatMessageOut[];
  tools?: ChatToolOut[];
  tool_choice?: "auto" | "none" | "required" | { type: "function"; function: { name: string } };
  parallel_tool_calls?: boolean;
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  max_completion_tokens?: number;
  stop?: string[];
  response_format?:
    | { type: "json_object" }
    | {
        type: "json_schema";
        json_schema: { name: string; schema: Record<string, unknown>; strict: boolean; description?: string };
      };
  reasoning_effort?: string;
  user?: string;
  metadata?: Record<string, string>;
  stream: boolean;
  stream_options?: { include_usage: boolean };
};
