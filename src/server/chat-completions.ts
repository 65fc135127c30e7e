/** POST /v1/chat/completions: parse, route, forward, relay. */

import { parseChatRequest } from "../dialects/openai-chat/parse-request.ts";
import { openAIErrorEvent } from "../dialects/openai-chat/render-error.ts";
import { forward } from "../route/forward.ts";
import type { Endpoint } from "./context.ts";
import { parseJson, readBody } from "./read-body.ts";
import { relay } from "./relay.ts";

export const chatCompletions: Endpoint = {
  method: "POST",
  path: "/v1/chat/completions",
  auth: true,
  async handle({ req, res, requestId, signal, started, access, state }) {
    const body = await readBody(req, state.config.server.maxBodyBytes);
    const request = parseChatRequest(parseJson(body));
    access.model = request.model;
    const route = state.router.resolve(request.model);
    access.backend = route.backend.name;
    const response = await forward(route, {
      dialect: "openai-chat",
      operation: "chat",
      payload: request.payload,
      headers: req.headers,
      requestId,
      signal,
    });
    const failure = await relay(res, response, {
      signal,
      errorEvent: openAIErrorEvent,
      onFirstByte: () => {
        access.ttfbMs = performance.now() - started;
      },
      onBytes: (count) => {
        access.bytes += count;
      },
    });
    if (failure !== undefined) throw failure;
  },
};
