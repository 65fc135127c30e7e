/**
 * The canonical request -> a Responses API body, for `responses` backends (Red Hat Lightspeed,
 * OpenAI's /v1/responses). Stateless: `store: false`, the whole conversation in `input`. Every system
 * and developer instruction goes into `instructions`, joined by blank lines, because some Responses
 * servers refuse those roles inside `input`. Tool definitions state `strict` explicitly, since the
 * Responses API makes an unstated one strict. Stop sequences do not exist in this API: a 400.
 */
import type {
  CanonicalRequest,
  ContentPart,
  OutputFormat,
  ToolChoice,
  ToolDefinition,
  Turn,
} from "../../canonical/request.ts";
import { urlOfImage } from "../../canonical/request.ts";
import { mapUser } from "../openai-chat/map-user.ts";
import { refuse } from "../openai-chat/narrow.ts";
import type {
  FunctionToolOut,
  InputContentOut,
  InputItemOut,
  ResponsesRequestOut,
  TextFormatOut,
  ToolChoiceOut,
} from "./wire.ts";

export function encodeResponsesRequest(request: CanonicalRequest): ResponsesRequestOut {
  if (request.stop !== undefined) {
    throw refuse("stop", "a Responses API backend takes no stop sequences");
  }
  const { output, reasoningEffort: effort, reasoningSummary: summary } = request;
  return {
    model: request.model,
    ...(request.instructions.length === 0
      ? {}
      : { instructions: request.instructions.map((i) => i.text).join("\n\n") }),
    input: request.turns.map(encodeTurn),
    ...(request.tools.length === 0 ? {} : { tools: encodeTools(request.tools) }),
    ...(request.toolChoice === undefined ? {} : { tool_choice: encodeToolChoice(request.toolChoice) }),
    ...(request.parallelToolCalls === undefined ? {} : { parallel_tool_calls: request.parallelToolCalls }),
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    ...(request.topP === undefined ? {} : { top_p: request.topP }),
    ...(request.maxOutputTokens === undefined ? {} : { max_output_tokens: request.maxOutputTokens }),
    ...(output === undefined ? {} : { text: { format: encodeFormat(output) } }),
    ...(effort === undefined && summary === undefined
      ? {}
      : {
          reasoning: {
            ...(effort === undefined ? {} : { effort }),
            ...(summary === undefined ? {} : { summary }),
          },
        }),
    ...(request.user === undefined ? {} : { user: mapUser(request.user) }),
    ...(request.metadata === undefined ? {} : { metadata: { ...request.metadata } }),
    ...(request.previousResponseId === undefined ? {} : { previous_response_id: request.previousResponseId }),
    stream: request.stream,
    store: false,
  };
}

function encodeTurn(turn: Turn): InputItemOut {
  switch (turn.type) {
    case "message":
      if (turn.role === "user")
        return { type: "message", role: "user", content: turn.content.map(encodeContent) };
      return {
        type: "message",
        role: "assistant",
        content: turn.content.map((p) => ({ type: "output_text", text: p.text })),
      };
    case "tool-call":
      return { type: "function_call", call_id: turn.id, name: turn.name, arguments: turn.arguments };
    case "tool-result": {
      const only = turn.content[0];
      const output =
        turn.content.length === 0
          ? ""
          : turn.content.length === 1 && only?.type === "text"
            ? only.text
            : turn.content.map(encodeContent);
      return { type: "function_call_output", call_id: turn.callId, output };
    }
    case "reasoning":
      return turn.raw;
  }
}

function encodeContent(part: ContentPart): InputContentOut {
  switch (part.type) {
    case "text":
      return { type: "input_text", text: part.text };
    case "image":
      return { type: "input_image", image_url: urlOfImage(part.source), detail: part.detail ?? "auto" };
    case "file":
      return {
        type: "input_file",
        ...(part.data === undefined ? {} : { file_data: part.data }),
        ...(part.fileId === undefined ? {} : { file_id: part.fileId }),
        ...(part.url === undefined ? {} : { file_url: part.url }),
        ...(part.filename === undefined ? {} : { filename: part.filename }),
      };
  }
}

export function encodeTools(tools: readonly ToolDefinition[]): FunctionToolOut[] {
  return tools.map((t) => ({
    type: "function",
    name: t.name,
    ...(t.description === undefined ? {} : { description: t.description }),
    parameters: t.parameters,
    strict: t.strict,
  }));
}

export function encodeToolChoice(choice: ToolChoice): ToolChoiceOut {
  return choice.type === "tool" ? { type: "function", name: choice.name } : choice.type;
}

export function encodeFormat(output: OutputFormat): TextFormatOut {
  if (output.type === "json_object") return { type: "json_object" };
  return {
    type: "json_schema",
    name: output.name,
    schema: output.schema,
    strict: output.strict,
    ...(output.description === undefined ? {} : { description: output.description }),
  };
}
