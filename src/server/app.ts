/**
 * The HTTP server: one handler that finds the endpoint, checks the client's token, runs the endpoint,
 * and catches every error in one place. It also owns the lifecycle: the in-flight count, the access
 * log line, and the drain on shutdown.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import { createBackend } from "../backends/create.ts";
import type { Problem } from "../canonical/contract.ts";
import { AirlockError, toAirlockError } from "../canonical/error.ts";
import { minTokenLength } from "../config/load.ts";
import type { Config } from "../config/types.ts";
import { openSecret, secretProblem } from "../credentials/secret.ts";
import { prepareTranslation } from "../route/forward.ts";
import { createRouter } from "../route/router.ts";
import { chatCompletions } from "./chat-completions.ts";
import { createClientAuth } from "./client-auth.ts";
import type { AccessRecord, AppState, Endpoint } from "./context.ts";
import { healthz, hello, models, readyz } from "./info.ts";
import { countTokens, messages } from "./messages.ts";
import { responses } from "./responses.ts";
import { vertexPassthrough } from "./vertex-passthrough.ts";
import { writeError } from "./write-error.ts";

const endpoints: readonly Endpoint[] = [
  chatCompletions,
  responses,
  messages,
  countTokens,
  vertexPassthrough,
  models,
  healthz,
  readyz,
  hello,
];

export type App = {
  readonly server: Server;
  listen(): Promise<AddressInfo>;
  /** Stops accepting, lets requests in flight finish within the grace period, then closes. */
  shutdown(graceMs?: number): Promise<void>;
};

export function createApp(config: Config, logger: Logger): App {
  const backends = config.backends.map(createBackend);
  const router = createRouter(backends, {
    aliases: config.aliases,
    defaultModel: config.server.defaultModel,
  });
  const clientToken =
    config.server.clientToken === undefined ? undefined : openSecret(config.server.clientToken);
  const clientAuth = createClientAuth(clientToken);
  if (clientToken !== undefined) {
    // A token file must be usable at start; later rotations are checked as they are read.
    const problem = secretProblem(clientToken);
    if (problem !== undefined) throw new AirlockError("config", problem);
    if (clientToken.read().length < minTokenLength) {
      throw new AirlockError(
        "config",
        `${clientToken.origin}: the client token must be at least ${minTokenLength} characters; generate one with \`openssl rand -hex 24\``,
      );
    }
  }
  let draining = false;
  let inFlight = 0;
  let drained: (() => void) | undefined;

  function problems(): Problem[] {
    const tokenProblem = clientToken === undefined ? undefined : secretProblem(clientToken);
    const all = backends.flatMap((backend) => backend.problems());
    if (tokenProblem !== undefined)
      all.unshift({ message: "client token not readable", detail: tokenProblem });
    if (draining) all.unshift({ message: "shutting down", detail: "shutting down" });
    return all;
  }
  const state: AppState = { config, router, backends, problems: watchReadiness(problems, logger) };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const requestId = requestIdOf(req);
    const controller = new AbortController();
    const access: AccessRecord = { bytes: 0 };
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const candidates = endpoints.filter((e) => (e.match === undefined ? e.path === path : e.match(path)));
    const endpoint = candidates.find(
      (e) => e.method === req.method || (e.method === "GET" && req.method === "HEAD"),
    );
    let failure: AirlockError | undefined;
    inFlight++;
    res.setHeader("x-request-id", requestId);
    if (draining) res.setHeader("connection", "close");
    res.once("close", () => {
      inFlight--;
      if (!res.writableFinished) {
        access.aborted = true;
        controller.abort();
      }
      logAccess(logger, {
        requestId,
        method: req.method,
        path,
        status: res.statusCode,
        started,
        access,
        failure,
        contentLength: res.getHeader("content-length"),
        quiet: endpoint?.quiet === true && res.statusCode < 400,
      });
      if (draining && inFlight === 0) drained?.();
    });
    try {
      if (candidates.length === 0)
        throw new AirlockError("not_found", `no such endpoint: ${req.method} ${path}`);
      if (endpoint === undefined) {
        const allow = candidates.map((e) => e.method).join(", ");
        throw new AirlockError("method_not_allowed", `${path} takes ${allow}, not ${req.method}`, {
          detail: allow,
        });
      }
      if (endpoint.auth) clientAuth(req.headers);
      await endpoint.handle({ req, res, requestId, signal: controller.signal, started, access, state });
    } catch (thrown) {
      failure = toAirlockError(thrown);
      // A stream that already ended with its error event in-band is complete as it is.
      if (!controller.signal.aborted && !res.writableEnded) {
        writeError(res, failure, {
          allow: failure.kind === "method_not_allowed" ? failure.detail : undefined,
          body: (endpoint ?? candidates[0])?.errorBody,
        });
      }
    }
  }

  const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => void handle(req, res));

  return {
    server,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(config.server.listen.port, config.server.listen.host, () => {
          server.off("error", reject);
          resolve(server.address() as AddressInfo);
          // Every backend takes some endpoint's requests only translated: load that path ahead of
          // its first request (zod and the adapters take ~100 ms to load), but a moment after
          // listening, so that the first probes and requests are not queued behind it.
          setTimeout(prepareTranslation, 1_000).unref();
        });
      }),
    async shutdown(graceMs = config.server.shutdownGraceMs) {
      draining = true;
      const idle = new Promise<void>((resolve) => {
        drained = resolve;
        if (inFlight === 0) resolve();
      });
      server.close();
      server.closeIdleConnections();
      let timer: NodeJS.Timeout | undefined;
      const graceOver = new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => resolve("timeout"), graceMs);
      });
      if ((await Promise.race([idle, graceOver])) === "timeout") {
        logger.warn({ inFlight }, "shutdown grace period over; closing the connections still open");
        server.closeAllConnections();
      }
      clearTimeout(timer);
      await Promise.all(backends.map((backend) => backend.close().catch(() => {})));
    },
  };
}

/** A client's own request id is kept when it is a sane token; otherwise airlock makes one. */
function requestIdOf(req: IncomingMessage): string {
  const given = req.headers["x-request-id"];
  return typeof given === "string" && /^[\w.:@/+=-]{1,128}$/.test(given) ? given : randomUUID();
}

type AccessLine = {
  requestId: string;
  method: string | undefined;
  path: string;
  status: number;
  started: number;
  access: AccessRecord;
  failure: AirlockError | undefined;
  contentLength: number | string | string[] | undefined;
  quiet: boolean;
};

function logAccess(logger: Logger, line: AccessLine): void {
  const { failure, access } = line;
  const fields = {
    requestId: line.requestId,
    method: line.method,
    path: line.path,
    status: line.status,
    model: access.model,
    backend: access.backend,
    durationMs: Math.round((performance.now() - line.started) * 10) / 10,
    ttfbMs: access.ttfbMs === undefined ? undefined : Math.round(access.ttfbMs * 10) / 10,
    // Small JSON answers are written whole; their length is in the header.
    bytes: access.bytes || Number(line.contentLength ?? 0),
    ...(access.aborted ? { aborted: true } : {}),
    ...(failure === undefined
      ? {}
      : { error: failure.kind, message: failure.message, detail: failure.detail }),
  };
  if (failure?.kind === "internal")
    logger.error(
      { ...fields, cause: failure.cause instanceof Error ? failure.cause.stack : String(failure.cause) },
      "request",
    );
  else if (failure !== undefined && failure.status >= 500) logger.warn(fields, "request");
  else if (line.quiet) logger.debug(fields, "request");
  else logger.info(fields, "request");
}

/** Logs readiness changes with their detail, once per change rather than once per probe. */
function watchReadiness(problems: () => Problem[], logger: Logger): () => Problem[] {
  let last = "";
  return () => {
    const current = problems();
    const key = current.map((problem) => problem.detail).join("\n");
    if (key !== last) {
      if (current.length === 0) logger.info("ready");
      else logger.warn({ problems: current.map((problem) => problem.detail) }, "not ready");
      last = key;
    }
    return current;
  };
}
