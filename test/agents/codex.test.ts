/**
 * Codex CLI (`codex exec`) through airlock's /v1/responses: translated to the mock, to a Chat
 * Completions backend and to an Anthropic backend, each a whole turn with a real command run by
 * the agent. Codex offers hosted, custom and namespace tools with every request, sends
 * `store: false`, `include` and reasoning items.
 */
import { describe, expect, it } from "vitest";
import { runCodex } from "./support/agents.ts";
import { accessLines, prompt, useStack } from "./support/stack.ts";

const t = useStack();

describe("Codex CLI through airlock", () => {
  it("runs an exec_command turn on the mock backend", async () => {
    const run = await runCodex(t, {
      prompt: "Use the exec_command tool",
      model: "mock",
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("The tool returned:");
  });

  for (const model of ["gpt-5.5", "gpt-5.1-codex", "claude-sonnet-4-5"]) {
    it(`runs an exec_command turn with ${model}, translated`, async () => {
      const run = await runCodex(t, { prompt, model });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain(`FINAL ANSWER`);
      expect(run.stdout).toContain(t.w.secret);
    });
  }

  it("leaves no error in airlock's access log", () => {
    expect(accessLines(t.stack.airlock).filter((line) => !/ 200 /.test(line))).toEqual([]);
  });
});
