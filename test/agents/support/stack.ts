/**
 * airlock in-process on loopback with three backends, so that the model name an agent is given picks
 * the path: `mock` the built-in mock; `claude-*` an Anthropic Messages upstream (kind `anthropic`);
 * anything else an OpenAI-compatible Chat Completions upstream. Both upstreams are scripted.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { type RunningAirlock, startAirlock } from "../../integration/support/airlock.ts";
import { type Workspace, workspace } from "./agents.ts";
import { type ScriptedUpstream, startScriptedUpstream } from "./scripted-upstream.ts";

/** What every agent is asked, about the workspace's notes.txt. */
export const prompt = "Read notes.txt and tell me the secret word";

/** A workspace and a stack for the test file, made before its tests and closed after them. */
export function useStack(): { readonly w: Workspace; readonly stack: Stack } {
  return useStackOf(startStack);
}

/** The same, for a stack of another shape (vertex-stack.ts). */
export function useStackOf<S extends { close(): Promise<void> }>(
  start: (file: string) => Promise<S>,
): { readonly w: Workspace; readonly stack: S } {
  let w: Workspace | undefined;
  let stack: S | undefined;
  beforeAll(async () => {
    w = workspace();
    stack = await start(w.file);
  });
  afterAll(async () => {
    await stack?.close();
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the stack starts in beforeAll");
    return value;
  };
  return {
    get w() {
      return ready(w);
    },
    get stack() {
      return ready(stack);
    },
  };
}

export type Stack = {
  readonly airlock: RunningAirlock;
  readonly chat: ScriptedUpstream;
  readonly anthropic: ScriptedUpstream;
  /** The client token agents present; an obvious fixture. */
  readonly token: string;
  close(): Promise<void>;
};

export async function startStack(file: string): Promise<Stack> {
  const token = `test-agent-token-${crypto.randomUUID()}`;
  const chat = await startScriptedUpstream("chat", file);
  const anthropic = await startScriptedUpstream("anthropic", file);
  const config = join(mkdtempSync(join(tmpdir(), "airlock-agents-")), "config.toml");
  writeFileSync(
    config,
    `[server]
api_key = "${token}"

[[backends]]
name = "mock"
kind = "mock"
models = ["mock"]

[[backends]]
name = "anthropic"
kind = "anthropic"
url = "${anthropic.url}"
api_key = "test-anthropic-key"
models = ["claude-*"]

[[backends]]
name = "chat"
kind = "openai-compatible"
url = "${chat.url}"
api_key = "test-chat-key"
models = ["*"]
`,
  );
  const airlock = await startAirlock({}, { config });
  return {
    airlock,
    chat,
    anthropic,
    token,
    close: async () => {
      await airlock.close();
      await chat.close();
      await anthropic.close();
    },
  };
}

/** The access-log lines airlock wrote, as `METHOD path status backend`. */
export function accessLines(airlock: RunningAirlock): string[] {
  return airlock.logs
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.msg === "request")
    .map((line) => `${line.method} ${line.path} ${line.status} ${line.backend ?? "-"}`);
}
