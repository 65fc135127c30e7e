/**
 * The `vertex` backend: Claude and Gemini on Google Cloud's Vertex AI, authenticated with Application
 * Default Credentials. Claude models speak Anthropic Messages (`rawPredict` / `streamRawPredict`),
 * the rest Gemini (`generateContent` / `streamGenerateContent?alt=sse`); the model and the verb are in
 * the URL. It also serves Vertex AI's own URL surface, passed through as bytes (vertex-passthrough).
 *
 * Every request gets a bearer token from ADC; the client's own credentials never come this far (the
 * route's header allowlist stops them), and the token never goes back: it is scrubbed from anything
 * the upstream says.
 */
import type { Backend, BackendCall, Problem, UpstreamResponse, VertexCall } from "../canonical/contract.ts";
import { stringifyRequest } from "../canonical/request-json.ts";
import type { BackendConfig, VertexSettings } from "../config/types.ts";
import { createAdc } from "../credentials/gcp-adc.ts";
import { pickBetas } from "./anthropic-betas.ts";
import { lowerCaseKeys, openHttpEndpoint, postHttp, sensitiveValues } from "./http-send.ts";
import {
  isClaude,
  vertexAnthropicBody,
  vertexCallOf,
  vertexDefaultBetas,
  vertexModelName,
  vertexOrigin,
  vertexPath,
  vertexWire,
} from "./vertex-wire.ts";

/** Client headers a Vertex AI request may carry: Claude's beta flags (filtered). `anthropic-version` is the body's. */
const forwardHeaders = ["anthropic-beta"];
const returnHeaders = ["retry-after", "x-vertex-ai-"];

export function createVertexBackend(config: BackendConfig, settings: VertexSettings): Backend {
  const endpoint = openHttpEndpoint(config, config.url ?? vertexOrigin(settings.location), returnHeaders);
  const { target, basePath } = endpoint;
  const adc = createAdc({
    name: config.name,
    credentialsFile: settings.credentialsFile,
    allowExecutableCredentials: settings.allowExecutableCredentials,
  });
  const staticHeaders = lowerCaseKeys(config.headers);
  const sensitiveHeaderValues = sensitiveValues(staticHeaders);
  const betas = config.anthropicBetas ?? vertexDefaultBetas;
  const defaultBody = config.defaultBody;

  /** Headers for one request: the client's (betas filtered), the config's, then the token. */
  async function headersFor(
    call: { readonly headers: Readonly<Record<string, string>>; readonly requestId: string },
    where: { readonly publisher: string; readonly model: string },
  ): Promise<Record<string, string>> {
    const { "anthropic-beta": beta, "anthropic-version": _version, ...rest } = call.headers;
    // Vertex's token counting refuses every beta flag (Claude Code issues #11154, #12429).
    const kept =
      where.publisher === "anthropic" && where.model !== "count-tokens" ? pickBetas(beta, betas) : undefined;
    const token = await adc.token();
    return {
      ...rest,
      ...(kept === undefined ? {} : { "anthropic-beta": kept }),
      ...staticHeaders,
      "content-type": "application/json",
      "x-request-id": call.requestId,
      authorization: `Bearer ${token.value}`,
      ...(token.quotaProject === undefined ? {} : { "x-goog-user-project": token.quotaProject }),
    };
  }

  async function send(call: BackendCall): Promise<UpstreamResponse> {
    const where = vertexCallOf(call);
    const path = basePath + vertexPath(settings, where);
    const payload = defaultBody === undefined ? call.payload : { ...defaultBody, ...call.payload };
    const body = isClaude(call.model) ? vertexAnthropicBody(call.operation, payload, call.model) : payload;
    return postHttp(
      target,
      { path, headers: await headersFor(call, where), body: stringifyRequest(body) },
      call.signal,
    );
  }

  async function sendVertex(call: VertexCall): Promise<UpstreamResponse> {
    // The client's URL names its own project and location; the backend's replace them.
    // Aliases may have produced Anthropic's dated id: Vertex's name for it, as for routed calls.
    const model = call.publisher === "anthropic" ? vertexModelName(call.model) : call.model;
    const path = basePath + vertexPath(settings, { ...call, model });
    return postHttp(target, { path, headers: await headersFor(call, call), body: call.body }, call.signal);
  }

  return {
    name: config.name,
    kind: config.kind,
    wire: vertexWire,
    models: config.models,
    forwardHeaders: new Set(forwardHeaders),
    send,
    sendVertex,
    scrub: (text) => {
      let out = adc.scrub(text);
      for (const value of sensitiveHeaderValues) out = out.replaceAll(value, "[redacted]");
      return out;
    },
    problems: () => {
      const out: Problem[] = [];
      const problem = adc.problem();
      if (problem !== undefined) out.push(problem);
      const tlsProblem = endpoint.tlsProblem();
      if (tlsProblem !== undefined) out.push(tlsProblem);
      return out;
    },
    close: async () => {
      adc.close();
      await target.pool.close();
    },
  };
}
