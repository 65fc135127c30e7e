/**
 * Anthropic's own API. Anthropic Messages clients (Claude Code) pass through, count_tokens included;
 * OpenAI clients are translated to Messages. The base URL is the bare origin, as the Anthropic SDK
 * takes it (`ANTHROPIC_BASE_URL`): the paths carry the `/v1`.
 */
import { pickBetas } from "./anthropic-betas.ts";
import type { HttpBackendKind } from "./kind.ts";

/** The API version airlock's translation writes; a client's own version is passed on instead. */
const defaultVersion = "2023-06-01";

export const anthropic = {
  kind: "anthropic",
  dialect: "anthropic-messages",
  defaultUrl: "https://api.anthropic.com",
  paths: { messages: "/v1/messages", "count-tokens": "/v1/messages/count_tokens" },
  // Anthropic requires max_tokens; OpenAI clients often leave it out. The adapter's default too.
  encodeOptions: { defaultMaxTokens: 4096 },
  forwardHeaders: ["anthropic-version", "anthropic-beta"],
  // `x-should-retry` is how Anthropic tells its SDK whether a failure is worth retrying.
  returnHeaders: ["request-id", "anthropic-ratelimit-", "retry-after", "x-should-retry"],
  authHeaders: (key) => ({ "x-api-key": key }),
  clientHeaders(headers, config) {
    const { "anthropic-beta": beta, ...rest } = headers;
    // No `anthropic_betas` list passes every flag: Anthropic's API knows all of its own.
    const betas = pickBetas(beta, config.anthropicBetas);
    return {
      ...rest,
      "anthropic-version": headers["anthropic-version"] ?? defaultVersion,
      ...(betas === undefined ? {} : { "anthropic-beta": betas }),
    };
  },
} satisfies HttpBackendKind;
