/**
 * `airlock check`: validates the configuration and prints the effective one with every secret
 * redacted. Exits non-zero when a secret it names cannot be read, or when a `vertex` backend cannot
 * get a Google Cloud token from its Application Default Credentials.
 */

import { vertexDefaultBetas } from "../backends/vertex-wire.ts";
import { formatListen } from "../config/listen.ts";
import type { Flags } from "../config/load.ts";
import { loadConfig } from "../config/load.ts";
import type { BackendConfig, SecretSource } from "../config/types.ts";
import { createAdc } from "../credentials/gcp-adc.ts";
import { openSecret, secretProblem } from "../credentials/secret.ts";
import { openTlsFiles } from "../credentials/tls-files.ts";

export async function check(flags: Flags): Promise<number> {
  const config = loadConfig(flags);
  const problems: string[] = [];
  const redact = (source: SecretSource | undefined) => {
    if (source === undefined) return undefined;
    const problem = secretProblem(openSecret(source));
    if (problem !== undefined) problems.push(problem);
    return source.from === "file" ? `<redacted: file ${source.path}>` : `<redacted: from ${source.origin}>`;
  };
  const effective = {
    file: config.file ?? null,
    server: {
      listen: formatListen(config.server.listen),
      client_token: redact(config.server.clientToken) ?? null,
      allow_unauthenticated: config.server.allowUnauthenticated,
      default_model: config.server.defaultModel ?? null,
      max_body_bytes: config.server.maxBodyBytes,
      shutdown_grace: config.server.shutdownGraceMs / 1000,
      log_level: config.server.logLevel,
    },
    aliases: config.aliases,
    backends: config.backends.map((backend) => ({
      name: backend.name,
      kind: backend.kind,
      url: backend.url ?? null,
      models: backend.models,
      api_key: redact(backend.apiKey) ?? null,
      headers: redactHeaders(backend.headers),
      default_body: backend.defaultBody ?? null,
      tls: checkTls(backend.tls, backend.name, problems),
      ...(backend.kind === "anthropic" ? { anthropic_betas: backend.anthropicBetas ?? null } : {}),
      ...(backend.vertex === undefined
        ? {}
        : {
            project: backend.vertex.project,
            location: backend.vertex.location,
            credentials_file: backend.vertex.credentialsFile ?? null,
            allow_executable_credentials: backend.vertex.allowExecutableCredentials,
            anthropic_betas: backend.anthropicBetas ?? vertexDefaultBetas,
          }),
      timeouts: {
        connect: backend.timeouts.connectMs / 1000,
        first_byte: backend.timeouts.firstByteMs / 1000,
        idle: backend.timeouts.idleMs / 1000,
        request: backend.timeouts.requestMs / 1000,
      },
    })),
  };
  for (const backend of config.backends) await checkAdc(backend, problems);
  process.stdout.write(`${JSON.stringify(effective, null, 2)}\n`);
  for (const problem of problems) process.stderr.write(`airlock: ${problem}\n`);
  process.stdout.write(problems.length === 0 ? "configuration OK\n" : "");
  return problems.length === 0 ? 0 : 1;
}

/** A `vertex` backend's credentials: one token fetched (and not shown), as the server would at start. */
async function checkAdc(backend: BackendConfig, problems: string[]): Promise<void> {
  if (backend.vertex === undefined) return;
  const adc = createAdc({
    name: backend.name,
    credentialsFile: backend.vertex.credentialsFile,
    allowExecutableCredentials: backend.vertex.allowExecutableCredentials,
  });
  try {
    await adc.token();
  } catch {
    // The operator's own terminal: the detail (where it looked, what failed) helps, and holds no token.
    const problem = adc.problem();
    problems.push(
      problem === undefined ? `backend "${backend.name}": no Google Cloud token` : problem.detail,
    );
  } finally {
    adc.close();
  }
}

/** The mTLS files as configured, after checking that they are a readable, matching pair. */
function checkTls(tls: BackendConfig["tls"], name: string, problems: string[]) {
  if (tls === undefined) return null;
  try {
    openTlsFiles(tls, name);
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
  }
  return tls;
}

/** Static headers may carry credentials of their own (a custom auth header): show names only for those. */
function redactHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const sensitive = /auth|key|token|secret|cookie|session|signature/i;
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, sensitive.test(name) ? "<redacted>" : value]),
  );
}
