/**
 * The canonical request -> an Anthropic Messages body, for `anthropic` backends and Claude on Vertex
 * AI (whose backend moves the model into the URL and adds `anthropic_version`, as it does for every
 * body it sends: backends/vertex-wire.ts).
 *
 * Anthropic's rules shape the output: `max_tokens` is required (a default fills it); extended
 * thinking excludes forced tool use (a forced tool wins, thinking is left off), a changed temperature,
 * and `top_p` under 0.95 (those are left off while thinking); `tool_choice` needs tools. Parallel tool
 * calls ride on `tool_choice.disable_parallel_tool_use`. Refused: `json_object` output (Anthropic
 * takes a schema), `previous_response_id`. Dropped: `metadata` beyond the user, `reasoningSummary`.
 */
import type { CanonicalRequest, ToolChoice } from "../../canonical/request.ts";
import { refuse } from "../openai-chat/narrow.ts";
import { encodeMessages } from "./encode-messages.ts";
import { thinkingOfEffort } from "./map-thinking.ts";
import type { AnthropicRequestOut, AnthropicToolChoiceOut } from "./wire.ts";

export type AnthropicEncodeOptions = {
  /** `max_tokens` when the client set none; 4096 fits every Claude model's output limit. */
  readonly defaultMaxTokens?: number;
};

export function encodeAnthropicRequest(
  request: CanonicalRequest,
  options: AnthropicEncodeOptions = {},
): AnthropicRequestOut {
  if (request.previousResponseId !== undefined) {
    throw refuse(
      "previous_response_id",
      "airlock keeps no conversation state and this backend speaks Anthropic Messages; send the whole conversation as input",
    );
  }
  if (request.output?.type === "json_object") {
    throw refuse("response_format", "an Anthropic backend takes structured output only with a JSON schema");
  }
  const maxTokens = request.maxOutputTokens ?? options.defaultMaxTokens ?? 4096;
  const forced = request.toolChoice?.type === "required" || request.toolChoice?.type === "tool";
  const thinking = forced ? undefined : thinkingOfEffort(request.reasoningEffort, maxTokens);
  const thinks = thinking?.type === "enabled";
  const system = request.instructions.map((i) => i.text).filter((text) => text !== "");
  const { tools, output, topP } = request;
  return {
    model: request.model,
    max_tokens: maxTokens,
    ...(system.length === 0
      ? {}
      : { system: system.length === 1 ? (system[0] ?? "") : system.map((text) => ({ type: "text", text })) }),
    messages: encodeMessages(request.turns),
    ...(tools.length === 0
      ? {}
      : {
          tools: tools.map((t) => ({
            name: t.name,
            ...(t.description === undefined ? {} : { description: t.description }),
            input_schema: t.parameters,
            // Sent only when set: older API versions (and Vertex) refuse an unknown `strict`.
            ...(t.strict ? { strict: true as const } : {}),
          })),
        }),
    ...(tools.length === 0 ? {} : encodeToolChoice(request.toolChoice, request.parallelToolCalls)),
    ...(thinking === undefined ? {} : { thinking }),
    ...(request.temperature === undefined || thinks ? {} : { temperature: request.temperature }),
    ...(topP === undefined || (thinks && topP < 0.95) ? {} : { top_p: topP }),
    ...(request.stop === undefined ? {} : { stop_sequences: [...request.stop] }),
    ...(request.user === undefined ? {} : { metadata: { user_id: request.user } }),
    ...(output?.type === "json_schema"
      ? { output_config: { format: { type: "json_schema", schema: output.schema } } }
      : {}),
    stream: request.stream,
  };
}

function encodeToolChoice(
  choice: ToolChoice | undefined,
  parallel: boolean | undefined,
): { tool_choice?: AnthropicToolChoiceOut } {
  if (choice === undefined && parallel === undefined) return {};
  const type = choice?.type ?? "auto";
  if (type === "none") return { tool_choice: { type: "none" } };
  const disable = parallel === undefined ? {} : { disable_parallel_tool_use: !parallel };
  if (choice?.type === "tool") return { tool_choice: { type: "tool", name: choice.name, ...disable } };
  return { tool_choice: { type: type === "required" ? "any" : "auto", ...disable } };
}
