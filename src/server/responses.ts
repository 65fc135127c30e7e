/**
 * POST /v1/responses: the OpenAI Responses API (Codex CLI). Passed through to backends that take it
 * (`responses`, `openai`), translated to Chat Completions for the others (`openai-compatible`, `mock`).
 */

import { parseResponsesRequest } from "../dialects/openai-responses/parse-request.ts";
import { responsesErrorEvent } from "../dialects/openai-responses/render-error.ts";
import { forward } from "../route/forward.ts";
import type { Endpoint } from "./context.ts";
import { parseJson, readBody } from "./read-body.ts";
import { sendAnswer } from "./send-answer.ts";

export const responses: Endpoint = {
  method: "POST",
  path: "/v1/responses",
  auth: true,
  async handle(context) {
    const { req, requestId, signal, access, state } = context;
    const body = await readBody(req, state.config.server.maxBodyBytes);
    const request = parseResponsesRequest(parseJson(body));
    access.model = request.model;
    const route = state.router.resolve(request.model);
    access.backend = route.backend.name;
    const response = await forward(route, {
      dialect: "openai-responses",
      operation: "responses",
      payload: request.payload,
      headers: req.headers,
      requestId,
      signal,
    });
    // A translated stream renders its own failures with the right sequence number; this is for a
    // passed-through stream that breaks, whose numbering airlock does not follow.
    await sendAnswer(context, response, (error) => responsesErrorEvent(error, 0));
  },
};
