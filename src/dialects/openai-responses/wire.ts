/**
 * OpenAI Responses API wire types: what airlock builds (requests for a Responses backend, response
 * objects, stream events). What comes in is `unknown` and narrowed with the schemas in
 * wire-schema.ts. Shapes follow the `openai` SDK (`openai/resources/responses/responses`) and
 * https://platform.openai.com/docs/api-reference/responses-streaming
 */

// --- requests -------------------------------------------------------------------------------

export type InputContentOut =
  | { type: "input_text"; text: string }
  | { type: "input_image"; image_url: string; detail: "auto" | "low" | "high" }
  | { type: "input_file"; file_data?: string; file_id?: string; file_url?: string; filename?: string };

export type InputItemOut =
  | { type: "message"; role: "user"; content: InputContentOut[] }
  | { type: "message"; role: "assistant"; content: { type: "output_text"; text: string }[] }
  | { type: "function_call"; call_id: string; name: string; arguments: string }
  | { type: "function_call_output"; call_id: string; output: string | InputContentOut[] }
  /** An opaque reasoning item, exactly as the client sent it. */
  | Readonly<Record<string, unknown>>;

export type FunctionToolOut = {
  type: "function";
  name: string;
  description?: string;
  parameters: Record<string, unknown>;
  strict: boolean;
};

export type ToolChoiceOut = "auto" | "none" | "required" | { type: "function"; name: string };

export type TextFormatOut =
  | { type: "text" }
  | { type: "json_object" }
  | {
      type: "json_schema";
      name: string;
      schema: Record<string, unknown>;
      strict: boolean;
      description?: string;
    };

export type ResponsesRequestOut = {
  model: string;
  instructions?: string;
  input: InputItemOut[];
  tools?: FunctionToolOut[];
  tool_choice?: ToolChoiceOut;
  parallel_tool_calls?: boolean;
  temperature?: number;
  top_p?: number;
  max_output_tokens?: number;
  text?: { format: TextFormatOut };
  reasoning?: { effort?: string; summary?: string };
  user?: string;
  metadata?: Record<string, string>;
  previous_response_id?: string;
  stream: boolean;
  /** Always false: airlock and its backends keep no conversation state. */
  store: false;
};

// --- responses ------------------------------------------------------------------------------

export type OutputText = { type: "output_text"; text: string; annotations: never[]; logprobs?: never[] };
export type SummaryText = { type: "summary_text"; text: string };
export type ItemStatus = "in_progress" | "completed" | "incomplete";

export type MessageItem = {
  id: string;
  type: "message";
  status: ItemStatus;
  role: "assistant";
  content: OutputText[];
};
export type FunctionCallItem = {
  id: string;
  type: "function_call";
  status: ItemStatus;
  call_id: string;
  name: string;
  arguments: string;
};
export type ReasoningItem = { id: string; type: "reasoning"; summary: SummaryText[] };
export type OutputItem = MessageItem | FunctionCallItem | ReasoningItem;

export type ResponsesUsage = {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
};

export type ResponseStatus = "in_progress" | "completed" | "incomplete" | "failed";
export type IncompleteReason = "max_output_tokens" | "content_filter";

/** The request fields a response object repeats back; see echo.ts. */
export type ResponseEcho = {
  instructions: string | null;
  max_output_tokens: number | null;
  metadata: Record<string, string>;
  parallel_tool_calls: boolean;
  previous_response_id: string | null;
  reasoning: { effort: string | null; summary: string | null };
  store: boolean;
  temperature: number | null;
  text: { format: TextFormatOut };
  tool_choice: ToolChoiceOut;
  tools: FunctionToolOut[];
  top_p: number | null;
  truncation: "disabled";
  user: string | null;
};

export type ResponseObject = {
  id: string;
  object: "response";
  created_at: number;
  status: ResponseStatus;
  background: false;
  error: { code: string; message: string } | null;
  incomplete_details: { reason: IncompleteReason } | null;
  model: string;
  output: OutputItem[];
  usage: ResponsesUsage | null;
} & ResponseEcho;

// --- stream events --------------------------------------------------------------------------

type Seq = { sequence_number: number };
type At = { item_id: string; output_index: number };

export type ResponsesStreamEvent = Seq &
  (
    | { type: "response.created" | "response.in_progress"; response: ResponseObject }
    | { type: "response.completed" | "response.incomplete" | "response.failed"; response: ResponseObject }
    | {
        type: "response.output_item.added" | "response.output_item.done";
        output_index: number;
        item: OutputItem;
      }
    | (At & {
        type: "response.content_part.added" | "response.content_part.done";
        content_index: number;
        part: OutputText;
      })
    | (At & { type: "response.output_text.delta"; content_index: number; delta: string; logprobs: never[] })
    | (At & { type: "response.output_text.done"; content_index: number; text: string; logprobs: never[] })
    | (At & { type: "response.function_call_arguments.delta"; delta: string })
    | (At & { type: "response.function_call_arguments.done"; arguments: string })
    | (At & {
        type: "response.reasoning_summary_part.added" | "response.reasoning_summary_part.done";
        summary_index: number;
        part: SummaryText;
      })
    | (At & { type: "response.reasoning_summary_text.delta"; summary_index: number; delta: string })
    | (At & { type: "response.reasoning_summary_text.done"; summary_index: number; text: string })
    | { type: "error"; code: string | null; message: string; param: string | null }
  );
