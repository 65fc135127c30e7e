import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { IncomingHttpHeaders } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AirlockError } from "../../../src/canonical/error.ts";
import { openSecret } from "../../../src/credentials/secret.ts";
import { type ClientAuth, createClientAuth } from "../../../src/server/client-auth.ts";

const token = "test-client-token-0123456789abcdef";
const auth = createClientAuth(openSecret({ from: "value", value: token, origin: "AIRLOCK_API_KEY" }));

function refusal(check: ClientAuth, headers: IncomingHttpHeaders): AirlockError {
  try {
    check(headers);
  } catch (error) {
    if (error instanceof AirlockError) return error;
    throw error;
  }
  throw new Error("the headers were accepted");
}

describe("createClientAuth", () => {
  it("createClientAuth accepts the token as Authorization: Bearer", () => {
    expect(() => auth({ authorization: `Bearer ${token}` })).not.toThrow();
  });

  it("createClientAuth accepts the Bearer scheme in any case", () => {
    expect(() => auth({ authorization: `bearer ${token}` })).not.toThrow();
    expect(() => auth({ authorization: `BEARER  ${token}` })).not.toThrow();
  });

  it("createClientAuth accepts the token as x-api-key (Anthropic SDKs)", () => {
    expect(() => auth({ "x-api-key": token })).not.toThrow();
  });

  it("createClientAuth accepts the token as x-goog-api-key (Gemini SDKs)", () => {
    expect(() => auth({ "x-goog-api-key": token })).not.toThrow();
  });

  it("createClientAuth refuses a missing token with 401 saying how to send one", () => {
    const error = refusal(auth, { "content-type": "application/json" });
    expect(error.kind).toBe("unauthorized");
    expect(error.status).toBe(401);
    expect(error.message).toContain("Bearer");
  });

  it("createClientAuth refuses a wrong token with 401", () => {
    for (const headers of [
      { authorization: "Bearer test-wrong-token-0123456789abcdef" },
      { "x-api-key": "test-wrong-token-0123456789abcdef" },
      { "x-goog-api-key": "test-wrong-token-0123456789abcdef" },
    ]) {
      const error = refusal(auth, headers);
      expect(error.kind).toBe("unauthorized");
      expect(error.status).toBe(401);
    }
  });

  it("createClientAuth refuses a prefix or an extension of the token", () => {
    refusal(auth, { authorization: `Bearer ${token.slice(0, -1)}` });
    refusal(auth, { authorization: `Bearer ${token}x` });
    refusal(auth, { "x-api-key": token.slice(1) });
  });

  it("createClientAuth refuses the token under another scheme or with no scheme", () => {
    refusal(auth, { authorization: `Basic ${token}` });
    refusal(auth, { authorization: token });
  });

  it("createClientAuth never echoes the expected or the offered token", () => {
    const offered = "test-offered-token-0123456789";
    const error = refusal(auth, { authorization: `Bearer ${offered}` });
    const text = `${error.message} ${error.detail ?? ""}`;
    expect(text).not.toContain(token);
    expect(text).not.toContain(offered);
  });

  it("createClientAuth lets everything through when no token is configured", () => {
    const open = createClientAuth(undefined);
    expect(() => open({})).not.toThrow();
    expect(() => open({ authorization: "Bearer anything" })).not.toThrow();
  });
});

describe("createClientAuth with a token file", () => {
  let dir: string | undefined;

  afterEach(() => {
    vi.useRealTimers();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it("createClientAuth follows a rotated token file", () => {
    dir = mkdtempSync(join(tmpdir(), "airlock-auth-"));
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2030-01-01T00:00:00Z"));
    const path = join(dir, "client-token");
    const first = "test-first-client-token-000000";
    const second = "test-second-client-token-111111";
    writeFileSync(path, `${first}\n`);
    const fileAuth = createClientAuth(openSecret({ from: "file", path, origin: "AIRLOCK_API_KEY_FILE" }));
    expect(() => fileAuth({ authorization: `Bearer ${first}` })).not.toThrow();

    writeFileSync(path, `${second}\n`);
    vi.setSystemTime(Date.now() + 1_001);
    expect(refusal(fileAuth, { authorization: `Bearer ${first}` }).status).toBe(401);
    expect(() => fileAuth({ "x-api-key": second })).not.toThrow();
  });

  it("createClientAuth answers 503, not 401, when the token file cannot be read", () => {
    dir = mkdtempSync(join(tmpdir(), "airlock-auth-"));
    const path = join(dir, "absent");
    const fileAuth = createClientAuth(openSecret({ from: "file", path, origin: "AIRLOCK_API_KEY_FILE" }));
    const error = refusal(fileAuth, { authorization: "Bearer test-any-token-0123456789" });
    expect(error.kind).toBe("unavailable");
    expect(error.status).toBe(503);
  });
});
