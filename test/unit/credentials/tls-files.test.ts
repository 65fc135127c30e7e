import { copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { AirlockError } from "../../../src/canonical/error.ts";
import { openTlsFiles } from "../../../src/credentials/tls-files.ts";
import { createPki, type Pair, type Pki } from "../../integration/support/pki.ts";

let pki: Pki;
let first: Pair;
let second: Pair;
let files: { certFile: string; keyFile: string; caFile: string };

beforeAll(() => {
  pki = createPki();
  first = pki.issueClient("consumer-1");
  second = pki.issueClient("consumer-2");
});

afterAll(() => pki.remove());

beforeEach(() => {
  files = { certFile: join(pki.dir, "cert.pem"), keyFile: join(pki.dir, "key.pem"), caFile: pki.ca };
  copyFileSync(first.cert, files.certFile);
  copyFileSync(first.key, files.keyFile);
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2030-01-01T00:00:00Z"));
});

afterEach(() => vi.useRealTimers());

function later(): void {
  vi.setSystemTime(Date.now() + 1_001);
}

function startError(given: typeof files): string {
  try {
    openTlsFiles(given, "ls");
  } catch (error) {
    if (error instanceof AirlockError && error.kind === "config") return error.message;
    throw error;
  }
  throw new Error("openTlsFiles accepted the files");
}

describe("openTlsFiles at start", () => {
  it("openTlsFiles reads the certificate, key and CA it was given", () => {
    const material = openTlsFiles(files, "ls").current();
    expect(material).toEqual({ cert: pki.read(first.cert), key: pki.read(first.key), ca: pki.read(pki.ca) });
  });

  it("openTlsFiles refuses a missing key file, naming the backend, the field and the path", () => {
    const message = startError({ ...files, keyFile: join(pki.dir, "nope.pem") });
    expect(message).toBe(`backend "ls": tls key_file ${join(pki.dir, "nope.pem")} is not readable (ENOENT)`);
  });

  it("openTlsFiles refuses a key file that holds no private key", () => {
    writeFileSync(files.keyFile, "not a key\n");
    expect(startError(files)).toMatch(
      /^backend "ls": tls key_file .* does not hold an unencrypted PEM private key/,
    );
  });

  it("openTlsFiles refuses a key that belongs to another certificate", () => {
    copyFileSync(second.key, files.keyFile);
    expect(startError(files)).toMatch(/key_file .* does not match cert_file .*CN=consumer-1/);
  });

  it("openTlsFiles refuses a CA file that holds no certificate", () => {
    const ca = join(pki.dir, "bad-ca.pem");
    writeFileSync(ca, "garbage");
    expect(startError({ ...files, caFile: ca })).toContain(
      `tls ca_file ${ca} does not hold a PEM certificate`,
    );
  });
});

describe("openTlsFiles rotation", () => {
  it("openTlsFiles picks up a new pair after the once-a-second recheck, as a new object", () => {
    const watch = openTlsFiles(files, "ls");
    const before = watch.current();
    copyFileSync(second.cert, files.certFile);
    copyFileSync(second.key, files.keyFile);
    expect(watch.current()).toBe(before);
    later();
    const after = watch.current();
    expect(after).not.toBe(before);
    expect(after.cert).toBe(pki.read(second.cert));
    expect(watch.problem()).toBeUndefined();
    later();
    expect(watch.current()).toBe(after);
  });

  it("openTlsFiles keeps the last good pair and reports a half-done rotation until it completes", () => {
    const watch = openTlsFiles(files, "ls");
    const before = watch.current();
    copyFileSync(second.cert, files.certFile);
    later();
    expect(watch.current()).toBe(before);
    expect(watch.problem()).toMatch(/does not match .* still using the previous pair$/);
    copyFileSync(second.key, files.keyFile);
    later();
    expect(watch.current().key).toBe(pki.read(second.key));
    expect(watch.problem()).toBeUndefined();
  });
});
