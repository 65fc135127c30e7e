/**
 * An Anthropic Messages request body -> the canonical request, for a backend that speaks another
 * dialect. `system` (a string or text blocks) becomes system instructions; `thinking` becomes a
 * reasoning effort (map-thinking.ts), as does `output_config.effort`; `metadata.user_id` is the user.
 * Server tools (`web_search_…`, `bash_…`, …) and MCP servers are a 400: they run on Anthropic's side.
 * Dropped: `cache_control` anywhere (prompt caching is kept only when the request is passed through to
 * an Anthropic or Vertex Claude backend), `top_k`, `service_tier`, `container`, `inference_geo`,
 * citations, `is_error` on tool results. See the field table in the README.
 */
import { AirlockError } from "../../canonical/error.ts";
import type { CanonicalRequest, ToolChoice, ToolDefinition } from "../../canonical/request.ts";
import { narrowRequest, refuse } from "../openai-chat/narrow.ts";
import { decodeMessages } from "./decode-messages.ts";
import { effortOfBudget } from "./map-thinking.ts";
import { anthropicRequest, thinking, tool, toolChoice } from "./request-schema.ts";

const emptyParameters = { type: "object", properties: {} };

/** Fields that need Anthropic's servers; present and not null means a 400. */
const refused: Readonly<Record<string, string>> = {
  mcp_servers: "MCP servers are run by Anthropic's API and cannot be translated",
  container: "code-execution containers live on Anthropic's servers and cannot be translated",
};

export type AnthropicDecodeOptions = {
  /** count_tokens bodies carry no `max_tokens`; the Messages endpoint requires it. */
  readonly countTokens?: boolean;
};

export function decodeAnthropicRequest(
  body: unknown,
  options: AnthropicDecodeOptions = {},
): CanonicalRequest {
  const r = narrowRequest(anthropicRequest, body, "Messages API request");
  for (const [field, why] of Object.entries(refused)) {
    if (r[field] !== undefined && r[field] !== null) throw refuse(field, why);
  }
  if (r.max_tokens == null && options.countTokens !== true) {
    throw new AirlockError("invalid_request", "max_tokens: Field required", { param: "max_tokens" });
  }
  const system = typeof r.system === "string" ? [r.system] : (r.system ?? []).map((b) => b.text);
  const tools = (r.tools ?? []).map((raw, i) => decodeTool(raw, i));
  const choice = r.tool_choice == null ? undefined : decodeToolChoice(r.tool_choice);
  const effort = r.output_config?.effort ?? decodeThinking(r.thinking);
  const format = r.output_config?.format;
  const stream = r.stream === true;
  const { instructions, turns } = decodeMessages(r.messages);
  return {
    model: r.model ?? "",
    instructions: [
      ...system.filter((text) => text !== "").map((text) => ({ role: "system" as const, text })),
      ...instructions,
    ],
    turns,
    tools,
    ...(choice === undefined ? {} : { toolChoice: choice.choice }),
    ...(choice?.parallel === undefined ? {} : { parallelToolCalls: choice.parallel }),
    ...(r.temperature == null ? {} : { temperature: r.temperature }),
    ...(r.top_p == null ? {} : { topP: r.top_p }),
    ...(r.max_tokens == null ? {} : { maxOutputTokens: r.max_tokens }),
    ...(r.stop_sequences == null || r.stop_sequences.length === 0 ? {} : { stop: r.stop_sequences }),
    ...(format == null
      ? {}
      : { output: { type: "json_schema", name: "output", schema: format.schema, strict: true } }),
    ...(effort == null ? {} : { reasoningEffort: effort }),
    ...(r.metadata?.user_id == null ? {} : { user: r.metadata.user_id }),
    stream,
    // An Anthropic stream always reports usage, in message_start and message_delta.
    includeUsage: stream,
  };
}

function decodeTool(raw: unknown, i: number): ToolDefinition {
  const t = narrowRequest(tool, raw, "tool", `tools[${i}]`);
  if (t.type != null && t.type !== "custom") {
    throw refuse(`tools[${i}].type`, `${t.type} is a server tool run by Anthropic and cannot be translated`);
  }
  return {
    name: t.name,
    ...(t.description == null ? {} : { description: t.description }),
    parameters: t.input_schema ?? emptyParameters,
    strict: t.strict === true,
  };
}

function decodeToolChoice(raw: unknown): { choice: ToolChoice; parallel?: boolean } {
  const c = narrowRequest(toolChoice, raw, "tool_choice", "tool_choice");
  if (c.type === "none") return { choice: { type: "none" } };
  const choice: ToolChoice =
    c.type === "tool" ? { type: "tool", name: c.name } : { type: c.type === "any" ? "required" : "auto" };
  const disable = c.disable_parallel_tool_use;
  return disable == null ? { choice } : { choice, parallel: !disable };
}

function decodeThinking(raw: unknown): string | undefined {
  if (raw == null) return undefined;
  const t = narrowRequest(thinking, raw, "thinking", "thinking");
  switch (t.type) {
    case "enabled":
      return effortOfBudget(t.budget_tokens ?? 0);
    case "disabled":
      return "none";
    default:
      // `adaptive` and newer modes let the model decide: the middle of the scale.
      return "medium";
  }
}
