// compose.yaml run for real, the way the README says (`compose up`), with what an offline machine
// needs: the locally built images, and an OpenAI-compatible mock (AIRLOCK_BACKEND=openai-compatible)
// standing in for the provider on the egress network. The agent is the test fixture.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  airlockImage,
  baseImage,
  FIXTURES,
  fixtureBackendKey,
  fixtureClientToken,
  secretsDir,
} from "./harness.ts";

const ROOT = join(import.meta.dirname, "..", "..");

function available(command: string, args: string[]): boolean {
  return spawnSync(command, args, { stdio: "ignore" }).status === 0;
}

const compose: string[] | undefined = available("docker", ["compose", "version"])
  ? ["docker", "compose"]
  : available("docker-compose", ["version"])
    ? ["docker-compose"]
    : undefined;

const project = `airlock-compose-${randomBytes(4).toString("hex")}`;
const backendKey = fixtureBackendKey();
const clientToken = fixtureClientToken();
let work: string;
let secrets: string;

function overrideFile(): string {
  // JSON is YAML: no YAML writer needed.
  const fixtures = [`${FIXTURES}:/fixtures:ro`];
  return JSON.stringify({
    services: {
      upstream: {
        image: baseImage(),
        command: ["/fixtures/mock-upstream.ts"],
        volumes: fixtures,
        networks: ["egress"],
      },
      agent: { image: baseImage(), command: ["/fixtures/agent.ts", "idle"], volumes: fixtures },
    },
  });
}

function run(args: string[], timeout = 120_000) {
  const [command = "", ...prefix] = compose ?? [];
  const result = spawnSync(
    command,
    [
      ...prefix,
      "-p",
      project,
      "--project-directory",
      ROOT,
      "-f",
      join(ROOT, "compose.yaml"),
      "-f",
      join(work, "override.yaml"),
      ...args,
    ],
    {
      encoding: "utf8",
      timeout,
      env: {
        ...process.env,
        AIRLOCK_IMAGE: airlockImage(),
        AIRLOCK_BACKEND: "openai-compatible",
        AIRLOCK_BACKEND_URL: "http://upstream:8000/v1",
        AIRLOCK_CLIENT_TOKEN: clientToken,
        AIRLOCK_PROVIDER_KEY_FILE: join(secrets, "provider-api-key"),
      },
    },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function agentRun(args: string[]): Record<string, unknown> {
  const result = run(["exec", "-T", "agent", "/nodejs/bin/node", "/fixtures/agent.ts", ...args], 60_000);
  const last = result.stdout.trim().split("\n").at(-1) ?? "";
  const parsed: unknown = JSON.parse(last || "null");
  if (typeof parsed !== "object" || parsed === null)
    throw new Error(`agent: ${result.stdout}${result.stderr}`);
  return { ...parsed };
}

describe.skipIf(compose === undefined)("compose sandbox (compose.yaml)", () => {
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "airlock-compose-"));
    secrets = await secretsDir({ "provider-api-key": backendKey });
    await writeFile(join(work, "override.yaml"), overrideFile());
    // --no-build: the image was built from the Containerfile by the global setup.
    const up = run(["up", "-d", "--no-build"]);
    if (up.status !== 0) throw new Error(`compose up failed:\n${up.stderr}`);
  }, 180_000);

  afterAll(async () => {
    if (work === undefined) return;
    const down = run(["down", "--volumes", "--timeout", "5"]);
    if (down.status !== 0) console.error(down.stderr);
    await rm(work, { recursive: true, force: true });
    await rm(secrets, { recursive: true, force: true });
  }, 120_000);

  it("started airlock healthy before the agent", () => {
    const ps = run(["ps"]);
    expect(ps.stdout).toMatch(/airlock.*\(healthy\)/);
    expect(ps.stdout).toMatch(/agent.*Up/);
  });

  it("lets the agent stream a chat completion through airlock", () => {
    expect(agentRun(["chat", "mock"])).toMatchObject({
      status: 200,
      done: true,
      text: "Hello from the mock upstream.",
    });
  });

  it("keeps the upstream out of the agent's reach, and the key out of its files and environment", () => {
    expect(agentRun(["get", "http://upstream:8000/v1/models"]).error).toBeDefined();
    expect(agentRun(["scan", "sk-test-"]).found).toEqual([]);
  }, 60_000);
});
