/**
 * The canonical request -> a Chat Completions body, for `openai-compatible` and `mock` backends.
 * Instructions lead, in order; consecutive tool calls join the assistant message before them; opaque
 * reasoning items are dropped (a chat backend has nowhere to put them). What a chat backend cannot
 * take at all (file URLs, images in tool results, `previous_response_id`) is a 400 naming it.
 */
import { AirlockError } from "../../canonical/error.ts";
import type {
  CanonicalRequest,
  ContentPart,
  OutputFormat,
  ToolChoice,
  ToolDefinition,
  Turn,
} from "../../canonical/request.ts";
import { urlOfImage } from "../../canonical/request.ts";
import { mapUser } from "./map-user.ts";
import { refuse } from "./narrow.ts";
import type { ChatContentPartOut, ChatMessageOut, ChatRequestOut, ChatToolOut } from "./request-wire.ts";

export type ChatEncodeOptions = {
  /** Open-weight servers' chat templates often know no `developer` role; send it as `system` there. */
  readonly developerRole?: "developer" | "system";
  /**
   * `max_tokens` is the field every OpenAI-compatible server reads; OpenAI's own reasoning models
   * want `max_completion_tokens`.
   */
  readonly maxTokensField?: "max_tokens" | "max_completion_tokens";
};

export function encodeChatRequest(
  request: CanonicalRequest,
  options: ChatEncodeOptions = {},
): ChatRequestOut {
  if (request.previousResponseId !== undefined) {
    throw refuse(
      "previous_response_id",
      "airlock keeps no conversation state and this backend speaks Chat Completions; send the whole conversation as input",
    );
  }
  const developerRole = options.developerRole ?? "developer";
  const messages: ChatMessageOut[] = request.instructions.map((i) => ({
    role: i.role === "developer" ? developerRole : "system",
    content: i.text,
  }));
  for (const turn of request.turns) encodeTurn(turn, messages);
  const { output, tools, maxOutputTokens: max } = request;
  // The optional fields are set one by one, in the body's order, and spread once: a spread of `{}`
  // or `{ field }` for each was most of what encoding a short request cost.
  const optional: Omit<ChatRequestOut, "model" | "messages" | "stream" | "stream_options"> = {};
  if (tools.length > 0) optional.tools = tools.map(encodeTool);
  if (request.toolChoice !== undefined) optional.tool_choice = encodeToolChoice(request.toolChoice);
  if (request.parallelToolCalls !== undefined) optional.parallel_tool_calls = request.parallelToolCalls;
  if (request.temperature !== undefined) optional.temperature = request.temperature;
  if (request.topP !== undefined) optional.top_p = request.topP;
  if (max !== undefined) {
    if (options.maxTokensField === "max_completion_tokens") optional.max_completion_tokens = max;
    else optional.max_tokens = max;
  }
  if (request.stop !== undefined) optional.stop = [...request.stop];
  if (output !== undefined) optional.response_format = encodeFormat(output);
  if (request.reasoningEffort !== undefined) optional.reasoning_effort = request.reasoningEffort;
  if (request.user !== undefined) optional.user = mapUser(request.user);
  if (request.metadata !== undefined) optional.metadata = { ...request.metadata };
  return {
    model: request.model,
    messages,
    ...optional,
    stream: request.stream,
    ...(request.stream && request.includeUsage ? { stream_options: { include_usage: true } } : {}),
  };
}

function encodeTool(tool: ToolDefinition): ChatToolOut {
  return {
    type: "function",
    function: {
      name: tool.name,
      ...(tool.description === undefined ? {} : { description: tool.description }),
      parameters: tool.parameters,
      strict: tool.strict,
    },
  };
}

function encodeFormat(output: OutputFormat): NonNullable<ChatRequestOut["response_format"]> {
  if (output.type === "json_object") return { type: "json_object" };
  return {
    type: "json_schema",
    json_schema: {
      name: output.name,
      schema: output.schema,
      strict: output.strict,
      ...(output.description === undefined ? {} : { description: output.description }),
    },
  };
}

function encodeTurn(turn: Turn, messages: ChatMessageOut[]): void {
  switch (turn.type) {
    case "message":
      if (turn.role === "user") messages.push({ role: "user", content: userContent(turn.content) });
      else messages.push({ role: "assistant", content: turn.content.map((p) => p.text).join("") });
      return;
    case "tool-call": {
      const call = {
        id: turn.id,
        type: "function" as const,
        function: { name: turn.name, arguments: turn.arguments },
      };
      const last = messages.at(-1);
      if (last?.role === "assistant") last.tool_calls = [...(last.tool_calls ?? []), call];
      else messages.push({ role: "assistant", content: null, tool_calls: [call] });
      return;
    }
    case "tool-result": {
      const texts = turn.content.map((part) => {
        if (part.type === "text") return part.text;
        throw new AirlockError(
          "unsupported",
          `the result of tool call ${turn.callId} carries an ${part.type}, which a Chat Completions backend cannot take`,
        );
      });
      messages.push({
        role: "tool",
        tool_call_id: turn.callId,
        content: texts.length <= 1 ? (texts[0] ?? "") : texts.map((text) => ({ type: "text", text })),
      });
      return;
    }
    case "reasoning":
      return;
  }
}

/** One text part is a plain string, the form every chat server accepts; anything richer stays parts. */
function userContent(parts: readonly ContentPart[]): string | ChatContentPartOut[] {
  const only = parts[0];
  if (parts.length === 0) return "";
  if (parts.length === 1 && only?.type === "text") return only.text;
  return parts.map(encodePart);
}

function encodePart(part: ContentPart): ChatContentPartOut {
  switch (part.type) {
    case "text":
      return { type: "text", text: part.text };
    case "image":
      return {
        type: "image_url",
        image_url: {
          url: urlOfImage(part.source),
          ...(part.detail === undefined ? {} : { detail: part.detail }),
        },
      };
    case "file":
      if (part.url !== undefined) {
        throw new AirlockError("unsupported", "file URLs cannot be sent to a Chat Completions backend", {
          param: "file_url",
        });
      }
      return {
        type: "file",
        file: {
          ...(part.data === undefined ? {} : { file_data: part.data }),
          ...(part.fileId === undefined ? {} : { file_id: part.fileId }),
          ...(part.filename === undefined ? {} : { filename: part.filename }),
        },
      };
  }
}

function encodeToolChoice(choice: ToolChoice): NonNullable<ChatRequestOut["tool_choice"]> {
  return choice.type === "tool" ? { type: "function", function: { name: choice.name } } : choice.type;
}
