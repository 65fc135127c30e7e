/**
 * Sorts an upstream's answer by status, the same for passed-through and translated requests: under
 * 400 it is the answer; otherwise its (bounded, scrubbed) error body is relayed when it is already in
 * the form the client reads, and otherwise becomes an AirlockError with the upstream's status, message
 * and retry headers, which the server renders in the caller's dialect. Never with the backend's
 * credentials.
 *
 * The forms: OpenAI's (`{"error": {"message", "type", …}}`, both OpenAI dialects), Anthropic's
 * (`{"type": "error", "error": {…}}`) and Google's (`{"error": {"code": 429, "message", "status"}}`),
 * which Vertex AI uses for errors of its own (quota, a model the project may not use) even for Claude.
 * Vertex AI's own URL surface relays every form: its clients read Google's and Claude's alike.
 */
import type { Backend, ClientDialectName, UpstreamResponse } from "../canonical/contract.ts";
import { AirlockError } from "../canonical/error.ts";

/** The error form a client reads as it is; `any` for Vertex AI's own surface. */
export type ErrorForm = "openai" | "anthropic" | "any";

export function errorFormOf(dialect: ClientDialectName): ErrorForm {
  return dialect === "anthropic-messages" ? "anthropic" : "openai";
}

/** Upstream error bodies are relayed so the agent can fix its request; a bounded read. */
const maxErrorBody = 64 * 1024;

export async function checkStatus(
  backend: Backend,
  response: UpstreamResponse,
  clientForm: ErrorForm,
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
  const error = errorBodyOf(text);
  if (error !== undefined && (clientForm === "any" || error.form === clientForm)) {
    return { status: response.status, headers: response.headers, body: [Buffer.from(text)] };
  }
  if (error !== undefined) {
    throw new AirlockError(
      "backend_error",
      error.message ?? `backend "${backend.name}" answered ${response.status}`,
      {
        status: response.status,
        detail: text.slice(0, 500),
        headers: relayedHeaders(response),
      },
    );
  }
  // An HTML page from a load balancer, say: the agent still gets an error in its own dialect, with
  // the upstream's status so that its retry logic sees a 503 as a 503.
  throw new AirlockError(
    "backend_error",
    `backend "${backend.name}" answered ${response.status}: ${snippet(text)}`,
    {
      status: response.status,
      headers: relayedHeaders(response),
    },
  );
}

/** The upstream's returned headers (already the backend's allowlist) minus those of its own body. */
function relayedHeaders(response: UpstreamResponse): Record<string, string> {
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

type ErrorBody = { readonly form: "openai" | "anthropic" | "google"; readonly message: string | undefined };

/** The form and message of a JSON error body (all three put the text in `error.message`), if it is one. */
function errorBodyOf(text: string): ErrorBody | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null || !("error" in value)) return undefined;
  const error = value.error;
  if (typeof error !== "object" || error === null) return undefined;
  const message =
    "message" in error && typeof error.message === "string" && error.message !== ""
      ? error.message
      : undefined;
  if ("type" in value && value.type === "error") return { form: "anthropic", message };
  // A numeric `code` and a string `status` together: OpenAI's and Anthropic's errors have neither.
  const status = "status" in error && typeof error.status === "string" ? error.status : undefined;
  if (status !== undefined && "code" in error && typeof error.code === "number") {
    return { form: "google", message: message ?? status };
  }
  return { form: "openai", message };
}

function snippet(text: string): string {
  const flat = text
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat || "(empty body)";
}
