/**
 * The shape every model endpoint shares: read and parse the body in the endpoint's dialect, route by
 * model, forward (passed through or translated), and send the answer back with failures rendered in
 * that dialect. An endpoint is this function applied to its dialect's parts.
 */
import type { ClientDialectName, Operation } from "../canonical/contract.ts";
import type { AirlockError } from "../canonical/error.ts";
import { forward } from "../route/forward.ts";
import type { Endpoint } from "./context.ts";
import { parseJson, readBody } from "./read-body.ts";
import type { ErrorEvent } from "./relay.ts";
import { sendAnswer } from "./send-answer.ts";

export type ModelEndpointSpec = {
  readonly path: string;
  readonly dialect: ClientDialectName;
  readonly operation: Operation;
  /** Narrows the body enough to route it; throws a 400 AirlockError naming the field otherwise. */
  readonly parse: (body: unknown) => { readonly model: string; readonly payload: Record<string, unknown> };
  /** A failure after the first byte, as an SSE event of this dialect. */
  readonly errorEvent: ErrorEvent;
  /** A failure before it, as this dialect's error body; OpenAI's error object when absent. */
  readonly errorBody?: (error: AirlockError) => unknown;
};

export function modelEndpoint(spec: ModelEndpointSpec): Endpoint {
  return {
    method: "POST",
    path: spec.path,
    auth: true,
    ...(spec.errorBody === undefined ? {} : { errorBody: spec.errorBody }),
    async handle(context) {
      const { req, requestId, signal, access, state } = context;
      const request = spec.parse(parseJson(await readBody(req, state.config.server.maxBodyBytes)));
      access.model = request.model;
      const route = state.router.resolve(request.model);
      access.backend = route.backend.name;
      const response = await forward(route, {
        dialect: spec.dialect,
        operation: spec.operation,
        payload: request.payload,
        headers: req.headers,
        requestId,
        signal,
      });
      await sendAnswer(context, response, spec.errorEvent);
    },
  };
}
