/**
 * The process as operators see it: disconnects, SIGTERM during a stream, rotating secrets, readiness,
 * and the command line.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureSecret, startAirlock } from "./support/airlock.ts";
import { listeningPort, runAirlock, spawnAirlock } from "./support/child.ts";
import { startUpstream, type Upstream } from "./support/upstream.ts";

let upstream: Upstream;
const dir = mkdtempSync(join(tmpdir(), "airlock-lifecycle-"));

beforeAll(async () => {
  upstream = await startUpstream();
});

afterAll(async () => {
  await upstream.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("client disconnect", () => {
  it("aborts the upstream request at once", async () => {
    const airlock = await startAirlock({
      AIRLOCK_BACKEND: "openai-compatible",
      AIRLOCK_BACKEND_URL: upstream.url,
    });
    const controller = new AbortController();
    const response = await fetch(`${airlock.baseURL}/chat/completions`, {
      method: "POST",
      body: JSON.stringify({
        model: "slow-stream",
        stream: true,
        messages: [{ role: "user", content: "x" }],
      }),
      signal: controller.signal,
    });
    const reader = response.body?.getReader();
    await reader?.read();
    const started = Date.now();
    controller.abort();
    const seen = upstream.requests.at(-1);
    expect(await seen?.closed).toBe("aborted");
    // The upstream would have streamed for another ~1.2 s: "aborted" and well before that.
    expect(Date.now() - started).toBeLessThan(1_000);
    await airlock.close();
    expect(airlock.logs.some((line) => line.includes('"aborted":true'))).toBe(true);
  });
});

describe("SIGTERM", () => {
  it("lets a stream in flight finish, refuses new connections, and exits 0", async () => {
    const child = spawnAirlock(["serve", "--listen", "127.0.0.1:0"], {
      AIRLOCK_BACKEND: "openai-compatible",
      AIRLOCK_BACKEND_URL: upstream.url,
      AIRLOCK_SHUTDOWN_GRACE_SECONDS: "10",
    });
    const port = await listeningPort(child);
    const response = await fetch(`http://127.0.0.1:${port}/v1/chat/completions`, {
      method: "POST",
      body: JSON.stringify({
        model: "slow-stream",
        stream: true,
        messages: [{ role: "user", content: "x" }],
      }),
    });
    const text = response.text();
    await new Promise((resolve) => setTimeout(resolve, 100));
    child.process.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 100));
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    const body = await text;
    expect(body.trim().endsWith("data: [DONE]")).toBe(true);
    expect(body.split("\n\n").filter((event) => event !== "")).toHaveLength(6);
    expect(await child.exited).toBe(0);
    expect(child.output()).toContain('"msg":"stopped"');
  });
});

describe("secret files", () => {
  it("picks up a rotated client token without a restart", async () => {
    const tokenFile = join(dir, "client-token");
    const first = fixtureSecret("first-token");
    const second = fixtureSecret("second-token");
    writeFileSync(tokenFile, `${first}\n`);
    const airlock = await startAirlock({ AIRLOCK_BACKEND: "mock", AIRLOCK_API_KEY_FILE: tokenFile });
    const models = (token: string) =>
      fetch(`${airlock.baseURL}/models`, { headers: { authorization: `Bearer ${token}` } }).then(
        (r) => r.status,
      );
    expect(await models(first)).toBe(200);
    writeFileSync(tokenFile, `${second}\n`);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await models(first)).toBe(401);
    expect(await models(second)).toBe(200);
    await airlock.close();
  });

  it("/readyz fails while a backend key file is unreadable, without saying where it lives", async () => {
    const keyFile = join(dir, "backend-key");
    const airlock = await startAirlock({
      AIRLOCK_BACKEND: "openai-compatible",
      AIRLOCK_BACKEND_URL: upstream.url,
      AIRLOCK_BACKEND_API_KEY_FILE: keyFile,
    });
    const notReady = await fetch(`${airlock.url}/readyz`);
    expect(notReady.status).toBe(503);
    const body = await notReady.text();
    expect(body).toContain("API key not readable");
    expect(body).not.toContain(keyFile);
    expect((await fetch(`${airlock.url}/healthz`)).status).toBe(200);
    const key = fixtureSecret("backend-key");
    writeFileSync(keyFile, key);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await fetch(`${airlock.url}/readyz`)).status).toBe(200);
    const client = new OpenAI({ baseURL: airlock.baseURL, apiKey: "unused", maxRetries: 0 });
    await client.chat.completions.create({ model: "m", messages: [{ role: "user", content: "x" }] });
    expect(upstream.requests.at(-1)?.headers.authorization).toBe(`Bearer ${key}`);
    await airlock.close();
  });
});

describe("command line", () => {
  it("--help lists every flag and variable", () => {
    const { status, stdout } = runAirlock(["--help"], {});
    expect(status).toBe(0);
    for (const word of [
      "--config",
      "--listen",
      "check",
      "AIRLOCK_LISTEN",
      "AIRLOCK_API_KEY_FILE",
      "AIRLOCK_BACKEND_URL",
      "ANTHROPIC_API_KEY",
      "GOOGLE_APPLICATION_CREDENTIALS",
      "GOOGLE_CLOUD_PROJECT",
      "/v1/messages",
    ]) {
      expect(stdout).toContain(word);
    }
  });

  it("check prints the effective configuration with every secret redacted", () => {
    const key = fixtureSecret("backend-key");
    const token = fixtureSecret("client-token");
    const { status, stdout } = runAirlock(["check"], {
      AIRLOCK_BACKEND: "openai",
      OPENAI_API_KEY: key,
      AIRLOCK_API_KEY: token,
    });
    expect(status).toBe(0);
    expect(stdout).toContain("<redacted: from OPENAI_API_KEY>");
    expect(stdout).toContain("configuration OK");
    expect(stdout).not.toContain(key);
    expect(stdout).not.toContain(token);
  });

  it("a bad config file exits non-zero with one readable line and no stack trace", () => {
    const file = join(dir, "bad.toml");
    writeFileSync(file, '[[backends]]\nname = "x"\nkind = "vertexx"\n');
    const { status, stderr } = runAirlock(["serve", "--config", file], {});
    expect(status).toBe(1);
    expect(stderr.trim()).toBe(
      `airlock: ${file}: backends[0].kind: expected one of openai, openai-compatible, responses, anthropic, vertex, mock`,
    );
  });

  it("refuses to listen beyond loopback without a client token", () => {
    const { status, stderr } = runAirlock(["serve"], {
      AIRLOCK_BACKEND: "mock",
      AIRLOCK_LISTEN: "0.0.0.0:0",
    });
    expect(status).toBe(1);
    expect(stderr).toMatch(/refusing to listen on 0.0.0.0:0 without a client token/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("starts beyond loopback without a token when explicitly allowed, with a warning", async () => {
    const child = spawnAirlock(["serve"], {
      AIRLOCK_BACKEND: "mock",
      AIRLOCK_LISTEN: "0.0.0.0:0",
      AIRLOCK_ALLOW_UNAUTHENTICATED: "1",
    });
    await listeningPort(child);
    expect(child.output()).toMatch(/"level":"warn".*no client token/);
    child.process.kill("SIGTERM");
    expect(await child.exited).toBe(0);
  });
});
