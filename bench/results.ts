/**
 * The shape of a bench run's results, and where they are written. latest.json is overwritten on
 * every run and ignored by git: results belong to a machine and a moment, not to the repository.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { ColdStart } from "./airlock.ts";
import type { Options, Target } from "./options.ts";
import type { Machine } from "./proc-stats.ts";
import type { Ratios } from "./ratios.ts";
import type { PhaseSummary } from "./stats.ts";

export type TargetResult = {
  json: PhaseSummary;
  sse: PhaseSummary;
  /** RSS of the proxy process once ready and before any request; null for direct. */
  idleRssMiB: number | null;
  /** VmHWM at the end of the run: the peak over the process's whole life, start-up included. */
  vmHwmMiB: number | null;
};

export type TargetResults = Partial<Record<Target, TargetResult>>;

export type Startup = {
  coldStarts: ColdStart[];
  medianReadyMs: number;
  medianListenLogMs: number | null;
  /** airlock's own `startupMs` from that line: measured from process start, so it omits exec and loader time. */
  medianSelfReportedMs: number | null;
  benchInstanceReadyMs: number;
};

export type Results = {
  date: string;
  machine: Machine;
  options: Omit<Options, "out">;
  targets: TargetResults;
  airlockStartup: Startup | null;
  ratios: Ratios;
};

export function writeResults(path: string, results: Results): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
}
