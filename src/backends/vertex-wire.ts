/**
 * How Vertex AI takes requests: which publisher and dialect serve a model, the URL of each call, the
 * Anthropic body's Vertex form, and the `anthropic-beta` flags Vertex accepts. Pure functions; the
 * backend (vertex.ts) adds the pool and the token.
 *
 * URLs: https://cloud.google.com/vertex-ai/docs/reference/rest/v1/projects.locations.publishers.models
 * `/v1/projects/{p}/locations/{l}/publishers/{anthropic|google}/models/{m}:{verb}`; Claude takes
 * `rawPredict` / `streamRawPredict` (and `count-tokens:rawPredict`), Gemini `generateContent` /
 * `streamGenerateContent?alt=sse`.
 */
import type { BackendWire, Operation } from "../canonical/contract.ts";
import { AirlockError } from "../canonical/error.ts";

/** The `anthropic_version` Vertex AI requires in every Claude body. */
export const vertexAnthropicVersion = "vertex-2023-10-16";

/**
 * The `anthropic-beta` flags passed on to Claude on Vertex AI unless `anthropic_betas` says
 * otherwise. Vertex refuses a whole request that names a flag it does not know (400 "Unexpected
 * value(s) … for the anthropic-beta header"), and Claude Code sends several it does not know
 * (`claude-code-20250219`, `oauth-2025-04-20`, `effort-2025-11-24`, `prompt-caching-scope-2026-01-05`,
 * …). These are the flags Vertex AI is known to accept, after LiteLLM's per-provider table
 * (litellm/anthropic_beta_headers_config.json, `vertex_ai`) and Claude Code's Vertex issues (#1229:
 * interleaved thinking validated on Vertex).
 */
export const vertexDefaultBetas: readonly string[] = [
  "interleaved-thinking-2025-05-14",
  "context-1m-2025-08-07",
  "context-management-2025-06-27",
  "computer-use-2025-01-24",
  "computer-use-2025-11-24",
  "tool-search-tool-2025-10-19",
  "web-search-2025-03-05",
  "compact-2026-01-12",
  "compact-2026-09-04",
  "dangerous-tool-use-2026-09-03",
  "per-turn-control-2026-07-01",
  "thinking-binding-controls-2026-08-01",
  "thinking-display-updates-2026-08-18",
];

const claudeWire: BackendWire = {
  dialect: "anthropic-messages",
  operations: new Set<Operation>(["messages", "count-tokens"]),
  encodeOptions: {},
};

const geminiWire: BackendWire = {
  dialect: "gemini",
  operations: new Set<Operation>(["generate"]),
  encodeOptions: {},
};

/** Claude models are Anthropic's publisher on Vertex AI; every other model is Google's (Gemini). */
export function vertexWire(model: string): BackendWire {
  return isClaude(model) ? claudeWire : geminiWire;
}

export function isClaude(model: string): boolean {
  return model.startsWith("claude-");
}

/**
 * Anthropic's dated model ids -> Vertex AI's: `claude-sonnet-4-5-20250929` is
 * `claude-sonnet-4-5@20250929` there. Only a trailing `-YYYYMMDD` on a `claude-` name is rewritten;
 * undated names (`claude-sonnet-4-5`) and names already in Vertex's form pass as they are.
 */
export function vertexModelName(model: string): string {
  if (!isClaude(model) || model.includes("@")) return model;
  return model.replace(/-(\d{8})$/, "@$1");
}

/** The origin of the Vertex AI API for a location (`url` in the config overrides it). */
export function vertexOrigin(location: string): string {
  if (location === "global") return "https://aiplatform.googleapis.com";
  // The multi-region endpoints, as Anthropic's Vertex SDK names them.
  if (location === "us" || location === "eu") return `https://aiplatform.${location}.rep.googleapis.com`;
  return `https://${location}-aiplatform.googleapis.com`;
}

export type VertexTarget = { readonly project: string; readonly location: string };

/** The URL path of a call, below the origin; the model must be a plain name (it goes into the path). */
export function vertexPath(
  target: VertexTarget,
  call: { readonly publisher: string; readonly model: string; readonly verb: string; readonly query: string },
): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._@-]*$/.test(call.model)) {
    throw new AirlockError("invalid_request", `"${call.model.slice(0, 100)}" is not a Vertex AI model name`, {
      param: "model",
    });
  }
  const project = encodeURIComponent(target.project);
  const query = call.query === "" ? "" : `?${call.query}`;
  return `/v1/projects/${project}/locations/${target.location}/publishers/${call.publisher}/models/${call.model}:${call.verb}${query}`;
}

/** Publisher, model segment, verb and query for a call airlock routed (passed through or translated). */
export function vertexCallOf(call: {
  readonly operation: Operation;
  readonly model: string;
  readonly stream: boolean;
}) {
  switch (call.operation) {
    case "messages":
      return {
        publisher: "anthropic",
        model: vertexModelName(call.model),
        verb: call.stream ? "streamRawPredict" : "rawPredict",
        query: "",
      };
    case "count-tokens":
      // Anthropic's token counting on Vertex AI is one endpoint for every model; the body names it.
      return { publisher: "anthropic", model: "count-tokens", verb: "rawPredict", query: "" };
    case "generate":
      return call.stream
        ? { publisher: "google", model: call.model, verb: "streamGenerateContent", query: "alt=sse" }
        : { publisher: "google", model: call.model, verb: "generateContent", query: "" };
    default:
      throw new AirlockError("internal", `a vertex backend has no path for ${call.operation}`);
  }
}

/**
 * An Anthropic Messages body in Vertex's form: the model is in the URL, not the body, and
 * `anthropic_version` is in the body (Vertex's own value unless the client sent one). Token counting
 * keeps `model` in the body — that endpoint is shared by every model — in Vertex's name.
 */
export function vertexAnthropicBody(
  operation: Operation,
  payload: Readonly<Record<string, unknown>>,
  model: string,
): Record<string, unknown> {
  const { model: _model, anthropic_version: version, ...rest } = payload;
  const anthropicVersion = typeof version === "string" && version !== "" ? version : vertexAnthropicVersion;
  if (operation === "count-tokens")
    return { model: vertexModelName(model), anthropic_version: anthropicVersion, ...rest };
  return { anthropic_version: anthropicVersion, ...rest };
}
