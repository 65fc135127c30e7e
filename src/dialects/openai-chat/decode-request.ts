/**
 * A Chat Completions request body -> the canonical request, for a backend that speaks another dialect.
 * Every field read here maps; the ones refused get a 400 naming the field; everything else (penalties,
 * `seed`, `logprobs`, `logit_bias`, `service_tier`, `store`, `prediction`, vendor extensions) is
 * dropped. See the field table in the README.
 */
import type { CanonicalRequest, OutputFormat, ToolChoice, ToolDefinition } from "../../canonical/request.ts";
import { isCommonChatRequest } from "./check-request.ts";
import { decodeMessages } from "./decode-messages.ts";
import { narrowRequest, refuse } from "./narrow.ts";
import { chatRequest, functionChoice, responseFormat, tool, toolChoice } from "./request-schema.ts";

const emptyParameters = { type: "object", properties: {} };

/** Fields whose meaning cannot survive translation; present and not null means a 400. */
const refused: Readonly<Record<string, string>> = {
  functions: "legacy functions cannot be translated; use tools",
  function_call: "legacy function_call cannot be translated; use tool_choice",
  audio: "audio output cannot be translated to another API dialect",
  web_search_options: "web search is an OpenAI-hosted tool and cannot be translated",
};

export function decodeChatRequest(body: unknown): CanonicalRequest {
  const r = isCommonChatRequest(body) ? body : narrowRequest(chatRequest, body, "chat completion request");
  for (const [field, why] of Object.entries(refused)) {
    if (r[field] !== undefined && r[field] !== null) throw refuse(field, why);
  }
  if (typeof r.n === "number" && r.n > 1) throw refuse("n", "only one choice (n: 1) can be translated");
  if (r.modalities?.includes("audio")) throw refuse("modalities", "audio output cannot be translated");
  const { instructions, turns } = decodeMessages(r.messages);
  const tools = (r.tools ?? []).map((raw, i) => decodeTool(raw, i));
  const choice =
    r.tool_choice === undefined || r.tool_choice === null ? undefined : decodeToolChoice(r.tool_choice);
  const output =
    r.response_format === undefined || r.response_format === null
      ? undefined
      : decodeFormat(r.response_format);
  const maxOutputTokens = r.max_completion_tokens ?? r.max_tokens;
  const stop = typeof r.stop === "string" ? [r.stop] : r.stop;
  const stream = r.stream === true;
  return {
    model: r.model ?? "",
    instructions,
    turns,
    tools,
    ...(choice === undefined ? {} : { toolChoice: choice }),
    ...(r.parallel_tool_calls == null ? {} : { parallelToolCalls: r.parallel_tool_calls }),
    ...(r.temperature == null ? {} : { temperature: r.temperature }),
    ...(r.top_p == null ? {} : { topP: r.top_p }),
    ...(maxOutputTokens == null ? {} : { maxOutputTokens }),
    ...(stop == null || stop.length === 0 ? {} : { stop }),
    ...(output === undefined ? {} : { output }),
    ...(r.reasoning_effort == null ? {} : { reasoningEffort: r.reasoning_effort }),
    ...(r.user == null ? {} : { user: r.user }),
    ...(r.metadata == null ? {} : { metadata: r.metadata }),
    stream,
    includeUsage: stream && r.stream_options?.include_usage === true,
  };
}

function decodeTool(raw: unknown, i: number): ToolDefinition {
  const t = narrowRequest(tool, raw, "tool", `tools[${i}]`);
  if (t.type !== "function") throw refuse(`tools[${i}].type`, `tool type ${t.type} cannot be translated`);
  const f = t.function;
  if (f === undefined) throw refuse(`tools[${i}].function`, "a function tool needs its function");
  return {
    name: f.name,
    ...(f.description == null ? {} : { description: f.description }),
    parameters: f.parameters ?? emptyParameters,
    strict: f.strict === true,
  };
}

function decodeToolChoice(raw: unknown): ToolChoice {
  const c = narrowRequest(toolChoice, raw, "tool_choice", "tool_choice");
  if (typeof c === "string") return { type: c };
  if (c.type === "function") {
    return {
      type: "tool",
      name: narrowRequest(functionChoice, c, "tool_choice", "tool_choice").function.name,
    };
  }
  throw refuse("tool_choice.type", `tool_choice ${c.type} cannot be translated`);
}

function decodeFormat(raw: unknown): OutputFormat | undefined {
  const f = narrowRequest(responseFormat, raw, "response_format", "response_format");
  switch (f.type) {
    case "text":
      return undefined;
    case "json_object":
      return { type: "json_object" };
    case "json_schema": {
      const s = f.json_schema;
      return {
        type: "json_schema",
        name: s.name,
        schema: s.schema ?? {},
        strict: s.strict === true,
        ...(s.description == null ? {} : { description: s.description }),
      };
    }
  }
}
