/**
 * The one function that chains the stages for a request already parsed. The path is chosen once:
 * when the backend takes the client's operation as it is, the request is passed through (model
 * rewritten, unknown fields kept, bytes streamed back untouched); otherwise it is translated through
 * the canonical model into the backend's dialect, and the answer back into the client's.
 */
import type { BackendCall, ClientDialectName, Operation, UpstreamResponse } from "../canonical/contract.ts";
import type { Route } from "./router.ts";
import { checkStatus, errorFormOf } from "./upstream-status.ts";

export type ForwardRequest = {
  readonly dialect: ClientDialectName;
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

/**
 * The translated path loads the dialect adapters (and zod, which they parse upstream answers with)
 * on first use, so that a sidecar that only passes through never pays for them at start.
 */
let translator: Promise<typeof import("./translate.ts")> | undefined;

/** Loads the translated path ahead of its first request; call once serving, off the start-up path. */
export function prepareTranslation(): void {
  translator ??= import("./translate.ts");
}

export async function forward(route: Route, request: ForwardRequest): Promise<UpstreamResponse> {
  const { backend } = route;
  const headers = allowedHeaders(request.headers, backend.forwardHeaders);
  const wire = backend.wire(route.model);
  if (!wire.operations.has(request.operation)) {
    translator ??= import("./translate.ts");
    return (await translator).translate(route, request, { wire, headers });
  }
  const call: BackendCall = {
    operation: request.operation,
    model: route.model,
    stream: request.payload.stream === true,
    payload: { ...request.payload, model: route.model },
    headers,
    requestId: request.requestId,
    signal: request.signal,
  };
  return checkStatus(backend, await backend.send(call), errorFormOf(request.dialect));
}

/** The client's headers a backend may see: the common ones and those its API defines. */
export function allowedHeaders(
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
