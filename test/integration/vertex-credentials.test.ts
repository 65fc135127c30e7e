/**
 * Where a `vertex` backend's token comes from, with airlock run as its own process (the metadata
 * server is found through GCE_METADATA_HOST, which google-auth-library reads from the process's
 * environment): a metadata server on loopback serves an agent's whole conversation; and readiness
 * fails, naming the source it tried, when the metadata server is unreachable, the key file is not
 * usable, or an external_account credential would run a program nobody allowed.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gooseConversation } from "./support/agents.ts";
import { type Child, listeningPort, spawnAirlock } from "./support/child.ts";
import { makeServiceAccountKey, startMetadataServer, startTokenServer } from "./support/gcp.ts";
import { startVertexUpstream, type VertexUpstream } from "./support/vertex-upstream.ts";

let dir: string;
let upstream: VertexUpstream;
const children: Child[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "airlock-adc-"));
  upstream = await startVertexUpstream();
});

afterAll(async () => {
  for (const child of children) child.process.kill("SIGTERM");
  await Promise.all(children.map((child) => child.exited));
  await upstream?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function start(env: Record<string, string>): Promise<{ url: string; child: Child }> {
  const child = spawnAirlock(["serve", "--listen", "127.0.0.1:0"], {
    AIRLOCK_BACKEND: "vertex",
    AIRLOCK_BACKEND_URL: upstream.url,
    GOOGLE_CLOUD_PROJECT: "adc-test-project",
    ...env,
  });
  children.push(child);
  return { url: `http://127.0.0.1:${await listeningPort(child)}`, child };
}

type Readiness = { status: string; problems?: string[] };

/**
 * Polls /readyz until its status is `status` and the answer is settled (not the wait for the first
 * token, which is a 503 too); returns that body.
 */
async function readiness(url: string, status: number): Promise<Readiness> {
  let body: Readiness = { status: "" };
  for (let i = 0; i < 200; i++) {
    const response = await fetch(`${url}/readyz`);
    body = (await response.json()) as Readiness;
    const waiting = body.problems?.some((problem) => problem.includes("waiting for its first")) ?? false;
    if (response.status === status && !waiting) return body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`readyz never answered ${status}: ${JSON.stringify(body)}`);
}

function unusedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe("vertex credentials from the metadata server", () => {
  it("serves an agent's tool-using conversation with the metadata server's token, never showing it", async () => {
    const metadata = await startMetadataServer();
    try {
      const { url, child } = await start({ GCE_METADATA_HOST: metadata.host });
      await readiness(url, 200);
      const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: "unused-on-loopback", maxRetries: 0 });
      const transcript = await gooseConversation(client, "gemini-2.5-flash");
      expect(transcript.calls).toEqual(['developer__shell({"command":"ls"})']);
      const request = upstream.requests.at(-1);
      expect(request?.url).toBe(
        "/v1/projects/adc-test-project/locations/global/publishers/google/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
      );
      expect(metadata.issued.length).toBeGreaterThan(0);
      expect(request?.headers.authorization).toBe(`Bearer ${metadata.issued.at(-1)}`);
      expect(metadata.refused).toEqual([]);
      for (const token of metadata.issued) expect(child.output()).not.toContain(token);
    } finally {
      await metadata.close();
    }
  });
});

describe("airlock check on a vertex backend", () => {
  const check = async (env: Record<string, string>) => {
    const child = spawnAirlock(["check"], { AIRLOCK_BACKEND: "vertex", GOOGLE_CLOUD_PROJECT: "p", ...env });
    return { code: await child.exited, output: child.output() };
  };

  it("fetches a token and says the configuration is OK, without printing the token", async () => {
    const metadata = await startMetadataServer();
    try {
      const { code, output } = await check({ GCE_METADATA_HOST: metadata.host });
      expect(code).toBe(0);
      expect(output).toContain("configuration OK");
      expect(metadata.issued.length).toBe(1);
      expect(output).not.toContain(metadata.issued[0]);
    } finally {
      await metadata.close();
    }
  });

  it("fails naming the metadata server when it is unreachable", async () => {
    const { code, output } = await check({ GCE_METADATA_HOST: `127.0.0.1:${await unusedPort()}` });
    expect(code).toBe(1);
    expect(output).toMatch(/airlock: backend "vertex": the metadata server at 127\.0\.0\.1:\d+: /);
  });
});

describe("vertex readiness names the credential source that failed", () => {
  it("an unreachable metadata server", async () => {
    const { url, child } = await start({ GCE_METADATA_HOST: `127.0.0.1:${await unusedPort()}` });
    const body = await readiness(url, 503);
    expect(body.problems).toEqual([
      `backend "vertex": cannot get a Google Cloud token from the metadata server`,
    ]);
    const answer = await fetch(`${url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "gemini-2.5-flash", messages: [{ role: "user", content: "hi" }] }),
    });
    expect(answer.status).toBe(503);
    // Where it looked goes to the log only.
    expect(child.output()).toContain("the metadata server at 127.0.0.1:");
  });

  it("a key file that is not JSON", async () => {
    const file = join(dir, "broken.json");
    writeFileSync(file, "-----BEGIN PRIVATE KEY----- not json");
    const { url, child } = await start({ GOOGLE_APPLICATION_CREDENTIALS: file });
    const body = await readiness(url, 503);
    expect(body.problems).toEqual([
      `backend "vertex": GOOGLE_APPLICATION_CREDENTIALS: credential file is not JSON`,
    ]);
    expect(child.output()).not.toContain("BEGIN PRIVATE KEY");
  });

  it("a service-account key the token server does not accept", async () => {
    const tokens = await startTokenServer(() => makeServiceAccountKey("unused"));
    try {
      const file = join(dir, "stranger.json");
      writeFileSync(file, JSON.stringify(makeServiceAccountKey(tokens.url).json));
      const { url } = await start({ GOOGLE_APPLICATION_CREDENTIALS: file });
      const body = await readiness(url, 503);
      expect(body.problems).toEqual([
        `backend "vertex": cannot get a Google Cloud token from GOOGLE_APPLICATION_CREDENTIALS`,
      ]);
      expect(tokens.refused).toContain("Invalid JWT Signature.");
    } finally {
      await tokens.close();
    }
  });

  it("an external_account credential that runs a program, not allowed", async () => {
    const file = join(dir, "executable.json");
    const marker = join(dir, "ran");
    writeFileSync(
      file,
      JSON.stringify({
        type: "external_account",
        audience: "//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/q",
        subject_token_type: "urn:ietf:params:oauth:token-type:jwt",
        token_url: "https://sts.googleapis.com/v1/token",
        credential_source: { executable: { command: `/usr/bin/touch ${marker}`, timeout_millis: 5000 } },
      }),
    );
    const { url } = await start({ GOOGLE_APPLICATION_CREDENTIALS: file });
    const body = await readiness(url, 503);
    expect(body.problems).toEqual([
      `backend "vertex": GOOGLE_APPLICATION_CREDENTIALS: external_account credential runs a program; set allow_executable_credentials = true to allow it`,
    ]);
    const { existsSync } = await import("node:fs");
    expect(existsSync(marker)).toBe(false);
  });
});
