/**
 * OpenCode (`opencode run`) through airlock with an AI SDK provider at its /v1: Chat Completions
 * (`@ai-sdk/openai-compatible`) passed through and translated to Anthropic, and the Responses API
 * (`@ai-sdk/openai`) translated to Chat Completions. OpenCode fetches the AI SDK package from npm
 * on first use.
 */
import { describe, expect, it } from "vitest";
import { runOpenCode } from "./support/agents.ts";
import { accessLines, prompt, useStack } from "./support/stack.ts";

const t = useStack();
const cases = [
  { npm: "@ai-sdk/openai-compatible", model: "gpt-5.5", path: "/v1/chat/completions 200 chat" },
  {
    npm: "@ai-sdk/openai-compatible",
    model: "claude-sonnet-4-5",
    path: "/v1/chat/completions 200 anthropic",
  },
  { npm: "@ai-sdk/openai", model: "gpt-5.5", path: "/v1/responses 200 chat" },
];

describe("OpenCode through airlock", () => {
  for (const { npm, model, path } of cases) {
    it(`runs a tool turn with ${npm} and ${model}`, async () => {
      const run = await runOpenCode(t, {
        prompt,
        model,
        npm,
      });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain(t.w.secret);
      expect(accessLines(t.stack.airlock)).toContain(`POST ${path}`);
    });
  }

  it("leaves no error in airlock's access log", () => {
    expect(accessLines(t.stack.airlock).filter((line) => !/ 200 /.test(line))).toEqual([]);
  });
});
