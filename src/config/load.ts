/**
 * Builds the effective configuration: flags > environment > TOML file > defaults. Everything that can
 * be wrong with it is found here, at start, with a message that says what to change.
 */
import { AirlockError } from "../canonical/error.ts";
import { type EnvConfig, readEnv } from "./env.ts";
import { findConfigFile } from "./find-file.ts";
import { isLoopback, parseListen } from "./listen.ts";
import { readConfigFile } from "./read-file.ts";
import type { FileBackend, FileConfig, FileServer } from "./schema.ts";
import type { BackendConfig, Config, SecretSource, ServerConfig, VertexSettings } from "./types.ts";

export type Flags = { readonly config?: string | undefined; readonly listen?: string | undefined };

export const defaults = {
  listen: "127.0.0.1:8080",
  maxBodyBytes: 32 * 1024 * 1024,
  shutdownGraceSeconds: 30,
  logLevel: "info",
  timeouts: { connect: 10, first_byte: 600, idle: 300, request: 1800 },
} as const;

const logLevels = ["trace", "debug", "info", "warn", "error", "fatal", "silent"];
export const minTokenLength = 16;

export function loadConfig(flags: Flags, env: NodeJS.ProcessEnv = process.env): Config {
  const choice = findConfigFile(flags.config, env);
  const file: FileConfig = choice === undefined ? {} : readConfigFile(choice.path);
  const fromEnv = readEnv(env);
  const where = choice?.path ?? "the environment";
  const clientToken =
    secretOf(fromEnv.server, envLabels("AIRLOCK_API_KEY"), env) ??
    secretOf(file.server ?? {}, fileLabels(where, "server"), env);
  const server = resolveServer({ ...file.server, ...fromEnv.server }, clientToken, flags);
  const backends = resolveBackends(file, fromEnv, env, where);
  return { file: choice?.path, server, aliases: file.aliases ?? {}, backends };
}

function resolveServer(
  merged: FileServer,
  clientToken: SecretSource | undefined,
  flags: Flags,
): ServerConfig {
  const listenText = flags.listen ?? merged.listen ?? defaults.listen;
  const listen = parseListen(listenText);
  if (listen === undefined) {
    throw new AirlockError("config", `listen: expected HOST:PORT (e.g. 127.0.0.1:8080), got "${listenText}"`);
  }
  const logLevel = merged.log_level ?? defaults.logLevel;
  if (!logLevels.includes(logLevel)) {
    throw new AirlockError("config", `AIRLOCK_LOG_LEVEL: expected one of ${logLevels.join(", ")}`);
  }
  if (clientToken?.from === "value" && clientToken.value.length < minTokenLength) {
    throw new AirlockError(
      "config",
      `${clientToken.origin}: the client token must be at least ${minTokenLength} characters; generate one with \`openssl rand -hex 24\``,
    );
  }
  const allowUnauthenticated = merged.allow_unauthenticated ?? false;
  if (clientToken === undefined && !isLoopback(listen.host) && !allowUnauthenticated) {
    throw new AirlockError(
      "config",
      `refusing to listen on ${listenText} without a client token: anyone who can reach it could spend ` +
        "the backend credentials. Set AIRLOCK_API_KEY (or server.api_key_file), or set " +
        "AIRLOCK_ALLOW_UNAUTHENTICATED=1 (server.allow_unauthenticated = true) if the network is private to the agent.",
    );
  }
  return {
    listen,
    clientToken,
    allowUnauthenticated,
    defaultModel: merged.default_model,
    maxBodyBytes: merged.max_body_bytes ?? defaults.maxBodyBytes,
    shutdownGraceMs: (merged.shutdown_grace ?? defaults.shutdownGraceSeconds) * 1000,
    logLevel,
  };
}

function resolveBackends(file: FileConfig, fromEnv: EnvConfig, env: NodeJS.ProcessEnv, where: string) {
  // An environment-described backend replaces the file's: the environment ranks higher.
  const raw = fromEnv.backend !== undefined ? [fromEnv.backend] : (file.backends ?? []);
  if (raw.length === 0) {
    throw new AirlockError(
      "config",
      "no backend configured: set AIRLOCK_BACKEND (openai, openai-compatible, responses, anthropic, vertex or mock; try AIRLOCK_BACKEND=mock) " +
        "or write [[backends]] in a config file (--config PATH, AIRLOCK_CONFIG, or ~/.config/airlock/config.toml)",
    );
  }
  const isEnv = fromEnv.backend !== undefined;
  const seen = new Set<string>();
  return raw.map((backend, index): BackendConfig => {
    const at = isEnv ? "AIRLOCK_BACKEND" : `backends[${index}]`;
    if (seen.has(backend.name))
      throw new AirlockError("config", `${where}: ${at}.name: "${backend.name}" is used twice`);
    seen.add(backend.name);
    return resolveBackend(backend, { at, where, isEnv, env });
  });
}

type BackendContext = { at: string; where: string; isEnv: boolean; env: NodeJS.ProcessEnv };

function resolveBackend(backend: FileBackend, context: BackendContext): BackendConfig {
  const { at, where, isEnv, env } = context;
  const problem = (message: string) =>
    new AirlockError("config", `${isEnv ? "" : `${where}: `}${at}: ${message}`);
  let apiKey = secretOf(backend, isEnv ? envLabels("AIRLOCK_BACKEND_API_KEY") : fileLabels(where, at), env);
  // The providers' own variable is honoured, as their SDKs do.
  if (apiKey === undefined && backend.kind === "openai" && env.OPENAI_API_KEY) {
    apiKey = { from: "value", value: env.OPENAI_API_KEY, origin: "OPENAI_API_KEY" };
  }
  if (apiKey === undefined && backend.kind === "anthropic" && env.ANTHROPIC_API_KEY) {
    apiKey = { from: "value", value: env.ANTHROPIC_API_KEY, origin: "ANTHROPIC_API_KEY" };
  }
  if ((backend.kind === "openai-compatible" || backend.kind === "responses") && backend.url === undefined) {
    const example =
      backend.kind === "responses"
        ? "https://cert.console.redhat.com/api/lightspeed/v1"
        : "http://vllm:8000/v1";
    throw problem(
      `kind "${backend.kind}" needs a url (e.g. ${example})${isEnv ? ": set AIRLOCK_BACKEND_URL" : ""}`,
    );
  }
  if (backend.kind === "openai" && apiKey === undefined) {
    throw problem(
      `kind "openai" needs an API key: set OPENAI_API_KEY, AIRLOCK_BACKEND_API_KEY(_FILE) or api_key_file`,
    );
  }
  if (backend.kind === "anthropic" && apiKey === undefined) {
    throw problem(
      `kind "anthropic" needs an API key: set ANTHROPIC_API_KEY, AIRLOCK_BACKEND_API_KEY(_FILE) or api_key_file`,
    );
  }
  if (backend.kind === "vertex" && apiKey !== undefined) {
    throw problem(`kind "vertex" authenticates with Application Default Credentials; remove the API key`);
  }
  const vertexOnly = ["project", "location", "credentials_file", "allow_executable_credentials"] as const;
  const misplaced = vertexOnly.find((field) => backend.kind !== "vertex" && backend[field] !== undefined);
  if (misplaced !== undefined) throw problem(`${misplaced} is for kind "vertex" only`);
  if (backend.anthropic_betas !== undefined && backend.kind !== "anthropic" && backend.kind !== "vertex") {
    throw problem(`anthropic_betas is for kinds "anthropic" and "vertex" only`);
  }
  if (backend.kind === "mock" && (backend.url !== undefined || backend.tls !== undefined)) {
    throw problem(`kind "mock" answers in-process and takes no url or tls`);
  }
  const tls = backend.tls;
  if (tls !== undefined && (tls.cert_file === undefined) !== (tls.key_file === undefined)) {
    throw problem("tls needs both cert_file and key_file, or neither (ca_file alone is fine)");
  }
  const t = backend.timeouts ?? {};
  const vertex = backend.kind === "vertex" ? vertexSettings(backend, env, problem) : undefined;
  return {
    name: backend.name,
    kind: backend.kind,
    url: backend.url,
    // The mock lists a model by name so that GET /v1/models has something to show in the quick start.
    models: backend.models ?? (backend.kind === "mock" ? ["mock", "*"] : ["*"]),
    apiKey: backend.kind === "mock" ? undefined : apiKey,
    headers: { ...backend.headers, ...backend.defaults?.headers },
    defaultBody: backend.defaults?.body,
    tls:
      tls === undefined
        ? undefined
        : {
            ...(tls.cert_file !== undefined && { certFile: tls.cert_file }),
            ...(tls.key_file !== undefined && { keyFile: tls.key_file }),
            ...(tls.ca_file !== undefined && { caFile: tls.ca_file }),
          },
    timeouts: {
      connectMs: (t.connect ?? defaults.timeouts.connect) * 1000,
      firstByteMs: (t.first_byte ?? defaults.timeouts.first_byte) * 1000,
      idleMs: (t.idle ?? defaults.timeouts.idle) * 1000,
      requestMs: (t.request ?? defaults.timeouts.request) * 1000,
    },
    anthropicBetas: backend.anthropic_betas,
    vertex,
  };
}

/**
 * Project and location from the config, else the variables gcloud and Claude Code's Vertex mode use.
 * Location defaults to `global`, where every Claude and Gemini model Vertex AI serves is available.
 */
function vertexSettings(
  backend: FileBackend,
  env: NodeJS.ProcessEnv,
  problem: (message: string) => AirlockError,
): VertexSettings {
  const project =
    backend.project ?? nonEmpty(env.GOOGLE_CLOUD_PROJECT) ?? nonEmpty(env.ANTHROPIC_VERTEX_PROJECT_ID);
  if (project === undefined) {
    throw problem(`kind "vertex" needs a project: set project, or GOOGLE_CLOUD_PROJECT`);
  }
  const location =
    backend.location ?? nonEmpty(env.GOOGLE_CLOUD_LOCATION) ?? nonEmpty(env.CLOUD_ML_REGION) ?? "global";
  if (!/^[a-z0-9-]+$/.test(location)) {
    throw problem(`location: expected \`global\` or a region such as us-east5, got "${location}"`);
  }
  return {
    project,
    location,
    credentialsFile: backend.credentials_file,
    allowExecutableCredentials: backend.allow_executable_credentials ?? false,
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

type SecretFields = {
  api_key?: string | undefined;
  api_key_env?: string | undefined;
  api_key_file?: string | undefined;
};
type Labels = { readonly value: string; readonly env: string; readonly file: string };

function fileLabels(where: string, at: string): Labels {
  return {
    value: `${where}: ${at}.api_key`,
    env: `${where}: ${at}.api_key_env`,
    file: `${where}: ${at}.api_key_file`,
  };
}

function envLabels(prefix: string): Labels {
  return { value: prefix, env: prefix, file: `${prefix}_FILE` };
}

/** Turns `api_key` / `api_key_env` / `api_key_file` into a source; more than one is a mistake. */
function secretOf(fields: SecretFields, labels: Labels, env: NodeJS.ProcessEnv): SecretSource | undefined {
  const given = [fields.api_key, fields.api_key_env, fields.api_key_file].filter((v) => v !== undefined);
  if (given.length > 1) {
    throw new AirlockError(
      "config",
      `${labels.value}: set only one of the inline key, the variable and the file`,
    );
  }
  if (fields.api_key !== undefined) return { from: "value", value: fields.api_key, origin: labels.value };
  if (fields.api_key_env !== undefined) {
    const value = env[fields.api_key_env];
    if (value === undefined || value === "") {
      throw new AirlockError(
        "config",
        `${labels.env}: environment variable ${fields.api_key_env} is not set`,
      );
    }
    return { from: "value", value, origin: fields.api_key_env };
  }
  if (fields.api_key_file !== undefined)
    return { from: "file", path: fields.api_key_file, origin: labels.file };
  return undefined;
}
