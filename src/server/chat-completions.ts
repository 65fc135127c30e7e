/** POST /v1/chat/completions: parse, route, forward (passed through or translated), relay. */

import { parseChatRequest } from "../dialects/openai-chat/parse-request.ts";
import { openAIErrorEvent } from "../dialects/openai-chat/render-error.ts";
import { forward } from "../route/forward.ts";
import type { Endpoint } from "./context.ts";
import { parseJson, readBody } from "./read-body.ts";
import { sendAnswer } from "./send-answer.ts";

export const chatCompletions: Endpoint = {
  method: "POST",
  path: "/v1/chat/completions",
  auth: true,
  async handle(context) {
    const { req, requestId, signal, access, state } = context;
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
    await sendAnswer(context, response, openAIErrorEvent);
  },
};
