/**
 * `POST /v1/projects/{p}/locations/{l}/publishers/{pub}/models/{m}:{verb}`: Vertex AI's own surface,
 * for agents that speak it — Claude Code with `CLAUDE_CODE_USE_VERTEX=1` and
 * `ANTHROPIC_VERTEX_BASE_URL=http://airlock:8080/v1` (Anthropic's Vertex SDK appends
 * `/projects/…/models/{model}:streamRawPredict`, and `count-tokens:rawPredict` to count tokens).
 *
 * The request goes to the `vertex` backend the model routes to (a model that routes to none is a 404;
 * only token counting falls back to the first one) with airlock's
 * token; the project and location in the URL are replaced by the backend's, the body's bytes pass
 * untouched (only `anthropic-beta` flags are filtered), and the answer streams back as it came.
 * Anthropic's token counting is the exception: its URL names no model (`count-tokens:rawPredict`),
 * its body does, so the body's model is routed — aliases, the backend, Vertex's `@` name — the same
 * way as the model in any other URL, and the body is sent as airlock's own /v1/messages/count_tokens
 * sends it to Vertex. Left as the agent wrote it, a dated Anthropic id or an alias would be counted
 * for a model Vertex does not know, while the agent's messages go to the model it was routed to.
 * Errors before the answer are Google's error object, the form Vertex AI itself answers with on this
 * surface (for Claude's publisher too: its routing, quota and permission errors come from Google).
 * A failure mid-stream is the stream's own kind of error event.
 */
import type { Backend, UpstreamResponse } from "../canonical/contract.ts";
import { AirlockError } from "../canonical/error.ts";
import { anthropicErrorEvent } from "../dialects/anthropic-messages/render-error.ts";
import { googleErrorBody, googleErrorEvent } from "../dialects/gemini/render-error.ts";
import { allowedHeaders } from "../route/forward.ts";
import type { Router } from "../route/router.ts";
import { checkStatus } from "../route/upstream-status.ts";
import type { Endpoint } from "./context.ts";
import { readBody } from "./read-body.ts";
import { sendAnswer } from "./send-answer.ts";

const pattern =
  /^\/v1\/projects\/([^/]+)\/locations\/([^/]+)\/publishers\/([^/]+)\/models\/([^/:]+):([A-Za-z]+)$/;

/** The verbs each publisher serves that an agent needs; anything else (tuning, batch, …) is refused. */
const verbs: Readonly<Record<string, readonly string[]>> = {
  anthropic: ["rawPredict", "streamRawPredict"],
  google: ["generateContent", "streamGenerateContent", "countTokens"],
};

export const vertexPassthrough: Endpoint = {
  method: "POST",
  path: "/v1/projects/{project}/locations/{location}/publishers/{publisher}/models/{model}:{verb}",
  match: (path) => pattern.test(path),
  errorBody: googleErrorBody,
  auth: true,
  async handle(context) {
    const { req, requestId, signal, access, state } = context;
    const [path = "", search = ""] = (req.url ?? "").split("?", 2);
    const [, , , publisher = "", model = "", verb = ""] = pattern.exec(path) ?? [];
    // An own property only: a publisher named "constructor" or "__proto__" must not find Object's.
    if (!Object.hasOwn(verbs, publisher) || !verbs[publisher]?.includes(verb)) {
      throw new AirlockError(
        "not_found",
        `airlock does not serve ${publisher}/models/…:${verb} on Vertex AI`,
      );
    }
    const body = await readBody(req, state.config.server.maxBodyBytes);
    const counted = publisher === "anthropic" && model === "count-tokens" ? countedBody(body) : undefined;
    const named = counted === undefined ? model : String(counted.model);
    access.model = named;
    const { backend, routed } = vertexBackendFor(
      state.router,
      state.backends,
      named,
      publisher === "anthropic" && model === "count-tokens",
    );
    access.backend = backend.name;
    const sendVertex = backend.sendVertex;
    if (sendVertex === undefined) throw new AirlockError("internal", "not a vertex backend");
    const headers = allowedHeaders(req.headers, backend.forwardHeaders);
    let response: UpstreamResponse;
    if (counted === undefined) {
      response = await sendVertex({
        publisher,
        model: routed,
        verb,
        // Only Gemini's `alt=sse` means anything to the upstream; other parameters stay here.
        query: new URLSearchParams(search).get("alt") === "sse" ? "alt=sse" : "",
        body,
        headers,
        requestId,
        signal,
      });
    } else {
      const call = { operation: "count-tokens", model: routed, stream: false } as const;
      response = await backend.send({ ...call, payload: counted, headers, requestId, signal });
    }
    await sendAnswer(
      context,
      await checkStatus(backend, response, "any"),
      publisher === "anthropic" ? anthropicErrorEvent : googleErrorEvent,
    );
  },
};

/** A token-counting body that names its model, parsed; otherwise (not JSON, no model) undefined. */
function countedBody(body: Buffer): Record<string, unknown> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return undefined;
  const fields = parsed as Record<string, unknown>;
  return typeof fields.model === "string" && fields.model !== "" ? fields : undefined;
}

/**
 * The vertex backend the URL's model routes to, with its name after aliases. A model that routes
 * nowhere or to another kind is refused, as on every other endpoint: the `models` lists are the
 * operator's word on what the agent may call. Only token counting (`count-tokens`, which may name no
 * model, and generates nothing) falls back to the first vertex backend, with the name as sent.
 */
function vertexBackendFor(router: Router, backends: readonly Backend[], model: string, counting: boolean) {
  if (!counting) {
    const route = router.resolve(model);
    if (route.backend.sendVertex === undefined) {
      throw new AirlockError("not_found", `model "${model}" is not served by a vertex backend`, {
        param: "model",
        code: "model_not_found",
      });
    }
    return { backend: route.backend, routed: route.model };
  }
  try {
    const route = router.resolve(model);
    if (route.backend.sendVertex !== undefined) return { backend: route.backend, routed: route.model };
  } catch {
    // Not routable by name: fall through to the first vertex backend.
  }
  const backend = backends.find((candidate) => candidate.sendVertex !== undefined);
  if (backend === undefined) {
    throw new AirlockError("not_found", "no vertex backend is configured to serve the Vertex AI surface");
  }
  return { backend, routed: model };
}
