// Runs once before the container suite: makes the local base image, builds airlock's image from
// the Containerfile on top of it, and hands both names to the tests.
//
// No image registry is reachable from CI, so nothing is pulled: the base is a distroless stand-in
// made from the checkout's Node binary (base-image.sh), and the app is compiled on the host and
// copied in through the Containerfile's `prebuilt` target (app-context.sh), because a build
// container cannot run `npm ci` here.
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { GenericContainer, getContainerRuntimeClient } from "testcontainers";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    airlockImage: string;
    baseImage: string;
  }
}

const run = promisify(execFile);
const here = import.meta.dirname;
const BASE_IMAGE = process.env.AIRLOCK_TEST_BASE_IMAGE ?? "localhost/airlock-test/nodejs24:nonroot";
const AIRLOCK_IMAGE = process.env.AIRLOCK_TEST_IMAGE ?? "localhost/airlock:test";

async function script(name: string, args: string[]): Promise<void> {
  const { stdout, stderr } = await run("bash", [join(here, name), ...args], { maxBuffer: 16 * 1024 * 1024 });
  process.stdout.write(stdout);
  process.stderr.write(stderr);
}

export default async function setup(project: TestProject): Promise<void> {
  const client = await getContainerRuntimeClient().catch((error: unknown) => {
    throw new Error(
      `no container engine answered (${String(error)}); start one first (.ci/containers.sh does)`,
    );
  });
  console.log(
    `container engine: ${client.info.containerRuntime.host} (engine ${client.info.containerRuntime.serverVersion})`,
  );

  await script("base-image.sh", [BASE_IMAGE]);
  const context = await mkdtemp(join(tmpdir(), "airlock-image-"));
  try {
    await script("app-context.sh", [context]);
    const started = Date.now();
    await GenericContainer.fromDockerfile(context, "Containerfile")
      .withTarget("prebuilt")
      .withBuildArgs({ RUNTIME_IMAGE: BASE_IMAGE })
      .build(AIRLOCK_IMAGE, { deleteOnExit: false });
    console.log(`built ${AIRLOCK_IMAGE} in ${Date.now() - started} ms`);
  } finally {
    await rm(context, { recursive: true, force: true });
  }
  project.provide("airlockImage", AIRLOCK_IMAGE);
  project.provide("baseImage", BASE_IMAGE);
}
