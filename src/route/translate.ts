/**
 * The translated path: the client's request decoded to the canonical model (a 400 naming any field
 * that cannot cross), encoded in the backend's dialect, sent, and the answer translated back. The
 * model name is the routed one; the backend's own request defaults are added by the backend.
 */
import type { BackendWire, UpstreamResponse } from "../canonical/contract.ts";
import { backendDialects, clientDialects } from "./dialects.ts";
import { estimateTokens } from "./estimate-tokens.ts";
import type { ForwardRequest } from "./forward.ts";
import type { Route } from "./router.ts";
import { translateAnswer } from "./translate-answer.ts";
import { checkStatus, errorFormOf } from "./upstream-status.ts";

export async function translate(
  route: Route,
  request: ForwardRequest,
  sent: { readonly wire: BackendWire; readonly headers: Readonly<Record<string, string>> },
): Promise<UpstreamResponse> {
  // A token count has no translation: no other dialect has the operation. It is estimated here.
  if (request.operation === "count-tokens") return estimateTokens(request.payload);
  const { backend } = route;
  const { wire, headers } = sent;
  const client = clientDialects[request.dialect];
  const upstream = backendDialects[wire.dialect];
  const canonical = { ...client.decodeRequest(request.payload), model: route.model };
  const response = await backend.send({
    operation: upstream.operation,
    model: route.model,
    stream: canonical.stream,
    payload: upstream.encodeRequest(canonical, wire.encodeOptions),
    headers,
    requestId: request.requestId,
    signal: request.signal,
  });
  return translateAnswer(await checkStatus(backend, response, errorFormOf(request.dialect)), {
    upstream,
    client,
    request: canonical,
    scrub: backend.scrub,
  });
}
