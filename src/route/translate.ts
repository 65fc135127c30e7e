/**
 * The translated path: the client's request decoded to the canonical model (a 400 naming any field
 * that cannot cross), encoded in the backend's dialect, sent, and the answer translated back. The
 * model name is the routed one; the backend's own request defaults are added by the backend.
 */
import type { UpstreamResponse } from "../canonical/contract.ts";
import { dialects } from "./dialects.ts";
import type { ForwardRequest } from "./forward.ts";
import type { Route } from "./router.ts";
import { translateAnswer } from "./translate-answer.ts";
import { checkStatus } from "./upstream-status.ts";

export async function translate(
  route: Route,
  request: ForwardRequest,
  headers: Readonly<Record<string, string>>,
): Promise<UpstreamResponse> {
  const { backend } = route;
  const client = dialects[request.dialect];
  const upstream = dialects[backend.dialect];
  const canonical = { ...client.decodeRequest(request.payload), model: route.model };
  const response = await backend.send({
    operation: upstream.operation,
    payload: upstream.encodeRequest(canonical, backend.encodeOptions),
    headers,
    requestId: request.requestId,
    signal: request.signal,
  });
  return translateAnswer(await checkStatus(backend, response), {
    upstream,
    client,
    request: canonical,
    scrub: backend.scrub,
  });
}
