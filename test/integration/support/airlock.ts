/** Starts the real airlock server in-process on port 0, with its log lines captured for assertions. */
import type { AddressInfo } from "node:net";
import { loadConfig } from "../../../src/config/load.ts";
import { type App, createApp } from "../../../src/server/app.ts";
import { createLogger } from "../../../src/server/logger.ts";

export type RunningAirlock = {
  readonly url: string;
  /** Base URL for the OpenAI SDK. */
  readonly baseURL: string;
  readonly logs: string[];
  readonly app: App;
  close(): Promise<void>;
};

export async function startAirlock(
  env: Record<string, string>,
  flags: { config?: string } = {},
): Promise<RunningAirlock> {
  const logs: string[] = [];
  const config = loadConfig(
    { listen: "127.0.0.1:0", ...flags },
    { XDG_CONFIG_HOME: "/nonexistent", XDG_CONFIG_DIRS: "/nonexistent", ...env },
  );
  const logger = createLogger("debug", { write: (line: string) => void logs.push(line) });
  const app = createApp(config, logger);
  const address: AddressInfo = await app.listen();
  const url = `http://127.0.0.1:${address.port}`;
  return { url, baseURL: `${url}/v1`, logs, app, close: () => app.shutdown(1_000) };
}

/** Test credentials, generated per run: obvious fixtures, never real-looking keys. */
export function fixtureSecret(label: string): string {
  return `test-${label}-${crypto.randomUUID()}`;
}
