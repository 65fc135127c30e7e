/**
 * The one function that chains the stages for a request already parsed: pick the path (pass-through
 * when the client's dialect is the backend's), filter the client's headers, send, and sort the
 * upstream's answer into a body to relay or an error to raise.
 */
import type { DialectName, Operation, UpstreamResponse } from "../canonical/contract.ts";
import { AirlockError } from "../canonical/error.ts";
import type { Route } from "./router.ts";

export type ForwardRequest = {
  readonly dialect: DialectName;
  readonly operation: Operation;
  readonly payload: Readonly<Record<string, unknown>>;
  /** The client's request headers as node:http gives them (lower-case names). */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly requestId: string;
  readonly signal: AbortSignal;
};

/**
 * Client headers any backend may see. Everything else — the client's Authorization, x-api-key,
 * cookies, proxy and hop-by-hop headers, SDK telemetry — stops here.
 */
const commonHeaders = ["accept", "user-agent"];

/** Upstream error bodies are relayed so the agent can fix its request; a bounded read. */
const maxErrorBody = 64 * 1024;

export async function forward(route: Route, request: ForwardRequest): Promise<UpstreamResponse> {
  const { backend } = route;
  if (backend.dialect !== request.dialect) {
    throw new AirlockError("unsupported", `backend "${backend.name}" does not speak ${request.dialect}`);
  }
  const response = await backend.send({
    operation: request.operation,
    payload: { ...request.payload, model: route.model },
    headers: allowedHeaders(request.headers, backend.forwardHeaders),
    requestId: request.requestId,
    signal: request.signal,
  });
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
  if (!isErrorObject(text)) {
    // An HTML page from a load balancer, say: the agent still gets an error in its own dialect, with
    // the upstream's status so that its retry logic sees a 503 as a 503.
    throw new AirlockError(
      "backend_error",
      `backend "${backend.name}" answered ${response.status}: ${snippet(text)}`,
      {
        status: response.status,
      },
    );
  }
  return { status: response.status, headers: response.headers, body: [Buffer.from(text)] };
}

function allowedHeaders(
  headers: ForwardRequest["headers"],
  extra: ReadonlySet<string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of commonHeaders) {
    const value = headers[name];
    if (typeof value === "string") out[name] = value;
  }
  for (const name of extra) {
    const value = headers[name];
    if (typeof value === "string") out[name] = value;
  }
  return out;
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

function snippet(text: string): string {
  const flat = text
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat || "(empty body)";
}
