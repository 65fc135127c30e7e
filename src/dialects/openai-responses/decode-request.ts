/**
 * A Responses API request body -> the canonical request, for a backend that speaks another dialect.
 * Every field read here maps; refused fields get a 400 naming them; the rest (`store`, `include`,
 * `truncation`, `service_tier`, `prompt_cache_key`, `safety_identifier`, `max_tool_calls`,
 * `top_logprobs`, `stream_options`, `text.verbosity`, vendor extensions) is dropped. `store` in
 * particular: airlock is stateless whatever the client asks. `previous_response_id` is decoded into
 * the canonical request so that the encoder for a stateless backend can refuse it by name.
 * Tools other than `function` are dropped rather than refused: Codex CLI offers hosted tools
 * (`web_search`, `tool_search`), a freeform `custom` apply_patch and `namespace` groups with every
 * request, and refusing them would make the translated path unusable. A tool offered is a capability,
 * not content: the model works without it (Codex falls back to its shell tool), and one it is never
 * offered it never calls, so no answer can hold a call airlock could not translate back.
 */
import type { CanonicalRequest, OutputFormat, ToolChoice, ToolDefinition } from "../../canonical/request.ts";
import { narrowRequest, refuse } from "../openai-chat/narrow.ts";
import { isCommonRequest, isCommonTool, narrowCommon } from "./check-request.ts";
import { decodeInput } from "./decode-input.ts";
import { responsesRequest, textFormat, tool, toolChoice } from "./request-schema.ts";

const emptyParameters = { type: "object", properties: {} };

/** Fields that need OpenAI's server-side state or hosting; present and not null/false means a 400. */
const refused: readonly (readonly [field: string, why: string])[] = [
  ["conversation", "conversations need server-side state; send the whole conversation as input"],
  ["prompt", "stored prompt templates live on OpenAI's servers and cannot be translated"],
];

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function decodeResponsesRequest(body: unknown): CanonicalRequest {
  const r = narrowCommon(isCommonRequest, responsesRequest, body, { what: "Responses API request" });
  for (const [field, why] of refused) {
    if (r[field] !== undefined && r[field] !== null) throw refuse(field, why);
  }
  if (r.background === true) throw refuse("background", "background responses need server-side state");
  const { instructions, turns } = decodeInput(r.instructions ?? undefined, r.input);
  const tools = (r.tools ?? []).flatMap((raw, i) => decodeTool(raw, i));
  const choice = r.tool_choice == null ? undefined : decodeToolChoice(r.tool_choice);
  const format = r.text?.format;
  const output = format == null ? undefined : decodeFormat(format);
  const stream = r.stream === true;
  // The optional fields are set one by one: spreading `{}` or `{ field }` for each was two thirds of
  // what decoding a short request cost. A Responses stream always ends with usage in
  // `response.completed`, hence includeUsage.
  const out: Mutable<CanonicalRequest> = {
    model: r.model ?? "",
    instructions,
    turns,
    tools,
    stream,
    includeUsage: stream,
  };
  if (choice !== undefined) out.toolChoice = choice;
  if (r.parallel_tool_calls != null) out.parallelToolCalls = r.parallel_tool_calls;
  if (r.temperature != null) out.temperature = r.temperature;
  if (r.top_p != null) out.topP = r.top_p;
  if (r.max_output_tokens != null) out.maxOutputTokens = r.max_output_tokens;
  if (output !== undefined) out.output = output;
  if (r.reasoning?.effort != null) out.reasoningEffort = r.reasoning.effort;
  if (r.reasoning?.summary != null) out.reasoningSummary = r.reasoning.summary;
  if (r.user != null) out.user = r.user;
  if (r.metadata != null) out.metadata = r.metadata;
  if (r.previous_response_id != null) out.previousResponseId = r.previous_response_id;
  return out;
}

/** A function tool as the canonical one; any other type as none (see the header). */
function decodeTool(raw: unknown, i: number): ToolDefinition[] {
  const t = narrowCommon(isCommonTool, tool, raw, { what: "tool", at: `tools[${i}]` });
  if (t.type !== "function") return [];
  if (t.name === undefined) throw refuse(`tools[${i}].name`, "a function tool needs a name");
  return [
    {
      name: t.name,
      ...(t.description == null ? {} : { description: t.description }),
      parameters: t.parameters ?? emptyParameters,
      // The Responses API makes function tools strict unless told otherwise (Chat does the opposite).
      strict: t.strict !== false,
    },
  ];
}

function decodeToolChoice(raw: unknown): ToolChoice {
  const c = narrowRequest(toolChoice, raw, "tool_choice", "tool_choice");
  if (typeof c === "string") return { type: c };
  if (c.type === "function" && c.name !== undefined) return { type: "tool", name: c.name };
  throw refuse("tool_choice.type", `tool_choice ${c.type} cannot be translated`);
}

function decodeFormat(raw: unknown): OutputFormat | undefined {
  const f = narrowRequest(textFormat, raw, "text.format", "text.format");
  switch (f.type) {
    case "text":
      return undefined;
    case "json_object":
      return { type: "json_object" };
    case "json_schema":
      return {
        type: "json_schema",
        name: f.name,
        schema: f.schema,
        strict: f.strict === true,
        ...(f.description == null ? {} : { description: f.description }),
      };
  }
}
