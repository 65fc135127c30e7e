/**
 * Sorts an upstream's answer by status, the same for passed-through and translated requests: under
 * 400 it is the answer; otherwise its (bounded, scrubbed) error body becomes an error for the client,
 * in OpenAI's error form, never carrying the backend's credentials.
 *
 * Vertex AI answers errors of its own (quota, a model the project may not use) in Google's form even
 * for Claude, whose answers are otherwise Anthropic's. No routed client reads that form, so on a
 * routed call it becomes an AirlockError with Google's status and message, which the server renders
 * in the caller's dialect; only Vertex AI's own URL surface (`googleClient`) relays it as it is.
 */
import type { Backend, UpstreamResponse } from "../canonical/contract.ts";
import { AirlockError } from "../canonical/error.ts";

/** Upstream error bodies are relayed so the agent can fix its request; a bounded read. */
const maxErrorBody = 64 * 1024;

export async function checkStatus(
  backend: Backend,
  response: UpstreamResponse,
  options: { readonly googleClient?: boolean } = {},
): Promise<UpstreamResponse> {
  if (response.status < 400) return response;

  const body = await readBounded(response.body, maxErrorBody);
  if (response.status === 401 || response.status === 403) {
    // The backend refused airlock's credentials: not the agent's to fix, and OpenAI's message echoes a
    // masked key. The agent gets a gateway error; the operator gets the detail in the log.
    throw new AirlockError("backend_auth", `backend "${backend.name}" rejected airlock's credentials`, {
      detail: `upstream status ${response.status}: ${backend.scrub(body.toString("utf8")).slice(0, 500)}`,
    });
  }
  // An upstream (or a proxy in front of it) that echoes request headers in its error must not hand
  // the agent the key.
  const text = backend.scrub(body.toString("utf8"));
  const google = options.googleClient === true ? undefined : googleErrorMessage(text);
  if (google !== undefined) {
    throw new AirlockError("backend_error", google, {
      status: response.status,
      detail: text.slice(0, 500),
      headers: relayedHeaders(response),
    });
  }
  if (!isErrorObject(text)) {
    // An HTML page from a load balancer, say: the agent still gets an error in its own dialect, with
    // the upstream's status so that its retry logic sees a 503 as a 503.
    throw new AirlockError(
      "backend_error",
      `backend "${backend.name}" answered ${response.status}: ${snippet(text)}`,
      { status: response.status, headers: relayedHeaders(response) },
    );
  }
  return { status: response.status, headers: response.headers, body: [Buffer.from(text)] };
}

/** The upstream's returned headers (already the backend's allowlist) minus those of its own body. */
export function relayedHeaders(response: UpstreamResponse): Record<string, string> {
  const headers = { ...response.headers };
  delete headers["content-type"];
  delete headers["content-length"];
  return headers;
}

async function readBounded(body: UpstreamResponse["body"], limit: number): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= limit) break;
  }
  return Buffer.concat(chunks).subarray(0, limit);
}

/** Whether an error body is a JSON object with an `error` member, as OpenAI-style APIs send. */
function isErrorObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && "error" in value;
  } catch {
    return false;
  }
}

/** `error.message` of Google's error form, `{"error": {"code": 404, "message": …, "status": "NOT_FOUND"}}`. */
function googleErrorMessage(text: string): string | undefined {
  try {
    const value: unknown = JSON.parse(text);
    const error = typeof value === "object" && value !== null && "error" in value ? value.error : undefined;
    if (typeof error !== "object" || error === null) return undefined;
    // A numeric `code` and a string `status` together: OpenAI's and Anthropic's errors have neither.
    if (!("code" in error) || typeof error.code !== "number") return undefined;
    if (!("status" in error) || typeof error.status !== "string") return undefined;
    return "message" in error && typeof error.message === "string" ? error.message : error.status;
  } catch {
    return undefined;
  }
}

function snippet(text: string): string {
  const flat = text
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat || "(empty body)";
}
