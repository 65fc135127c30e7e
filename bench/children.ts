/**
 * Starting and, above all, stopping the bench's child processes. Every child is registered the
 * moment it is spawned and killed on any way out of the parent: normal end, thrown error, Ctrl-C,
 * SIGTERM. Our own helpers also exit when their IPC channel closes, which covers the parent being
 * SIGKILLed; airlock has no such channel, so it relies on the handlers here.
 */
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { isReadyMessage } from "./messages.ts";

const live = new Set<ChildProcess>();
const START_TIMEOUT_MS = 15_000;

export function track(child: ChildProcess): ChildProcess {
  live.add(child);
  child.once("exit", () => live.delete(child));
  return child;
}

function killAllNow(): void {
  for (const child of live) child.kill("SIGKILL");
}

/** Install once, first thing: after this no exit path leaves a child behind. */
export function installCleanup(): void {
  process.on("exit", killAllNow);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      killAllNow();
      process.exit(128 + (signal === "SIGINT" ? 2 : signal === "SIGTERM" ? 15 : 1));
    });
  }
}

/** SIGTERM, then SIGKILL if the child has not gone within `graceMs`. */
export async function stop(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}

export async function stopAll(): Promise<void> {
  await Promise.all([...live].map((child) => stop(child)));
}

/** Why a child died, for error messages: its exit code or signal. */
export function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `killed by ${signal}` : `exited with code ${code}`;
}

/** Null while the child runs; otherwise how it ended. */
export function exitOf(child: ChildProcess): string | null {
  return child.exitCode === null && child.signalCode === null
    ? null
    : describeExit(child.exitCode, child.signalCode);
}

export type Helper = { child: ChildProcess; pid: number; port: number };

/** Fork one of bench/'s own scripts and wait for its `ready` message (which carries its port). */
export function forkHelper(script: string, args: string[], nodeFlags: string[]): Promise<Helper> {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const child = track(
    fork(path, args, {
      execArgv: nodeFlags,
      serialization: "advanced",
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    }),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${script} did not report ready within ${START_TIMEOUT_MS} ms`));
    }, START_TIMEOUT_MS);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${script} ${describeExit(code, signal)} before it was ready`));
    });
    child.once("message", (message: unknown) => {
      clearTimeout(timer);
      const { pid } = child;
      if (!isReadyMessage(message) || pid === undefined) {
        reject(new Error(`${script} sent an unexpected first message: ${JSON.stringify(message)}`));
        return;
      }
      resolve({ child, pid, port: message.port });
    });
  });
}
