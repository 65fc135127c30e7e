/** Runs airlock's real entry point as a child process, as `npm start` or the container would. */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const main = fileURLToPath(new URL("../../../src/main.ts", import.meta.url));

export type Child = {
  readonly process: ChildProcess;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
};

const baseEnv = { PATH: process.env.PATH ?? "", HOME: "/nonexistent", XDG_CONFIG_DIRS: "/nonexistent" };

export function spawnAirlock(args: string[], env: Record<string, string>): Child {
  const child = spawn(process.execPath, [main, ...args], { env: { ...baseEnv, ...env } });
  let output = "";
  child.stdout.on("data", (data: Buffer) => {
    output += data.toString();
  });
  child.stderr.on("data", (data: Buffer) => {
    output += data.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { process: child, output: () => output, exited };
}

export function runAirlock(args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, [main, ...args], {
    env: { ...baseEnv, ...env },
    encoding: "utf8",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Waits for the "listening" log line and returns the port the child bound. */
export async function listeningPort(child: Child, timeoutMs = 10_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = /"listen":"[^"]*:(\d+)"/.exec(child.output());
    if (match?.[1] !== undefined) return Number(match[1]);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`airlock did not start:\n${child.output()}`);
}
