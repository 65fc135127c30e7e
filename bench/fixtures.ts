/** Fixture secrets and the request every target is sent; nothing here is a real credential. */

/** The key the mock upstream demands; pipe and airlock must inject it, the direct target sends it itself. */
export const UPSTREAM_API_KEY = "sk-bench-upstream-0000000000000000";

/** The 32-character token the load generator presents to airlock (and, ignored, to the pipe). */
export const CLIENT_TOKEN = "bench-client-token-0123456789abc";

export const CHAT_PATH = "/v1/chat/completions";
export const RESPONSES_PATH = "/v1/responses";

/** Which API the load speaks to the target: Chat Completions, or the Responses API (airlock translates). */
export type Api = "chat" | "responses";

/** Chunks in every streamed answer: roughly a short reply's worth of tokens. */
export const STREAM_CHUNKS = 50;

/** The model every request names unless a round says otherwise. */
export const BENCH_MODEL = "gpt-4o-mini";

/**
 * A model the translation bench routes to a `responses` backend on the same mock upstream, so that a
 * Responses API request is passed through instead of translated (bench/translation.ts).
 */
export const RESPONSES_UPSTREAM_MODEL = "responses-bench";

export const INSTRUCTIONS = "You are a terse assistant inside a sandbox. Answer in one sentence.";
const QUESTION = "Which file should I open first to understand this repository?";

/** A small but realistic agent turn: a system prompt and one user message. */
export function chatRequestBody(stream: boolean, model = BENCH_MODEL): string {
  return JSON.stringify({
    model,
    messages: [
      { role: "system", content: INSTRUCTIONS },
      { role: "user", content: QUESTION },
    ],
    temperature: 0,
    stream,
  });
}

/** The same turn as a Responses API request (Codex-style): airlock translates it to Chat Completions. */
export function responsesRequestBody(stream: boolean, model = BENCH_MODEL): string {
  return JSON.stringify({
    model,
    instructions: INSTRUCTIONS,
    input: [{ role: "user", content: QUESTION }],
    temperature: 0,
    store: false,
    stream,
  });
}

/** What the last event of a whole stream contains, per API. */
export function doneMarker(api: Api): string {
  return api === "chat" ? "data: [DONE]" : "response.completed";
}
