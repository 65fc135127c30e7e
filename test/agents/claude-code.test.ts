/**
 * Claude Code (`claude -p`) through airlock: passed through to an Anthropic backend, translated to a
 * Chat Completions backend and to the mock, each a whole turn with a real tool run by the agent.
 */
import { describe, expect, it } from "vitest";
import { claudeResult, runClaude } from "./support/agents.ts";
import { accessLines, prompt, useStack } from "./support/stack.ts";

const t = useStack();

describe("Claude Code through airlock", () => {
  it("runs a Bash tool turn on an anthropic backend, passed through, with ANTHROPIC_AUTH_TOKEN", async () => {
    const run = await runClaude(t, {
      prompt,
      as: "auth-token",
    });
    expect(claudeResult(run.stdout), run.stderr).toMatchObject({ is_error: false });
    expect(claudeResult(run.stdout)?.result).toContain(t.w.secret);
    expect(accessLines(t.stack.airlock)).toContain("POST /v1/messages 200 anthropic");
  });

  it("runs a Bash tool turn on a Chat Completions backend, translated, with ANTHROPIC_API_KEY", async () => {
    const run = await runClaude(t, {
      prompt,
      model: "gpt-5.5",
    });
    expect(claudeResult(run.stdout), run.stderr).toMatchObject({ is_error: false });
    expect(claudeResult(run.stdout)?.result).toContain(t.w.secret);
    const last = t.stack.chat.requests.at(-1)?.body;
    expect(last?.messages).toContainEqual(expect.objectContaining({ role: "tool" }));
  });

  it("runs a tool turn on the mock backend", async () => {
    const run = await runClaude(t, {
      prompt: "Use the Glob tool",
      model: "mock",
    });
    expect(claudeResult(run.stdout), run.stderr).toMatchObject({ is_error: false });
    expect(claudeResult(run.stdout)?.result).toMatch(/^The tool returned: /);
  });

  it("leaves no error in airlock's access log", () => {
    expect(accessLines(t.stack.airlock).filter((line) => !/ 200 /.test(line))).toEqual([]);
  });
});
