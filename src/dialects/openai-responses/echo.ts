/**
 * The request fields a Responses object repeats back (`instructions`, `tools`, `temperature`, …).
 * Clients mostly ignore them, but the SDKs type them as present, so a translated answer carries the
 * echo of the request that asked for it, and the API's defaults when there is none.
 */
import type { CanonicalRequest } from "../../canonical/request.ts";
import { encodeFormat, encodeToolChoice, encodeTools } from "./encode-request.ts";
import type { ResponseEcho } from "./wire.ts";

export const defaultEcho: ResponseEcho = {
  instructions: null,
  max_output_tokens: null,
  metadata: {},
  parallel_tool_calls: true,
  previous_response_id: null,
  reasoning: { effort: null, summary: null },
  store: false,
  temperature: null,
  text: { format: { type: "text" } },
  tool_choice: "auto",
  tools: [],
  top_p: null,
  truncation: "disabled",
  user: null,
};

export function echoOf(request: CanonicalRequest): ResponseEcho {
  return {
    instructions:
      request.instructions.length === 0 ? null : request.instructions.map((i) => i.text).join("\n\n"),
    max_output_tokens: request.maxOutputTokens ?? null,
    metadata: { ...request.metadata },
    parallel_tool_calls: request.parallelToolCalls ?? true,
    previous_response_id: request.previousResponseId ?? null,
    reasoning: { effort: request.reasoningEffort ?? null, summary: request.reasoningSummary ?? null },
    store: false,
    temperature: request.temperature ?? null,
    text: { format: request.output === undefined ? { type: "text" } : encodeFormat(request.output) },
    tool_choice: request.toolChoice === undefined ? "auto" : encodeToolChoice(request.toolChoice),
    tools: encodeTools(request.tools),
    top_p: request.topP ?? null,
    truncation: "disabled",
    user: request.user ?? null,
  };
}

/**
 * The echo's fields as JSON, without the braces: what a response object holds between its own
 * fields, written once per stream however many `response.*` events repeat it.
 */
export function echoJsonBody(echo: ResponseEcho): string {
  return JSON.stringify(echo).slice(1, -1);
}
