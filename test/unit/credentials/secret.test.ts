import { mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AirlockError } from "../../../src/canonical/error.ts";
import { openSecret, type Secret, secretProblem } from "../../../src/credentials/secret.ts";

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "airlock-secret-"));
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2030-01-01T00:00:00Z"));
});

afterEach(() => {
  vi.useRealTimers();
  rmSync(dir, { recursive: true, force: true });
});

/** Moves the clock past the once-a-second recheck. */
function later(ms = 1_001): void {
  vi.setSystemTime(Date.now() + ms);
}

function fileSecret(path: string): Secret {
  return openSecret({ from: "file", path, origin: "backends[0].api_key_file" });
}

function readError(secret: Secret): AirlockError {
  try {
    secret.read();
  } catch (error) {
    if (error instanceof AirlockError) return error;
    throw error;
  }
  throw new Error("the secret was readable");
}

describe("openSecret from a value", () => {
  it("openSecret returns an inline value without surrounding whitespace", () => {
    const secret = openSecret({ from: "value", value: "  sk-test-inline\n", origin: "OPENAI_API_KEY" });
    expect(secret.read()).toBe("sk-test-inline");
    expect(secret.origin).toBe("OPENAI_API_KEY");
  });
});

describe("openSecret from a file", () => {
  it("openSecret trims the trailing newline a mounted secret usually has", () => {
    const path = join(dir, "key");
    writeFileSync(path, "sk-test-from-file\n");
    expect(fileSecret(path).read()).toBe("sk-test-from-file");
  });

  it("openSecret names the file in origin, never the value", () => {
    const path = join(dir, "key");
    writeFileSync(path, "sk-test-canary-origin\n");
    const secret = fileSecret(path);
    expect(secret.origin).toContain(path);
    expect(secret.origin).not.toContain("sk-test-canary-origin");
  });

  it("openSecret re-reads a file that was rewritten, once a second has passed", () => {
    const path = join(dir, "key");
    writeFileSync(path, "sk-test-first\n");
    const secret = fileSecret(path);
    expect(secret.read()).toBe("sk-test-first");
    writeFileSync(path, "sk-test-second-rotated\n");
    later();
    expect(secret.read()).toBe("sk-test-second-rotated");
  });

  it("openSecret checks the file at most once a second", () => {
    const path = join(dir, "key");
    writeFileSync(path, "sk-test-first\n");
    const secret = fileSecret(path);
    expect(secret.read()).toBe("sk-test-first");
    writeFileSync(path, "sk-test-second-rotated\n");
    later(500);
    expect(secret.read()).toBe("sk-test-first");
    later(501);
    expect(secret.read()).toBe("sk-test-second-rotated");
  });

  it("openSecret follows a symlink swapped to a new file, as Kubernetes rotates secrets", () => {
    const link = join(dir, "key");
    writeFileSync(join(dir, "v1"), "sk-test-version-one");
    writeFileSync(join(dir, "v2"), "sk-test-version-two");
    symlinkSync(join(dir, "v1"), link);
    const secret = fileSecret(link);
    expect(secret.read()).toBe("sk-test-version-one");
    unlinkSync(link);
    symlinkSync(join(dir, "v2"), link);
    later();
    expect(secret.read()).toBe("sk-test-version-two");
  });

  it("openSecret fails as unavailable (503) when the file is missing, naming the file in detail only", () => {
    const path = join(dir, "missing");
    const error = readError(fileSecret(path));
    expect(error.kind).toBe("unavailable");
    expect(error.status).toBe(503);
    expect(error.message).not.toContain(path);
    expect(error.detail).toContain(path);
    expect(error.detail).toContain("ENOENT");
  });

  it("openSecret stops serving the old value once the file is deleted, and never shows it", () => {
    const path = join(dir, "key");
    const canary = "sk-test-canary-deleted-0123";
    writeFileSync(path, `${canary}\n`);
    const secret = fileSecret(path);
    expect(secret.read()).toBe(canary);
    unlinkSync(path);
    later();
    const error = readError(secret);
    expect(error.kind).toBe("unavailable");
    expect(`${error.message} ${error.detail ?? ""}`).not.toContain(canary);
  });

  it("openSecret refuses a file emptied in place, without showing the old value", () => {
    const path = join(dir, "key");
    const canary = "sk-test-canary-emptied-4567";
    writeFileSync(path, canary);
    const secret = fileSecret(path);
    expect(secret.read()).toBe(canary);
    writeFileSync(path, "\n");
    later();
    const error = readError(secret);
    expect(error.kind).toBe("unavailable");
    expect(error.detail).toContain("empty");
    expect(`${error.message} ${error.detail ?? ""}`).not.toContain(canary);
  });

  it("openSecret recovers when the file comes back", () => {
    const path = join(dir, "key");
    const secret = fileSecret(path);
    readError(secret);
    writeFileSync(path, "sk-test-restored\n");
    later();
    expect(secret.read()).toBe("sk-test-restored");
  });
});

describe("secretProblem", () => {
  it("secretProblem is undefined for a readable secret", () => {
    const path = join(dir, "key");
    writeFileSync(path, "sk-test-ok\n");
    expect(secretProblem(fileSecret(path))).toBeUndefined();
    expect(secretProblem(openSecret({ from: "value", value: "v", origin: "X" }))).toBeUndefined();
  });

  it("secretProblem describes an unreadable file by path and reason", () => {
    const path = join(dir, "missing");
    const problem = secretProblem(fileSecret(path));
    expect(problem).toContain(path);
    expect(problem).toContain("ENOENT");
  });

  it("secretProblem never contains the value it lost", () => {
    const path = join(dir, "key");
    const canary = "sk-test-canary-problem-8910";
    writeFileSync(path, canary);
    const secret = fileSecret(path);
    secret.read();
    writeFileSync(path, "");
    later();
    const problem = secretProblem(secret);
    expect(problem).toBeDefined();
    expect(problem).not.toContain(canary);
  });
});
