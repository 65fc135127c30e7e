// Shared pieces of the container tests: networks, the three kinds of container (mock upstream,
// airlock, agent), and small readers over the engine's API. Every test stops what it starts:
// the reaper is off (its image cannot be pulled here).
import { randomBytes } from "node:crypto";
import { chmod, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import {
  GenericContainer,
  getContainerRuntimeClient,
  StartedNetwork,
  type StartedTestContainer,
  Wait,
} from "testcontainers";
import { expect, inject } from "vitest";

export const FIXTURES = join(import.meta.dirname, "fixtures");
export const NODE = "/nodejs/bin/node";

export function airlockImage(): string {
  return inject("airlockImage");
}

export function baseImage(): string {
  return inject("baseImage");
}

/** A fake provider key: the canary whose absence from the agent the tests prove. */
export function fixtureBackendKey(): string {
  return `sk-test-${randomBytes(16).toString("hex")}`;
}

export function fixtureClientToken(): string {
  return `airlock-client-${randomBytes(12).toString("hex")}`;
}

/**
 * GenericContainer plus the settings testcontainers has no builder method for, written into its
 * protected `createOpts` / `hostConfig` (the engine's create request), which exist for subclasses.
 */
export class SandboxContainer extends GenericContainer {
  withReadOnlyRootFilesystem(): this {
    this.hostConfig.ReadonlyRootfs = true;
    return this;
  }

  /**
   * Joins one network under a DNS alias. testcontainers' own withNetworkAliases creates the
   * container on the engine's default bridge first and connects the network after, which would
   * give an agent a route out; this names the alias in the create request instead.
   */
  withNetworkAlias(network: StartedNetwork, alias: string): this {
    this.withNetwork(network);
    this.createOpts.NetworkingConfig = { EndpointsConfig: { [network.getName()]: { Aliases: [alias] } } };
    return this;
  }

  /** Runs the image's own HEALTHCHECK (its command is inherited) more often than it says. */
  withHealthCheckInterval(ms: number): this {
    this.createOpts.Healthcheck = { Interval: ms * 1_000_000 };
    return this;
  }
}

export async function startNetwork(options: { internal: boolean }): Promise<StartedNetwork> {
  const client = await getContainerRuntimeClient();
  const name = `airlock-test-${options.internal ? "sandbox" : "egress"}-${randomBytes(4).toString("hex")}`;
  const network = await client.network.create({
    Name: name,
    Driver: "bridge",
    CheckDuplicate: true,
    // internal: no gateway and no NAT, so nothing on it can reach beyond the containers joined to it.
    Internal: options.internal,
    Labels: { "org.airlock.test": "true" },
  });
  return new StartedNetwork(client, name, network);
}

/** Connects a started container to another network, reachable there as `alias`. */
export async function connect(
  container: StartedTestContainer,
  network: StartedNetwork,
  alias: string,
): Promise<void> {
  const client = await getContainerRuntimeClient();
  await client.container.connectToNetwork(
    client.container.getById(container.getId()),
    client.network.getById(network.getId()),
    [alias],
  );
}

export async function startUpstream(egress: StartedNetwork): Promise<StartedTestContainer> {
  return new SandboxContainer(baseImage())
    .withNetworkAlias(egress, "upstream")
    .withReadOnlyRootFilesystem()
    .withBindMounts([{ source: FIXTURES, target: "/fixtures", mode: "ro" }])
    .withCommand(["/fixtures/mock-upstream.ts"])
    .withExposedPorts(8000)
    .withWaitStrategy(Wait.forLogMessage("mock upstream listening"))
    .start();
}

/** Host-side URL of a container port (published on the engine's host, i.e. loopback here). */
export function hostUrl(container: StartedTestContainer, port: number, path: string): string {
  return `http://${container.getHost()}:${container.getMappedPort(port)}${path}`;
}

export type SeenRequest = {
  method: string;
  path: string;
  authorization: string | null;
  model: string | null;
};

export async function upstreamSeen(upstream: StartedTestContainer): Promise<SeenRequest[]> {
  const res = await fetch(hostUrl(upstream, 8000, "/_seen"));
  const body: unknown = await res.json();
  expect(Array.isArray(body)).toBe(true);
  return Array.isArray(body) ? body : [];
}

/** A folder of secret files, readable by the containers' uid 65532, to bind-mount read-only. */
export async function secretsDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "airlock-secrets-"));
  await chmod(dir, 0o755);
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name);
    await writeFile(path, content);
    await chmod(path, 0o444);
  }
  return dir;
}

export type AirlockOptions = {
  egress: StartedNetwork;
  secrets: string;
  env?: Record<string, string>;
};

/** airlock as users run it: read-only root, no capabilities, secrets as read-only files. */
export function airlockContainer(options: AirlockOptions): SandboxContainer {
  return new SandboxContainer(airlockImage())
    .withNetworkAlias(options.egress, "airlock")
    .withReadOnlyRootFilesystem()
    .withDroppedCapabilities("ALL")
    .withSecurityOpt("no-new-privileges")
    .withBindMounts([{ source: options.secrets, target: "/run/secrets", mode: "ro" }])
    .withEnvironment({
      AIRLOCK_BACKEND: "openai-compatible",
      AIRLOCK_BACKEND_URL: "http://upstream:8000/v1",
      AIRLOCK_BACKEND_API_KEY_FILE: "/run/secrets/backend-api-key",
      AIRLOCK_API_KEY_FILE: "/run/secrets/client-token",
      ...options.env,
    })
    .withExposedPorts(8080)
    .withWaitStrategy(Wait.forHttp("/readyz", 8080).forStatusCode(200))
    .withStartupTimeout(30_000);
}

export function agentContainer(sandbox: StartedNetwork, env: Record<string, string>): SandboxContainer {
  return new SandboxContainer(baseImage())
    .withNetwork(sandbox)
    .withBindMounts([{ source: FIXTURES, target: "/fixtures", mode: "ro" }])
    .withEnvironment(env)
    .withCommand(["/fixtures/agent.ts", "idle"])
    .withWaitStrategy(Wait.forLogMessage("agent ready"));
}

/** Runs a fixture command in the agent and returns the JSON object it printed. */
export async function agentRun(
  agent: StartedTestContainer,
  args: string[],
): Promise<Record<string, unknown>> {
  const result = await agent.exec([NODE, "/fixtures/agent.ts", ...args]);
  const last = result.stdout.trim().split("\n").at(-1) ?? "";
  let parsed: unknown;
  try {
    parsed = JSON.parse(last);
  } catch {
    throw new Error(`agent ${args.join(" ")} printed no JSON: ${result.output}`);
  }
  if (typeof parsed !== "object" || parsed === null) throw new Error(`agent printed ${last}`);
  return { ...parsed };
}

/** Runs a Node one-liner inside a container (distroless: there is no shell to run anything else). */
export async function nodeEval(container: StartedTestContainer, code: string): Promise<string> {
  const result = await container.exec([NODE, "-e", code]);
  return result.output.trim();
}

export async function inspect(id: string) {
  const client = await getContainerRuntimeClient();
  return client.container.inspect(client.container.getById(id));
}

/** Polls until `check` returns a value, or fails the test with the last state seen. */
export async function waitFor<T>(
  what: string,
  timeoutMs: number,
  check: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

/** All of a container's output so far, stdout and stderr interleaved (the container must have exited). */
export async function exitedLogs(id: string): Promise<string> {
  const client = await getContainerRuntimeClient();
  const stream = await client.container.logs(client.container.getById(id));
  let text = "";
  for await (const chunk of stream) text += String(chunk);
  return text;
}
