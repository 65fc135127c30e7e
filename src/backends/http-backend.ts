/**
 * A backend reached over HTTP: one keep-alive pool, the kind's paths and auth, the config's static
 * headers. Credentials are added here and nowhere else, after the client's headers were filtered.
 */
import type {
  Backend,
  BackendCall,
  BackendWire,
  Operation,
  Problem,
  UpstreamResponse,
} from "../canonical/contract.ts";
import { AirlockError } from "../canonical/error.ts";
import { stringifyRequest } from "../canonical/request-json.ts";
import type { BackendConfig } from "../config/types.ts";
import { openSecret, type Secret, secretProblem } from "../credentials/secret.ts";
import { lowerCaseKeys, openHttpEndpoint, postHttp, sensitiveValues } from "./http-send.ts";
import { type HttpBackendKind, operationsOf } from "./kind.ts";

export function createHttpBackend(config: BackendConfig, kind: HttpBackendKind): Backend {
  const endpoint = openHttpEndpoint(config, config.url ?? kind.defaultUrl ?? "", kind.returnHeaders);
  const { target, basePath } = endpoint;
  const apiKey: Secret | undefined = config.apiKey === undefined ? undefined : openSecret(config.apiKey);
  const staticHeaders = lowerCaseKeys(config.headers);
  const sensitiveHeaderValues = sensitiveValues(staticHeaders);
  const defaultBody = config.defaultBody;
  const wire: BackendWire = {
    dialect: kind.dialect,
    operations: operationsOf(kind),
    encodeOptions: kind.encodeOptions,
  };

  async function send(call: BackendCall): Promise<UpstreamResponse> {
    const headers: Record<string, string> = {
      ...(kind.clientHeaders === undefined ? call.headers : kind.clientHeaders(call.headers, config)),
      ...staticHeaders,
      "content-type": "application/json",
      "x-request-id": call.requestId,
      ...(apiKey === undefined ? {} : kind.authHeaders(apiKey.read())),
    };
    return postHttp(
      target,
      {
        path: basePath + pathOf(kind, call.operation),
        headers,
        // The backend's request defaults fill in what the client left out; the client's fields win.
        body: stringifyRequest(
          defaultBody === undefined ? call.payload : { ...defaultBody, ...call.payload },
        ),
      },
      call.signal,
    );
  }

  return {
    name: config.name,
    kind: config.kind,
    wire: () => wire,
    models: config.models,
    forwardHeaders: new Set(kind.forwardHeaders),
    send,
    scrub: (text) => {
      const key = apiKey === undefined || secretProblem(apiKey) !== undefined ? undefined : apiKey.read();
      let out = key === undefined ? text : text.replaceAll(key, "[redacted]");
      // A static header that carries a credential of its own (a custom auth scheme) is one too.
      for (const value of sensitiveHeaderValues) out = out.replaceAll(value, "[redacted]");
      return out;
    },
    problems: () => {
      const keyProblem = apiKey === undefined ? undefined : secretProblem(apiKey);
      const tlsProblem = endpoint.tlsProblem();
      const out: Problem[] = [];
      if (keyProblem !== undefined) {
        out.push({
          message: `backend "${config.name}": API key not readable`,
          detail: `backend "${config.name}": ${keyProblem}`,
        });
      }
      // The previous pair stays in use; readiness says the files need attention before it expires.
      if (tlsProblem !== undefined) out.push(tlsProblem);
      return out;
    },
    close: () => target.pool.close(),
  };
}

/** The route asks a backend only for an operation it has a path for, or for its own dialect's. */
function pathOf(kind: HttpBackendKind, operation: Operation): string {
  const path = kind.paths[operation];
  if (path === undefined)
    throw new AirlockError("internal", `kind ${kind.kind} has no path for ${operation}`);
  return path;
}
