// The image's life outside a request: its size, how fast it is ready, how it stops, and how it
// fails on a bad configuration.
import { rm } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import {
  getContainerRuntimeClient,
  ImageName,
  type StartedNetwork,
  type StartedTestContainer,
} from "testcontainers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  agentContainer,
  agentRun,
  airlockContainer,
  airlockImage,
  baseImage,
  connect,
  exitedLogs,
  fixtureBackendKey,
  fixtureClientToken,
  inspect,
  secretsDir,
  startNetwork,
  startUpstream,
  upstreamSeen,
  waitFor,
} from "./harness.ts";

const MB = 1_000_000;
const clientToken = fixtureClientToken();

let egress: StartedNetwork;
let sandbox: StartedNetwork;
let secrets: string;

beforeAll(async () => {
  [egress, sandbox] = await Promise.all([
    startNetwork({ internal: false }),
    startNetwork({ internal: true }),
  ]);
  secrets = await secretsDir({ "backend-api-key": fixtureBackendKey(), "client-token": clientToken });
});

afterAll(async () => {
  for (const network of [sandbox, egress]) await network?.stop().catch(() => {});
  if (secrets) await rm(secrets, { recursive: true, force: true });
});

/** Creates (does not start) a container straight through the engine API, for exact timing. */
async function createRaw(options: { env: string[]; binds?: string[]; publish?: boolean }) {
  const client = await getContainerRuntimeClient();
  return client.container.create({
    Image: airlockImage(),
    Env: options.env,
    ExposedPorts: options.publish ? { "8080/tcp": {} } : {},
    Labels: { "org.airlock.test": "true" },
    HostConfig: {
      NetworkMode: egress.getName(),
      ReadonlyRootfs: true,
      CapDrop: ["ALL"],
      Binds: options.binds ?? [],
      PortBindings: options.publish ? { "8080/tcp": [{ HostIp: "127.0.0.1", HostPort: "" }] } : {},
    },
  });
}

async function removeRaw(id: string): Promise<void> {
  const client = await getContainerRuntimeClient();
  const container = client.container.getById(id);
  await client.container.stop(container, { timeout: 0 }).catch(() => {});
  await client.container.remove(container, { removeVolumes: true }).catch(() => {});
}

describe("airlock image", () => {
  it("adds at most 15 MB to its runtime base image", async () => {
    const client = await getContainerRuntimeClient();
    const image = await client.image.inspect(ImageName.fromString(airlockImage()));
    const base = await client.image.inspect(ImageName.fromString(baseImage()));
    const added = image.Size - base.Size;
    console.log(
      `image ${(image.Size / MB).toFixed(1)} MB = base ${(base.Size / MB).toFixed(1)} MB + ${(added / MB).toFixed(2)} MB`,
    );
    expect(added).toBeLessThanOrEqual(15 * MB);
    // The runtime image holds the app and nothing of the build: no sources, tests or dev tools.
    expect(image.Config.Entrypoint).toEqual([
      "/nodejs/bin/node",
      "--max-semi-space-size=4",
      "--no-minor-gc-task",
      "/app/dist/main.js",
    ]);
    expect(image.Config.Env).toContain("AIRLOCK_LISTEN=0.0.0.0:8080");
    expect(Object.keys(image.Config.ExposedPorts ?? {})).toEqual(["8080/tcp"]);
  });

  it("answers /readyz soon after start, and reports how soon", async () => {
    const rounds: { total: number; own: number }[] = [];
    for (let round = 0; round < 3; round += 1) {
      const container = await createRaw({
        env: ["AIRLOCK_BACKEND=mock", `AIRLOCK_API_KEY=${clientToken}`],
        publish: true,
      });
      try {
        const client = await getContainerRuntimeClient();
        const started = performance.now();
        await client.container.start(container);
        const info = await client.container.inspect(container);
        const port = info.NetworkSettings.Ports["8080/tcp"]?.[0]?.HostPort;
        // A tight loop, not waitFor's 100 ms steps: the number measured is the point here.
        for (;;) {
          const res = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
          if (res?.status === 200) break;
          if (performance.now() - started > 10_000) throw new Error("no /readyz within 10 s");
          await sleep(5);
        }
        const total = performance.now() - started;
        await client.container.stop(container, { timeout: 5_000 });
        // airlock's own share: process start to listening, as it logs it.
        const own = Number(/"startupMs":(\d+)/.exec(await exitedLogs(container.id))?.[1] ?? Number.NaN);
        rounds.push({ total, own });
      } finally {
        await removeRaw(container.id);
      }
    }
    console.log(
      `/readyz after the engine's start call: ${rounds.map((r) => `${r.total.toFixed(0)} ms (airlock's own startup ${r.own} ms)`).join(", ")}`,
    );
    // A time is measured and reported, not asserted: on a shared two-core CI machine a wall-clock
    // bound is a coin toss (the README states the figure measured on a quiet machine). What is
    // asserted is that every start became ready, and logged its own start-up time.
    expect(rounds).toHaveLength(3);
    for (const round of rounds) expect(Number.isFinite(round.own)).toBe(true);
  });
});

describe("SIGTERM", () => {
  let upstream: StartedTestContainer;
  let airlock: StartedTestContainer;
  let agent: StartedTestContainer;

  beforeAll(async () => {
    upstream = await startUpstream(egress);
    airlock = await airlockContainer({
      egress,
      secrets,
      env: { AIRLOCK_SHUTDOWN_GRACE_SECONDS: "20" },
    }).start();
    await connect(airlock, sandbox, "airlock");
    agent = await agentContainer(sandbox, {
      OPENAI_BASE_URL: "http://airlock:8080/v1",
      OPENAI_API_KEY: clientToken,
    }).start();
  }, 120_000);

  afterAll(async () => {
    for (const container of [agent, airlock, upstream]) await container?.stop().catch(() => {});
  });

  it("lets a stream in flight finish, then exits 0 within the grace period", async () => {
    const stream = agentRun(agent, ["chat", "mock-slow"]);
    // The stream is in flight once the upstream has received it (it then answers over ~3 s).
    await waitFor("the slow stream to reach the upstream", 10_000, async () => {
      const seen = await upstreamSeen(upstream);
      return seen.some((request) => request.model === "mock-slow") ? true : undefined;
    });
    const client = await getContainerRuntimeClient();
    const stopping = performance.now();
    // `docker stop -t 25`: SIGTERM, then SIGKILL only if still running after 25 s.
    await client.container.stop(client.container.getById(airlock.getId()), { timeout: 25_000 });
    const stoppedAfter = performance.now() - stopping;

    const result = await stream;
    expect(result).toMatchObject({ status: 200, done: true, text: "Hello from the mock upstream." });
    const state = (await inspect(airlock.getId())).State;
    expect(state.Running).toBe(false);
    expect(state.ExitCode).toBe(0);
    expect(stoppedAfter).toBeLessThan(20_000);
    console.log(`stopped ${stoppedAfter.toFixed(0)} ms after SIGTERM, stream complete`);
  }, 60_000);
});

describe("bad configuration", () => {
  it("exits non-zero with a one-line message naming the file and key", async () => {
    const dir = await secretsDir({
      "config.toml": [
        "[server]",
        `api_key = "${clientToken}"`,
        "",
        "[[backends]]",
        'name = "broken"',
        'kind = "not-a-provider"',
        'models = ["*"]',
        "",
      ].join("\n"),
    });
    const container = await createRaw({
      env: ["AIRLOCK_CONFIG=/etc/airlock/config.toml"],
      binds: [`${dir}:/etc/airlock:ro`],
    });
    try {
      const client = await getContainerRuntimeClient();
      await client.container.start(container);
      const state = await waitFor("the container to exit", 15_000, async () => {
        const current = (await client.container.inspect(container)).State;
        return current.Running ? undefined : current;
      });
      const logs = await exitedLogs(container.id);
      console.log(`bad config → exit ${state.ExitCode}: ${logs.trim()}`);
      expect(state.ExitCode).not.toBe(0);
      expect(logs).toContain("/etc/airlock/config.toml");
      expect(logs).toMatch(/kind/);
      expect(logs).not.toMatch(/^\s+at /m);
      expect(logs.trim().split("\n").length).toBeLessThanOrEqual(3);
    } finally {
      await removeRaw(container.id);
      await rm(dir, { recursive: true, force: true });
    }
  });
});
