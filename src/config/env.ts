/**
 * The environment's part of the configuration, as the same shapes the TOML file uses, so that one merge
 * applies both. With no file, `AIRLOCK_BACKEND` and friends describe the single backend.
 */
import { AirlockError } from "../canonical/error.ts";
import { backendKinds, type FileBackend, type FileServer } from "./schema.ts";

export type EnvConfig = {
  readonly server: FileServer;
  readonly backend: FileBackend | undefined;
};

export function readEnv(env: NodeJS.ProcessEnv): EnvConfig {
  const server: FileServer = {};
  assign(server, "listen", get(env, "AIRLOCK_LISTEN"));
  assign(server, "api_key", get(env, "AIRLOCK_API_KEY"));
  assign(server, "api_key_file", get(env, "AIRLOCK_API_KEY_FILE"));
  assign(server, "default_model", get(env, "AIRLOCK_DEFAULT_MODEL"));
  assign(server, "log_level", get(env, "AIRLOCK_LOG_LEVEL") as FileServer["log_level"]);
  const allow = get(env, "AIRLOCK_ALLOW_UNAUTHENTICATED");
  if (allow !== undefined)
    server.allow_unauthenticated = parseBoolean("AIRLOCK_ALLOW_UNAUTHENTICATED", allow);
  const maxBody = get(env, "AIRLOCK_MAX_BODY_BYTES");
  if (maxBody !== undefined) server.max_body_bytes = parseNumber("AIRLOCK_MAX_BODY_BYTES", maxBody);
  const grace = get(env, "AIRLOCK_SHUTDOWN_GRACE_SECONDS");
  if (grace !== undefined) server.shutdown_grace = parseNumber("AIRLOCK_SHUTDOWN_GRACE_SECONDS", grace);
  return { server, backend: readEnvBackend(env) };
}

function readEnvBackend(env: NodeJS.ProcessEnv): FileBackend | undefined {
  const kind = get(env, "AIRLOCK_BACKEND");
  if (kind === undefined) return undefined;
  if (!(backendKinds as readonly string[]).includes(kind)) {
    throw new AirlockError(
      "config",
      `AIRLOCK_BACKEND: expected one of ${backendKinds.join(", ")}, got "${kind}"`,
    );
  }
  const backend: FileBackend = { name: kind, kind: kind as FileBackend["kind"] };
  assign(backend, "url", get(env, "AIRLOCK_BACKEND_URL"));
  assign(backend, "api_key", get(env, "AIRLOCK_BACKEND_API_KEY"));
  assign(backend, "api_key_file", get(env, "AIRLOCK_BACKEND_API_KEY_FILE"));
  const tls = {
    cert_file: get(env, "AIRLOCK_TLS_CERT_FILE"),
    key_file: get(env, "AIRLOCK_TLS_KEY_FILE"),
    ca_file: get(env, "AIRLOCK_TLS_CA_FILE"),
  };
  if (tls.cert_file !== undefined || tls.key_file !== undefined || tls.ca_file !== undefined) {
    backend.tls = {};
    assign(backend.tls, "cert_file", tls.cert_file);
    assign(backend.tls, "key_file", tls.key_file);
    assign(backend.tls, "ca_file", tls.ca_file);
  }
  return backend;
}

/** Empty variables count as unset: `FOO= airlock` should not mean "the key is the empty string". */
function get(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === "" ? undefined : value;
}

function assign<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

function parseBoolean(name: string, value: string): boolean {
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  throw new AirlockError("config", `${name}: expected 1 or 0, got "${value}"`);
}

function parseNumber(name: string, value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) {
    throw new AirlockError("config", `${name}: expected a positive number, got "${value}"`);
  }
  return number;
}
