import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAdc } from "../../../src/credentials/gcp-adc.ts";
import {
  makeServiceAccountKey,
  type ServiceAccountKey,
  startTokenServer,
  type TokenSource,
} from "../../integration/support/gcp.ts";

let dir: string;
let tokens: TokenSource;
let trusted: ServiceAccountKey;
let keyFile: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "airlock-gcp-adc-"));
  tokens = await startTokenServer(() => trusted);
  trusted = makeServiceAccountKey(tokens.url);
  keyFile = join(dir, "sa.json");
  writeFileSync(keyFile, JSON.stringify(trusted.json));
});

afterAll(async () => {
  await tokens?.close();
  rmSync(dir, { recursive: true, force: true });
});

const open = () =>
  createAdc({ name: "v", credentialsFile: keyFile, allowExecutableCredentials: false, env: {} });

describe("createAdc", () => {
  it("shares one fetch among concurrent requests, then serves the cached token", async () => {
    const before = tokens.issued.length;
    const adc = open();
    try {
      const all = await Promise.all(Array.from({ length: 20 }, () => adc.token()));
      expect(new Set(all.map((token) => token.value)).size).toBe(1);
      expect(tokens.issued.length - before).toBe(1);
      await adc.token();
      expect(tokens.issued.length - before).toBe(1);
      expect(adc.problem()).toBeUndefined();
    } finally {
      adc.close();
    }
  });

  it("scrubs every token it handed out", async () => {
    const adc = open();
    try {
      const { value } = await adc.token();
      expect(adc.scrub(`Bearer ${value} was refused`)).toBe("Bearer [redacted] was refused");
    } finally {
      adc.close();
    }
  });

  it("reports a failed fetch for readiness, retries, and is ready once the source works", async () => {
    const right = trusted;
    trusted = makeServiceAccountKey(tokens.url);
    const adc = open();
    try {
      await expect(adc.token()).rejects.toMatchObject({ kind: "unavailable", status: 503 });
      expect(adc.problem()).toEqual({
        message: 'backend "v": cannot get a Google Cloud token from credentials_file',
        detail: expect.stringContaining(`credentials_file ${keyFile}: invalid_grant: Invalid JWT Signature.`),
      });
      trusted = right;
      for (let i = 0; i < 60 && adc.problem() !== undefined; i++) await new Promise((r) => setTimeout(r, 50));
      expect(adc.problem()).toBeUndefined();
    } finally {
      trusted = right;
      adc.close();
    }
  });
});
