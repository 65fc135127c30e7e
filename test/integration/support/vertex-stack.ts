/**
 * What a test of a `vertex` backend sets up around airlock: a service-account key file (made at test
 * time) whose `token_uri` is a loopback token server that verifies the JWT, the backend's TOML
 * section, a wait for the first token, and a fetch that keeps every response's headers and body so
 * that a test can prove the ADC token never comes back to the client.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningAirlock, startAirlock } from "./airlock.ts";
import { makeServiceAccountKey, type ServiceAccountKey, startTokenServer, type TokenSource } from "./gcp.ts";

export type ServiceAccount = {
  /** A scratch folder for the key file and airlock's config. */
  readonly dir: string;
  readonly credentialsFile: string;
  readonly tokens: TokenSource;
  close(): Promise<void>;
};

export async function startServiceAccount(): Promise<ServiceAccount> {
  const dir = mkdtempSync(join(tmpdir(), "airlock-vertex-"));
  let key: ServiceAccountKey | undefined;
  const tokens = await startTokenServer(() => {
    if (key === undefined) throw new Error("token asked for before the key was made");
    return key;
  });
  key = makeServiceAccountKey(tokens.url);
  const credentialsFile = join(dir, "sa.json");
  writeFileSync(credentialsFile, JSON.stringify(key.json));
  return {
    dir,
    credentialsFile,
    tokens,
    close: async () => {
      await tokens.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A `[[backends]]` section of kind `vertex`, as TOML lines. */
export function vertexBackendToml(options: {
  readonly url: string;
  readonly project: string;
  readonly location: string;
  readonly credentialsFile: string;
  readonly models: readonly string[];
}): string[] {
  return [
    "[[backends]]",
    'name = "vertex"',
    'kind = "vertex"',
    `url = "${options.url}"`,
    `project = "${options.project}"`,
    `location = "${options.location}"`,
    `credentials_file = "${options.credentialsFile}"`,
    `models = ${JSON.stringify(options.models)}`,
  ];
}

/**
 * airlock with the client token and one vertex backend (`extra` TOML lines before it: aliases, …),
 * its config in the account's folder; resolves once it holds its first ADC token.
 */
export async function startVertexAirlock(
  account: ServiceAccount,
  options: Omit<Parameters<typeof vertexBackendToml>[0], "credentialsFile"> & {
    readonly clientToken: string;
    readonly extra?: readonly string[];
  },
): Promise<RunningAirlock> {
  const config = join(account.dir, "airlock.toml");
  const backend = vertexBackendToml({ ...options, credentialsFile: account.credentialsFile });
  const server = ["[server]", `api_key = "${options.clientToken}"`];
  writeFileSync(config, [...server, ...(options.extra ?? []), ...backend, ""].join("\n"));
  const airlock = await startAirlock({}, { config });
  await waitReady(airlock.url);
  return airlock;
}

/** Readiness waits for the first ADC token; requests before it would race the fetch. */
export async function waitReady(url: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if ((await fetch(`${url}/readyz`)).status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("airlock did not become ready");
}

export type Recorder = {
  /** Every response's status line, headers and body text, as the client received them. */
  readonly seen: string[];
  readonly fetch: typeof fetch;
  /** Resolves once every body read so far has been kept. */
  settled(): Promise<void>;
};

export function recordResponses(): Recorder {
  const seen: string[] = [];
  const pending: Promise<void>[] = [];
  const recording: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const headers = [...response.headers].map(([name, value]) => `${name}: ${value}`).join("\n");
    pending.push(
      response
        .clone()
        .text()
        .then((text) => void seen.push(`${response.status}\n${headers}\n\n${text}`)),
    );
    return response;
  };
  return { seen, fetch: recording, settled: async () => void (await Promise.all(pending)) };
}
