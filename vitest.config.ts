import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/containers/**", "test/agents/**", "node_modules/**"],
    testTimeout: 20_000,
  },
});
