// The point of the project, in real containers: an agent on an internal network reaches the model
// through airlock, and nothing in the agent's container reaches the provider or its credential.
//
//   egress network (bridge):     upstream (mock provider) ── airlock
//   sandbox network (internal):                              airlock ── agent
import { rm } from "node:fs/promises";
import type { StartedNetwork, StartedTestContainer } from "testcontainers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  agentContainer,
  agentRun,
  airlockContainer,
  connect,
  fixtureBackendKey,
  fixtureClientToken,
  inspect,
  nodeEval,
  secretsDir,
  startNetwork,
  startUpstream,
  upstreamSeen,
  waitFor,
} from "./harness.ts";

const backendKey = fixtureBackendKey();
const clientToken = fixtureClientToken();
const canary = `canary-${"0123456789abcdef".repeat(2)}`;

let egress: StartedNetwork;
let sandbox: StartedNetwork;
let upstream: StartedTestContainer;
let airlock: StartedTestContainer;
let agent: StartedTestContainer;
let secrets: string;

beforeAll(async () => {
  [egress, sandbox] = await Promise.all([
    startNetwork({ internal: false }),
    startNetwork({ internal: true }),
  ]);
  secrets = await secretsDir({ "backend-api-key": backendKey, "client-token": clientToken });
  upstream = await startUpstream(egress);
  airlock = await airlockContainer({ egress, secrets }).withHealthCheckInterval(1000).start();
  await connect(airlock, sandbox, "airlock");
  agent = await agentContainer(sandbox, {
    OPENAI_BASE_URL: "http://airlock:8080/v1",
    OPENAI_API_KEY: clientToken,
    ANTHROPIC_BASE_URL: "http://airlock:8080",
    ANTHROPIC_API_KEY: clientToken,
    // Positive control for the credential scan: proves it reads the environment.
    PLANTED_CANARY: canary,
  })
    .withCopyContentToContainer([{ content: `notes ${canary}\n`, target: "/home/nonroot/notes.txt" }])
    .start();
}, 180_000);

afterAll(async () => {
  // Each in its own catch: one failed start must not leave the others running.
  for (const container of [agent, airlock, upstream]) await container?.stop().catch(() => {});
  for (const network of [sandbox, egress]) await network?.stop().catch(() => {});
  if (secrets) await rm(secrets, { recursive: true, force: true });
});

describe("agent in the sandbox", () => {
  it("streams a chat completion through airlock", async () => {
    const result = await agentRun(agent, ["chat", "mock"]);
    expect(result).toMatchObject({ status: 200, done: true, text: "Hello from the mock upstream." });
    expect(String(result.contentType)).toMatch(/^text\/event-stream/);
    expect(JSON.stringify(result)).not.toContain(backendKey);
  });

  it("upstream saw the backend key and never the client token", async () => {
    const chats = (await upstreamSeen(upstream)).filter((seen) => seen.path === "/v1/chat/completions");
    expect(chats.length).toBeGreaterThan(0);
    for (const seen of chats) expect(seen.authorization).toBe(`Bearer ${backendKey}`);
    expect(JSON.stringify(await upstreamSeen(upstream))).not.toContain(clientToken);
  });

  it("gets 401 with a wrong token, and the answer holds no credential", async () => {
    const result = await agentRun(agent, ["chat", "mock", "wrong-token-0000000000000000"]);
    expect(result.status).toBe(401);
    expect(JSON.stringify(result)).not.toContain(backendKey);
  });

  it("cannot reach the upstream directly, by name or by address", async () => {
    const byName = await agentRun(agent, ["get", "http://upstream:8000/v1/models"]);
    expect(byName.error).toBeDefined();
    const address = upstream.getIpAddress(egress.getName());
    const byAddress = await agentRun(agent, ["get", `http://${address}:8000/v1/models`]);
    expect(byAddress.error).toBeDefined();
  });

  it("holds no backend credential in its environment or filesystem", async () => {
    const control = await agentRun(agent, ["scan", "canary-"]);
    const places = Array.isArray(control.found) ? control.found.map((found) => JSON.stringify(found)) : [];
    // The scan would have found the key: it finds the planted canary in env, /proc/1 and a file.
    expect(places.join()).toContain("env:PLANTED_CANARY");
    expect(places.join()).toContain("/home/nonroot/notes.txt");
    expect(places.join()).toContain("/proc/1/environ");

    const scan = await agentRun(agent, ["scan", "sk-test-"]);
    expect(scan.found).toEqual([]);
    expect(Number(scan.files)).toBeGreaterThan(10);
  }, 60_000);
});

describe("airlock container", () => {
  it("runs as uid 65532 on a read-only root filesystem", async () => {
    const status = await nodeEval(
      airlock,
      "process.stdout.write(require('fs').readFileSync('/proc/1/status','utf8'))",
    );
    expect(status).toMatch(/^Uid:\s+65532\s+65532\s+65532\s+65532$/m);
    expect(status).toMatch(/^Gid:\s+65532\s/m);
    expect(status).toMatch(/^CapEff:\s+0+$/m);
    const write = await nodeEval(
      airlock,
      "for (const p of ['/app/x', '/tmp/x', '/home/nonroot/x']) { try { require('fs').writeFileSync(p, 'x'); console.log(p, 'written') } catch (e) { console.log(p, e.code) } }",
    );
    expect(write).toBe("/app/x EROFS\n/tmp/x EROFS\n/home/nonroot/x EROFS");
    const info = await inspect(airlock.getId());
    expect(info.HostConfig.ReadonlyRootfs).toBe(true);
    expect(info.Config.User).toBe("65532:65532");
  });

  it("reports healthy through the image's HEALTHCHECK", async () => {
    const info = await inspect(airlock.getId());
    expect(info.Config.Healthcheck?.Test).toEqual([
      "CMD",
      "/nodejs/bin/node",
      "/app/dist/main.js",
      "healthcheck",
    ]);
    const status = await waitFor("a healthy status", 30_000, async () => {
      const health = (await inspect(airlock.getId())).State.Health;
      return health?.Status === "healthy" ? health.Status : undefined;
    });
    expect(status).toBe("healthy");
  }, 40_000);
});
