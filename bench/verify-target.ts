/**
 * One careful request of each kind through a target before it is measured. The load generator only
 * checks status codes and the `[DONE]` tail, so a target that answered fast but wrong (lost chunks,
 * a cached error, no auth) would otherwise be reported as a fast target.
 */
import { request } from "undici";
import { CHAT_PATH, chatRequestBody, STREAM_CHUNKS } from "./fixtures.ts";

async function post(origin: string, body: string, authorization: string | null) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (authorization !== null) headers.authorization = authorization;
  // `reset` closes the connection: the probe must leave no idle socket behind on the target.
  const response = await request(`${origin}${CHAT_PATH}`, { method: "POST", headers, body, reset: true });
  const text = await response.body.text();
  return { status: response.statusCode, contentType: String(response.headers["content-type"]), text };
}

function fail(name: string, what: string, text: string): never {
  throw new Error(`${name}: ${what}; body starts: ${text.slice(0, 300)}`);
}

/** Throws with the offending answer if `origin` does not behave like an OpenAI chat endpoint. */
export async function verifyTarget(
  name: string,
  origin: string,
  options: { authorization: string; requiresAuth: boolean },
): Promise<void> {
  const json = await post(origin, chatRequestBody(false), options.authorization);
  if (json.status !== 200) fail(name, `non-streaming request got HTTP ${json.status}`, json.text);
  const parsed: unknown = JSON.parse(json.text);
  if (
    typeof parsed !== "object" ||
    parsed === null ||
    !("object" in parsed) ||
    parsed.object !== "chat.completion"
  ) {
    fail(name, "non-streaming answer is not a chat.completion", json.text);
  }

  const sse = await post(origin, chatRequestBody(true), options.authorization);
  if (sse.status !== 200) fail(name, `streaming request got HTTP ${sse.status}`, sse.text);
  if (!sse.contentType.startsWith("text/event-stream"))
    fail(name, `stream content-type ${sse.contentType}`, sse.text);
  const data = sse.text
    .split("\n")
    .filter((line) => line.startsWith("data:"))
    .map((line) => line.slice(5).trim());
  const chunks = data.filter((payload) => payload.includes('"chat.completion.chunk"')).length;
  if (chunks !== STREAM_CHUNKS || data.at(-1) !== "[DONE]") {
    fail(name, `stream carried ${chunks} chunks (want ${STREAM_CHUNKS}) ending in ${data.at(-1)}`, sse.text);
  }

  if (options.requiresAuth) {
    const anonymous = await post(origin, chatRequestBody(false), null);
    if (anonymous.status !== 401)
      fail(name, `a request without the client token got ${anonymous.status}`, anonymous.text);
  }
}
