// The container suite (`npm run test:containers`): needs a running container engine, builds the
// image once in globalSetup. Files run one at a time: each starts several containers, and two
// cores are the budget.
import { defineConfig } from "vitest/config";

// Set on this (main) process, before globalSetup makes the first engine client, and inherited by
// the test workers. The reaper image (Ryuk) cannot be pulled offline; every test removes what it
// started. With a local engine, containers' published ports are reached on localhost: without the
// override, testcontainers sees /.dockerenv on a CI machine, takes the bridge's gateway address,
// and may even try to pull an image to find it.
process.env.TESTCONTAINERS_RYUK_DISABLED ??= "true";
const dockerHost = process.env.DOCKER_HOST ?? "";
if (dockerHost === "" || dockerHost.startsWith("unix://"))
  process.env.TESTCONTAINERS_HOST_OVERRIDE ??= "localhost";

export default defineConfig({
  test: {
    include: ["test/containers/**/*.test.ts"],
    globalSetup: ["test/containers/global-setup.ts"],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    teardownTimeout: 60_000,
  },
});
