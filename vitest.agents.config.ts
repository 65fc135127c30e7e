// The real-agent suite (`npm run test:agents`): Claude Code, Codex CLI and OpenCode, installed at
// pinned versions outside the repository by globalSetup, against airlock on loopback. Files run one
// at a time: each agent is a heavy process.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/agents/**/*.test.ts"],
    globalSetup: ["test/agents/global-setup.ts"],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 600_000,
  },
});
