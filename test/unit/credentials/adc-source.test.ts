import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { describeSource, findAdcSource, runsExecutable } from "../../../src/credentials/adc-source.ts";

const dir = mkdtempSync(join(tmpdir(), "airlock-adc-source-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof value === "string" ? value : JSON.stringify(value));
  return path;
}

const serviceAccount = { type: "service_account", client_email: "a@b", private_key: "k" };
const executable = {
  type: "external_account",
  credential_source: { executable: { command: "/bin/true" } },
};
const find = (credentialsFile: string | undefined, env: NodeJS.ProcessEnv, allow = false) =>
  findAdcSource({ credentialsFile, allowExecutableCredentials: allow, env });

describe("findAdcSource", () => {
  it("takes credentials_file first, then GOOGLE_APPLICATION_CREDENTIALS, then gcloud's file, then the metadata server", () => {
    const configured = file("configured.json", serviceAccount);
    const fromEnv = file("env.json", serviceAccount);
    const home = join(dir, "home");
    mkdirSync(join(home, ".config", "gcloud"), { recursive: true });
    writeFileSync(
      join(home, ".config", "gcloud", "application_default_credentials.json"),
      JSON.stringify({ type: "authorized_user" }),
    );
    const env = { GOOGLE_APPLICATION_CREDENTIALS: fromEnv, HOME: home };
    expect(find(configured, env)).toMatchObject({ kind: "file", via: "credentials_file", path: configured });
    expect(find(undefined, env)).toMatchObject({ kind: "file", via: "GOOGLE_APPLICATION_CREDENTIALS" });
    expect(find(undefined, { HOME: home })).toMatchObject({ kind: "file", via: "gcloud ADC" });
    expect(find(undefined, { HOME: "/nonexistent" })).toEqual({ kind: "metadata", host: "169.254.169.254" });
    expect(find(undefined, { GCE_METADATA_HOST: "127.0.0.1:9" })).toEqual({
      kind: "metadata",
      host: "127.0.0.1:9",
    });
  });

  it("honours METADATA_SERVER_DETECTION=none", () => {
    expect(find(undefined, { METADATA_SERVER_DETECTION: "none" })).toMatchObject({
      message: expect.stringContaining("no Google Cloud credentials found"),
    });
  });

  it("says which file is unusable, and never quotes it", () => {
    const missing = find(join(dir, "missing.json"), {});
    expect(missing).toEqual({
      message: "credentials_file: credential file not readable",
      detail: `credentials_file ${join(dir, "missing.json")}: ENOENT`,
    });
    const broken = find(undefined, {
      GOOGLE_APPLICATION_CREDENTIALS: file("broken.json", "secret-material {"),
    });
    expect(JSON.stringify(broken)).not.toContain("secret-material");
    expect(broken).toMatchObject({ message: "GOOGLE_APPLICATION_CREDENTIALS: credential file is not JSON" });
    expect(find(file("typeless.json", { a: 1 }), {})).toMatchObject({
      message: 'credentials_file: credential file has no "type"',
    });
  });

  it("refuses an executable external_account unless allowed", () => {
    const path = file("exec.json", executable);
    expect(find(path, {})).toMatchObject({
      message: expect.stringContaining("allow_executable_credentials = true"),
    });
    const allowed = find(path, {}, true);
    expect("kind" in allowed && runsExecutable(allowed)).toBe(true);
  });

  it("describes a source without its path", () => {
    expect(describeSource({ kind: "metadata", host: "h" })).toBe("the metadata server");
    const source = find(file("sa.json", serviceAccount), {});
    expect("kind" in source && describeSource(source)).toBe("credentials_file");
  });
});
