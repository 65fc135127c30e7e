#!/usr/bin/env -S node --max-semi-space-size=4 --no-minor-gc-task
/**
 * airlock's entry point: argv -> serve | check | healthcheck. Configuration and usage errors print one
 * line and exit non-zero; a stack trace here would be a bug.
 */
import { readFileSync } from "node:fs";
import { enableCompileCache } from "node:module";
import { AirlockError } from "./canonical/error.ts";
import { parseArguments } from "./cli/args.ts";

// V8's compile cache (NODE_COMPILE_CACHE, else the temp dir) roughly halves the cost of loading
// undici, zod and pino on every start after the first; where nothing is writable it silently does
// nothing. Commands are imported only once chosen, so the cache is on before they load.
enableCompileCache();

async function main(argv: readonly string[]): Promise<number | undefined> {
  let args: ReturnType<typeof parseArguments>;
  try {
    args = parseArguments(argv);
  } catch (error) {
    process.stderr.write(`airlock: ${(error as Error).message}\nrun \`airlock --help\` for usage\n`);
    return 2;
  }
  const flags = { config: args.config, listen: args.listen };
  switch (args.command) {
    case "help":
      process.stdout.write((await import("./cli/help.ts")).helpText);
      return 0;
    case "version": {
      const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
        version: string;
      };
      process.stdout.write(`airlock ${pkg.version}\n`);
      return 0;
    }
    case "check":
      return (await import("./cli/check.ts")).check(flags);
    case "healthcheck":
      return (await import("./cli/healthcheck.ts")).healthcheck(flags);
    case "serve":
      await (await import("./cli/serve.ts")).serve(flags);
      return undefined;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof AirlockError || isListenError(error)) {
      process.stderr.write(`airlock: ${listenMessage(error) ?? error.message}\n`);
      process.exitCode = 1;
      return;
    }
    throw error;
  },
);

function isListenError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && "syscall" in error && error.syscall === "listen";
}

function listenMessage(error: unknown): string | undefined {
  if (!isListenError(error)) return undefined;
  return `cannot listen on ${"address" in error ? String(error.address) : ""}:${"port" in error ? String(error.port) : ""} (${error.code}): is another process using it?`;
}
