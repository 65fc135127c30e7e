/**
 * The real agent CLIs, run once each, non-interactively, with a HOME of their own and nothing but
 * airlock's address and client token: Claude Code (`claude -p`), Codex CLI (`codex exec`) and
 * OpenCode (`opencode run`). global-setup.ts installs the pinned versions below into a scratch
 * folder (never the repository's dependencies).
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const agentPackages = [
  "@anthropic-ai/claude-code@2.1.197",
  "@openai/codex@0.169.0",
  "opencode-ai@1.18.33",
];

/** Where the CLIs are installed: `AIRLOCK_AGENTS_DIR`, else one scratch folder per set of versions. */
export function agentsDir(): string {
  return (
    process.env.AIRLOCK_AGENTS_DIR ??
    join(tmpdir(), `airlock-agents-${agentPackages.join("-").replace(/[@/]/g, "_")}`)
  );
}

export const bin = (name: string) => join(agentsDir(), "node_modules", ".bin", name);

export type Run = { readonly code: number | null; readonly stdout: string; readonly stderr: string };

/** Where an agent runs (its workspace) and what it talks to (airlock's URL and client token). */
export type Target = {
  readonly w: Workspace;
  readonly stack: { readonly airlock: { readonly url: string }; readonly token: string };
};

export type Workspace = {
  readonly dir: string;
  readonly file: string;
  readonly secret: string;
  readonly home: string;
};

/** A project folder holding `notes.txt` with a word only the file knows, and an empty HOME. */
export function workspace(): Workspace {
  const root = mkdtempSync(join(tmpdir(), "airlock-agent-"));
  const dir = join(root, "project");
  const home = join(root, "home");
  mkdirSync(dir);
  mkdirSync(home);
  const secret = `PELICAN-${Math.floor(Math.random() * 1e6)}`;
  const file = join(dir, "notes.txt");
  writeFileSync(file, `The secret word is ${secret}.\n`);
  return { dir, file, secret, home };
}

function run(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: Record<string, string> },
) {
  return new Promise<Run>((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? "", ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (data: Buffer) => {
      stdout += data.toString();
    });
    child.stderr.on("data", (data: Buffer) => {
      stderr += data.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 150_000);
    child.once("error", reject);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * `claude -p` at airlock. `as` is how: `ANTHROPIC_BASE_URL` with the token in `ANTHROPIC_API_KEY` or
 * `ANTHROPIC_AUTH_TOKEN`, or Vertex mode — Anthropic's Vertex SDK at airlock's `/v1`, with Google auth
 * skipped (airlock holds it) and the token as a custom header.
 */
export function runClaude(
  { w, stack }: Target,
  options: {
    prompt: string;
    model?: string;
    as?: "api-key" | "auth-token" | "vertex";
    /** More of Claude Code's settings (e.g. its small model). */
    env?: Record<string, string>;
    /** The built-in tools it offers (`--tools`); all by default. */
    tools?: string;
  },
) {
  const env: Record<string, string> = {
    HOME: w.home,
    ...(options.as === "vertex" ? vertexMode(stack) : anthropicMode(stack, options.as ?? "api-key")),
    DISABLE_TELEMETRY: "1",
    DISABLE_AUTOUPDATER: "1",
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
    ...(options.model === undefined ? {} : { ANTHROPIC_MODEL: options.model }),
    ...options.env,
  };
  const args = [
    ...(options.tools === undefined ? [] : ["--tools", options.tools]),
    "-p",
    options.prompt,
    "--output-format",
    "stream-json",
    "--verbose",
    "--allowedTools",
    "Bash Read Glob",
  ];
  return run(bin("claude"), args, { cwd: w.dir, env });
}

function anthropicMode(stack: Target["stack"], as: "api-key" | "auth-token"): Record<string, string> {
  const name = as === "auth-token" ? "ANTHROPIC_AUTH_TOKEN" : "ANTHROPIC_API_KEY";
  return { ANTHROPIC_BASE_URL: stack.airlock.url, [name]: stack.token };
}

function vertexMode(stack: Target["stack"]): Record<string, string> {
  return {
    CLAUDE_CODE_USE_VERTEX: "1",
    CLAUDE_CODE_SKIP_VERTEX_AUTH: "1",
    ANTHROPIC_VERTEX_BASE_URL: `${stack.airlock.url}/v1`,
    ANTHROPIC_VERTEX_PROJECT_ID: "unused",
    CLOUD_ML_REGION: "global",
    ANTHROPIC_CUSTOM_HEADERS: `x-api-key: ${stack.token}`,
  };
}

/** `codex exec` with a custom provider at airlock's /v1 on the Responses API. */
export function runCodex({ w, stack }: Target, options: { prompt: string; model: string }) {
  const codexHome = join(w.home, ".codex");
  mkdirSync(codexHome, { recursive: true });
  writeFileSync(
    join(codexHome, "config.toml"),
    [
      'model_provider = "airlock"',
      "[model_providers.airlock]",
      'name = "airlock"',
      `base_url = "${stack.airlock.url}/v1"`,
      'env_key = "AIRLOCK_TOKEN"',
      'wire_api = "responses"',
      "",
    ].join("\n"),
  );
  const env = { HOME: w.home, CODEX_HOME: codexHome, AIRLOCK_TOKEN: stack.token, RUST_LOG: "error" };
  const args = [
    bin("codex"),
    "exec",
    "--skip-git-repo-check",
    "--sandbox",
    "danger-full-access",
    "-m",
    options.model,
    options.prompt,
  ];
  // The launcher is a Node script; the suite's own Node runs it.
  return run(process.execPath, args, { cwd: w.dir, env });
}

/** `opencode run` with a provider at airlock's /v1 through the AI SDK package `npm` names. */
export function runOpenCode({ w, stack }: Target, options: { prompt: string; model: string; npm: string }) {
  const config = join(w.home, ".config");
  mkdirSync(join(config, "opencode"), { recursive: true });
  const provider = {
    npm: options.npm,
    name: "airlock",
    options: { baseURL: `${stack.airlock.url}/v1`, apiKey: "{env:AIRLOCK_TOKEN}" },
    models: { [options.model]: { name: options.model } },
  };
  writeFileSync(
    join(config, "opencode", "opencode.json"),
    JSON.stringify({ autoupdate: false, share: "disabled", provider: { airlock: provider } }),
  );
  const env = { HOME: w.home, XDG_CONFIG_HOME: config, AIRLOCK_TOKEN: stack.token };
  return run(bin("opencode"), ["run", "-m", `airlock/${options.model}`, options.prompt], { cwd: w.dir, env });
}

/** The `result` line of Claude Code's stream-json output. */
export function claudeResult(stdout: string): { is_error?: boolean; result?: string } | undefined {
  const line = stdout.split("\n").find((l) => l.startsWith('{"type":"result"'));
  return line === undefined ? undefined : (JSON.parse(line) as { is_error?: boolean; result?: string });
}
