import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AirlockError } from "../../../src/canonical/error.ts";
import { type Flags, loadConfig } from "../../../src/config/load.ts";

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "airlock-config-"));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** An environment that sees no config file but the ones a test writes under `dir`. */
function isolated(extra: Record<string, string> = {}): Record<string, string> {
  return {
    HOME: join(dir, "home"),
    XDG_CONFIG_HOME: join(dir, "xdg-home"),
    XDG_CONFIG_DIRS: join(dir, "xdg-system"),
    ...extra,
  };
}

function write(relative: string, text: string): string {
  const path = join(dir, relative);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}

const mockBackend = `
[[backends]]
name = "mock"
kind = "mock"
`;

/** The AirlockError `loadConfig` throws; fails the test when it does not throw one. */
function configError(flags: Flags, env: Record<string, string>): AirlockError {
  try {
    loadConfig(flags, env);
  } catch (error) {
    if (error instanceof AirlockError) {
      expect(error.kind).toBe("config");
      return error;
    }
    throw error;
  }
  throw new Error("loadConfig accepted the configuration");
}

describe("loadConfig precedence", () => {
  it("loadConfig listens on 127.0.0.1:8080 by default", () => {
    const config = loadConfig({}, isolated({ AIRLOCK_BACKEND: "mock" }));
    expect(config.server.listen).toEqual({ host: "127.0.0.1", port: 8080 });
    expect(config.file).toBeUndefined();
  });

  it("loadConfig takes server.listen from the TOML file over the default", () => {
    const file = write("c.toml", `[server]\nlisten = "127.0.0.1:9001"\n${mockBackend}`);
    const config = loadConfig({ config: file }, isolated());
    expect(config.server.listen).toEqual({ host: "127.0.0.1", port: 9001 });
    expect(config.file).toBe(file);
  });

  it("loadConfig takes AIRLOCK_LISTEN over the TOML file", () => {
    const file = write("c.toml", `[server]\nlisten = "127.0.0.1:9001"\n${mockBackend}`);
    const config = loadConfig({ config: file }, isolated({ AIRLOCK_LISTEN: "127.0.0.1:9002" }));
    expect(config.server.listen.port).toBe(9002);
  });

  it("loadConfig takes the --listen flag over AIRLOCK_LISTEN and the file", () => {
    const file = write("c.toml", `[server]\nlisten = "127.0.0.1:9001"\n${mockBackend}`);
    const config = loadConfig(
      { config: file, listen: "127.0.0.1:9003" },
      isolated({ AIRLOCK_LISTEN: "127.0.0.1:9002" }),
    );
    expect(config.server.listen.port).toBe(9003);
  });

  it("loadConfig treats an empty variable as unset", () => {
    const config = loadConfig({}, isolated({ AIRLOCK_BACKEND: "mock", AIRLOCK_LISTEN: "" }));
    expect(config.server.listen).toEqual({ host: "127.0.0.1", port: 8080 });
  });

  it("loadConfig takes AIRLOCK_DEFAULT_MODEL over server.default_model", () => {
    const file = write("c.toml", `[server]\ndefault_model = "from-file"\n${mockBackend}`);
    expect(loadConfig({ config: file }, isolated()).server.defaultModel).toBe("from-file");
    const config = loadConfig({ config: file }, isolated({ AIRLOCK_DEFAULT_MODEL: "from-env" }));
    expect(config.server.defaultModel).toBe("from-env");
  });

  it("loadConfig lets AIRLOCK_BACKEND replace the file's backends", () => {
    const file = write(
      "c.toml",
      `[[backends]]\nname = "local"\nkind = "openai-compatible"\nurl = "http://vllm:8000/v1"\n`,
    );
    const config = loadConfig({ config: file }, isolated({ AIRLOCK_BACKEND: "mock" }));
    expect(config.backends.map((b) => [b.name, b.kind])).toEqual([["mock", "mock"]]);
  });

  it("loadConfig applies defaults for limits, grace and log level", () => {
    const config = loadConfig({}, isolated({ AIRLOCK_BACKEND: "mock" }));
    expect(config.server.maxBodyBytes).toBe(32 * 1024 * 1024);
    expect(config.server.shutdownGraceMs).toBe(30_000);
    expect(config.server.logLevel).toBe("info");
    expect(config.server.clientToken).toBeUndefined();
    expect(config.aliases).toEqual({});
  });
});

describe("loadConfig file search", () => {
  it("loadConfig reads $XDG_CONFIG_HOME/airlock/config.toml", () => {
    const path = write("xdg-home/airlock/config.toml", mockBackend);
    expect(loadConfig({}, isolated()).file).toBe(path);
  });

  it("loadConfig prefers $XDG_CONFIG_HOME over $XDG_CONFIG_DIRS", () => {
    const home = write("xdg-home/airlock/config.toml", mockBackend);
    write("xdg-system/airlock/config.toml", mockBackend);
    expect(loadConfig({}, isolated()).file).toBe(home);
  });

  it("loadConfig falls back to ~/.config/airlock/config.toml without XDG_CONFIG_HOME", () => {
    const path = write("home/.config/airlock/config.toml", mockBackend);
    const env = isolated();
    delete env.XDG_CONFIG_HOME;
    expect(loadConfig({}, env).file).toBe(path);
  });

  it("loadConfig takes the first $XDG_CONFIG_DIRS entry that holds a file", () => {
    write("second/airlock/config.toml", mockBackend);
    write("third/airlock/config.toml", mockBackend);
    const env = isolated({
      XDG_CONFIG_DIRS: [join(dir, "first"), join(dir, "second"), join(dir, "third")].join(":"),
    });
    expect(loadConfig({}, env).file).toBe(join(dir, "second/airlock/config.toml"));
  });

  it("loadConfig prefers AIRLOCK_CONFIG over the XDG locations", () => {
    write("xdg-home/airlock/config.toml", mockBackend);
    const named = write("named.toml", mockBackend);
    expect(loadConfig({}, isolated({ AIRLOCK_CONFIG: named })).file).toBe(named);
  });

  it("loadConfig prefers --config over AIRLOCK_CONFIG", () => {
    const fromEnv = write("env.toml", mockBackend);
    const fromFlag = write("flag.toml", mockBackend);
    expect(loadConfig({ config: fromFlag }, isolated({ AIRLOCK_CONFIG: fromEnv })).file).toBe(fromFlag);
  });

  it("loadConfig fails naming a --config file that does not exist", () => {
    const missing = join(dir, "missing.toml");
    write("xdg-home/airlock/config.toml", mockBackend);
    expect(configError({ config: missing }, isolated()).message).toContain(missing);
  });

  it("loadConfig fails naming an AIRLOCK_CONFIG file that does not exist", () => {
    const missing = join(dir, "nope", "config.toml");
    expect(configError({}, isolated({ AIRLOCK_CONFIG: missing })).message).toContain(missing);
  });

  it("loadConfig with no file and no AIRLOCK_BACKEND says how to configure a backend", () => {
    const message = configError({}, isolated()).message;
    expect(message).toContain("no backend configured");
    expect(message).toContain("AIRLOCK_BACKEND");
  });
});

describe("loadConfig environment-only backend", () => {
  it("loadConfig turns AIRLOCK_BACKEND=mock into one keyless mock backend", () => {
    const config = loadConfig({}, isolated({ AIRLOCK_BACKEND: "mock", OPENAI_API_KEY: "sk-test-unused" }));
    expect(config.backends).toHaveLength(1);
    const [backend] = config.backends;
    expect(backend?.kind).toBe("mock");
    expect(backend?.apiKey).toBeUndefined();
    expect(backend?.url).toBeUndefined();
    expect(backend?.models).toContain("mock");
  });

  it("loadConfig refuses an unknown AIRLOCK_BACKEND, listing the kinds", () => {
    const message = configError({}, isolated({ AIRLOCK_BACKEND: "bedrock" })).message;
    expect(message).toContain("AIRLOCK_BACKEND");
    expect(message).toContain("openai, openai-compatible, responses, anthropic, vertex, mock");
    expect(message).toContain("bedrock");
  });

  it("loadConfig requires AIRLOCK_BACKEND_URL for openai-compatible", () => {
    const message = configError({}, isolated({ AIRLOCK_BACKEND: "openai-compatible" })).message;
    expect(message).toContain("AIRLOCK_BACKEND_URL");
  });

  it("loadConfig requires AIRLOCK_BACKEND_URL for responses, with a Lightspeed example", () => {
    const message = configError({}, isolated({ AIRLOCK_BACKEND: "responses" })).message;
    expect(message).toContain('kind "responses" needs a url');
    expect(message).toContain("AIRLOCK_BACKEND_URL");
  });

  it("loadConfig reads a responses backend and its mTLS files from the environment", () => {
    const config = loadConfig(
      { listen: "127.0.0.1:0" },
      isolated({
        AIRLOCK_BACKEND: "responses",
        AIRLOCK_BACKEND_URL: "https://ls.example/api/v1",
        AIRLOCK_TLS_CERT_FILE: "/c.pem",
        AIRLOCK_TLS_KEY_FILE: "/k.pem",
      }),
    );
    expect(config.backends[0]).toMatchObject({
      kind: "responses",
      url: "https://ls.example/api/v1",
      tls: { certFile: "/c.pem", keyFile: "/k.pem" },
    });
  });

  it("loadConfig accepts openai-compatible with a URL and no key", () => {
    const env = isolated({
      AIRLOCK_BACKEND: "openai-compatible",
      AIRLOCK_BACKEND_URL: "http://vllm:8000/v1",
    });
    const [backend] = loadConfig({}, env).backends;
    expect(backend?.url).toBe("http://vllm:8000/v1");
    expect(backend?.apiKey).toBeUndefined();
    expect(backend?.models).toEqual(["*"]);
  });

  it("loadConfig requires a key for the openai kind", () => {
    const message = configError({}, isolated({ AIRLOCK_BACKEND: "openai" })).message;
    expect(message).toContain("OPENAI_API_KEY");
  });

  it("loadConfig honours OPENAI_API_KEY for the openai kind", () => {
    const env = isolated({ AIRLOCK_BACKEND: "openai", OPENAI_API_KEY: "sk-test-from-openai-var" });
    const [backend] = loadConfig({}, env).backends;
    expect(backend?.apiKey).toEqual({
      from: "value",
      value: "sk-test-from-openai-var",
      origin: "OPENAI_API_KEY",
    });
  });

  it("loadConfig prefers AIRLOCK_BACKEND_API_KEY over OPENAI_API_KEY", () => {
    const env = isolated({
      AIRLOCK_BACKEND: "openai",
      OPENAI_API_KEY: "sk-test-openai-var",
      AIRLOCK_BACKEND_API_KEY: "sk-test-airlock-var",
    });
    const [backend] = loadConfig({}, env).backends;
    expect(backend?.apiKey).toMatchObject({ from: "value", value: "sk-test-airlock-var" });
  });

  it("loadConfig reads the backend key from AIRLOCK_BACKEND_API_KEY_FILE as a file source", () => {
    const key = write("openai-key", "sk-test-in-file\n");
    const env = isolated({ AIRLOCK_BACKEND: "openai", AIRLOCK_BACKEND_API_KEY_FILE: key });
    const [backend] = loadConfig({}, env).backends;
    expect(backend?.apiKey).toMatchObject({ from: "file", path: key });
  });

  it("loadConfig refuses both AIRLOCK_BACKEND_API_KEY and AIRLOCK_BACKEND_API_KEY_FILE", () => {
    const env = isolated({
      AIRLOCK_BACKEND: "openai",
      AIRLOCK_BACKEND_API_KEY: "sk-test-a",
      AIRLOCK_BACKEND_API_KEY_FILE: join(dir, "key"),
    });
    expect(configError({}, env).message).toContain("AIRLOCK_BACKEND_API_KEY");
  });

  it("loadConfig refuses AIRLOCK_ALLOW_UNAUTHENTICATED that is not a boolean", () => {
    const env = isolated({ AIRLOCK_BACKEND: "mock", AIRLOCK_ALLOW_UNAUTHENTICATED: "maybe" });
    expect(configError({}, env).message).toContain("AIRLOCK_ALLOW_UNAUTHENTICATED");
  });
});

describe("loadConfig file errors", () => {
  it("loadConfig names the file, the key path and the allowed kinds for a bad kind", () => {
    const file = write("c.toml", `${mockBackend}\n[[backends]]\nname = "b"\nkind = "opneai"\n`);
    expect(configError({ config: file }, isolated()).message).toBe(
      `${file}: backends[1].kind: expected one of openai, openai-compatible, responses, anthropic, vertex, mock`,
    );
  });

  it("loadConfig refuses an unknown key in a backend, naming it", () => {
    const file = write("c.toml", `[[backends]]\nname = "m"\nkind = "mock"\nmodles = ["*"]\n`);
    const message = configError({ config: file }, isolated()).message;
    expect(message).toMatch(new RegExp(`^${escapeRegExp(file)}: backends\\[0\\]: unknown key modles`));
  });

  it("loadConfig refuses an unknown top-level table", () => {
    const file = write("c.toml", `[sever]\nlisten = "127.0.0.1:1"\n${mockBackend}`);
    const message = configError({ config: file }, isolated()).message;
    expect(message).toContain(file);
    expect(message).toContain("sever");
  });

  it("loadConfig reports a TOML syntax error with line and column", () => {
    const file = write("c.toml", `[server]\nlisten = "127.0.0.1:9000"\ndefault_model = \n`);
    const message = configError({ config: file }, isolated()).message;
    expect(message).toMatch(new RegExp(`^${escapeRegExp(file)}:3:\\d+: `));
  });

  it("loadConfig names the key path and expected type for a wrongly typed value", () => {
    const file = write("c.toml", `[server]\nlisten = 8080\n${mockBackend}`);
    const message = configError({ config: file }, isolated()).message;
    expect(message).toBe(`${file}: server.listen: expected string`);
  });

  it("loadConfig refuses a backend url that is not http(s)", () => {
    const file = write(
      "c.toml",
      `[[backends]]\nname = "x"\nkind = "openai-compatible"\nurl = "ftp://vllm/v1"\n`,
    );
    const message = configError({ config: file }, isolated()).message;
    expect(message).toContain(`${file}: backends[0].url: `);
    expect(message).toContain("http");
  });

  it("loadConfig names api_key_env's variable when it is unset", () => {
    const file = write(
      "c.toml",
      `[[backends]]\nname = "o"\nkind = "openai"\napi_key_env = "AIRLOCK_TEST_UNSET_KEY"\n`,
    );
    const message = configError({ config: file }, isolated()).message;
    expect(message).toContain(`${file}: backends[0].api_key_env`);
    expect(message).toContain("AIRLOCK_TEST_UNSET_KEY");
  });

  it("loadConfig reads api_key_env's variable from the given environment", () => {
    const file = write("c.toml", `[[backends]]\nname = "o"\nkind = "openai"\napi_key_env = "MY_OPENAI"\n`);
    const [backend] = loadConfig({ config: file }, isolated({ MY_OPENAI: "sk-test-via-env" })).backends;
    expect(backend?.apiKey).toEqual({ from: "value", value: "sk-test-via-env", origin: "MY_OPENAI" });
  });

  it("loadConfig refuses two secret fields on one backend", () => {
    const file = write(
      "c.toml",
      `[[backends]]\nname = "o"\nkind = "openai"\napi_key = "sk-test-a"\napi_key_file = "/run/k"\n`,
    );
    const message = configError({ config: file }, isolated()).message;
    expect(message).toContain(`${file}: backends[0]`);
    expect(message).not.toContain("sk-test-a");
  });

  it("loadConfig refuses a backend name used twice, naming the second", () => {
    const file = write("c.toml", `${mockBackend}${mockBackend}`);
    expect(configError({ config: file }, isolated()).message).toBe(
      `${file}: backends[1].name: "mock" is used twice`,
    );
  });

  it("loadConfig refuses tls with a cert but no key", () => {
    const file = write(
      "c.toml",
      `[[backends]]\nname = "o"\nkind = "openai-compatible"\nurl = "https://x/v1"\n[backends.tls]\ncert_file = "/c.pem"\n`,
    );
    const message = configError({ config: file }, isolated()).message;
    expect(message).toContain(`${file}: backends[0]`);
    expect(message).toContain("key_file");
  });

  it("loadConfig refuses a url on the mock kind", () => {
    const file = write("c.toml", `[[backends]]\nname = "m"\nkind = "mock"\nurl = "http://x"\n`);
    expect(configError({ config: file }, isolated()).message).toContain(`${file}: backends[0]`);
  });
});

describe("loadConfig client token and exposure", () => {
  it("loadConfig refuses a client token under 16 characters without echoing it", () => {
    const token = "short-tok-12345";
    const error = configError({}, isolated({ AIRLOCK_BACKEND: "mock", AIRLOCK_API_KEY: token }));
    expect(error.message).toContain("16");
    expect(error.message).toContain("AIRLOCK_API_KEY");
    expect(`${error.message} ${error.detail ?? ""}`).not.toContain(token);
  });

  it("loadConfig refuses a short server.api_key in the file without echoing it", () => {
    const token = "tiny-token";
    const file = write("c.toml", `[server]\napi_key = "${token}"\n${mockBackend}`);
    const error = configError({ config: file }, isolated());
    expect(error.message).toContain(file);
    expect(error.message).not.toContain(token);
  });

  it("loadConfig refuses a short token from server.api_key_env without echoing it", () => {
    const token = "tok-from-env";
    const file = write("c.toml", `[server]\napi_key_env = "CLIENT_TOKEN"\n${mockBackend}`);
    const error = configError({ config: file }, isolated({ CLIENT_TOKEN: token }));
    expect(error.message).not.toContain(token);
  });

  it("loadConfig accepts a 16-character client token", () => {
    const token = "0123456789abcdef";
    const config = loadConfig({}, isolated({ AIRLOCK_BACKEND: "mock", AIRLOCK_API_KEY: token }));
    expect(config.server.clientToken).toMatchObject({ from: "value", value: token });
  });

  it("loadConfig prefers AIRLOCK_API_KEY over the file's server token", () => {
    const file = write("c.toml", `[server]\napi_key_file = "/run/secrets/token"\n${mockBackend}`);
    const config = loadConfig({ config: file }, isolated({ AIRLOCK_API_KEY: "env-token-0123456789" }));
    expect(config.server.clientToken).toMatchObject({ from: "value", value: "env-token-0123456789" });
  });

  it("loadConfig refuses a non-loopback listen without a token", () => {
    const error = configError({}, isolated({ AIRLOCK_BACKEND: "mock", AIRLOCK_LISTEN: "0.0.0.0:8080" }));
    expect(error.message).toContain("0.0.0.0:8080");
    expect(error.message).toContain("AIRLOCK_ALLOW_UNAUTHENTICATED=1");
  });

  it("loadConfig refuses :PORT (all interfaces) without a token", () => {
    configError({ listen: ":8080" }, isolated({ AIRLOCK_BACKEND: "mock" }));
  });

  it("loadConfig allows a non-loopback listen with AIRLOCK_ALLOW_UNAUTHENTICATED=1", () => {
    const env = isolated({
      AIRLOCK_BACKEND: "mock",
      AIRLOCK_LISTEN: "0.0.0.0:8080",
      AIRLOCK_ALLOW_UNAUTHENTICATED: "1",
    });
    const config = loadConfig({}, env);
    expect(config.server.allowUnauthenticated).toBe(true);
    expect(config.server.listen).toEqual({ host: "0.0.0.0", port: 8080 });
  });

  it("loadConfig allows a non-loopback listen with allow_unauthenticated = true", () => {
    const file = write(
      "c.toml",
      `[server]\nlisten = "10.0.0.5:8080"\nallow_unauthenticated = true\n${mockBackend}`,
    );
    expect(loadConfig({ config: file }, isolated()).server.allowUnauthenticated).toBe(true);
  });

  it("loadConfig allows a non-loopback listen with a client token", () => {
    const env = isolated({
      AIRLOCK_BACKEND: "mock",
      AIRLOCK_LISTEN: "0.0.0.0:8080",
      AIRLOCK_API_KEY: "a-long-enough-client-token",
    });
    expect(loadConfig({}, env).server.allowUnauthenticated).toBe(false);
  });

  it("loadConfig counts localhost, 127.x and [::1] as loopback", () => {
    for (const listen of ["localhost:8080", "127.0.0.2:8080", "[::1]:8080"]) {
      expect(loadConfig({ listen }, isolated({ AIRLOCK_BACKEND: "mock" })).server.listen.port).toBe(8080);
    }
  });

  it("loadConfig refuses a listen address that is not HOST:PORT", () => {
    expect(configError({ listen: "8080" }, isolated({ AIRLOCK_BACKEND: "mock" })).message).toContain(
      "HOST:PORT",
    );
    configError({ listen: "127.0.0.1:99999" }, isolated({ AIRLOCK_BACKEND: "mock" }));
  });
});

describe("loadConfig durations and lists", () => {
  it("loadConfig converts backend timeouts from seconds to milliseconds", () => {
    const file = write(
      "c.toml",
      `${mockBackend}[backends.timeouts]\nconnect = 2.5\nfirst_byte = 30\n\n[server]\nshutdown_grace = 5\n`,
    );
    const config = loadConfig({ config: file }, isolated());
    expect(config.backends[0]?.timeouts).toEqual({
      connectMs: 2_500,
      firstByteMs: 30_000,
      idleMs: 300_000,
      requestMs: 1_800_000,
    });
    expect(config.server.shutdownGraceMs).toBe(5_000);
  });

  it("loadConfig refuses a zero timeout", () => {
    const file = write("c.toml", `${mockBackend}[backends.timeouts]\nidle = 0\n`);
    expect(configError({ config: file }, isolated()).message).toContain(`${file}: backends[0].timeouts.idle`);
  });

  it("loadConfig keeps backends, models, headers and aliases in file order", () => {
    const file = write(
      "c.toml",
      `[aliases]\n"gpt-4o" = "local-model"\n\n` +
        `[[backends]]\nname = "local"\nkind = "openai-compatible"\nurl = "http://vllm:8000/v1"\nmodels = ["local-*", "qwen?"]\n` +
        `headers = { "X-Team" = "agents" }\n\n` +
        `[[backends]]\nname = "fallback"\nkind = "mock"\n`,
    );
    const config = loadConfig({ config: file }, isolated());
    expect(config.aliases).toEqual({ "gpt-4o": "local-model" });
    expect(config.backends.map((b) => b.name)).toEqual(["local", "fallback"]);
    expect(config.backends[0]?.models).toEqual(["local-*", "qwen?"]);
    expect(config.backends[0]?.headers).toEqual({ "X-Team": "agents" });
  });
});

describe("loadConfig request defaults", () => {
  it("loadConfig merges defaults.headers into headers and keeps defaults.body", () => {
    const file = write(
      "d.toml",
      `[[backends]]\nname = "ls"\nkind = "responses"\nurl = "https://ls.example/v1"\nheaders = { "X-A" = "1" }\n` +
        `[backends.defaults]\nheaders = { "X-LCS-Merge-Server-Tools" = "true" }\n` +
        `body = { generate_topic_summary = false, extra = { a = 1 } }\n`,
    );
    const backend = loadConfig({ config: file, listen: "127.0.0.1:0" }, isolated()).backends[0];
    expect(backend?.headers).toEqual({ "X-A": "1", "X-LCS-Merge-Server-Tools": "true" });
    expect(backend?.defaultBody).toEqual({ generate_topic_summary: false, extra: { a: 1 } });
  });

  it("loadConfig refuses an unknown key under defaults, naming it", () => {
    const file = write("e.toml", `${mockBackend}[backends.defaults]\nbodies = {}\n`);
    expect(configError({ config: file }, isolated()).message).toContain("backends[0].defaults");
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
