/**
 * airlock's benchmark: the load generator against three targets on loopback — the mock upstream
 * itself (direct), a bare node:http + undici pipe (the Node floor), and airlock as a user starts it.
 * Each runs in its own process, as does the load. Rounds alternate direct, pipe, airlock so that
 * drift (thermal, noisy neighbours, JIT) lands on all three alike.
 *
 * Run: npm run bench [-- --help]
 */
import { resolve } from "node:path";
import { assertAirlockPresent, type ColdStart, measureColdStarts, REPO_ROOT } from "./airlock.ts";
import { forkHelper, type Helper, installCleanup, stopAll } from "./children.ts";
import { type Options, parseOptions, type Target, USAGE } from "./options.ts";
import { machineInfo, readStatusKiB } from "./proc-stats.ts";
import { computeRatios } from "./ratios.ts";
import { formatReport } from "./report.ts";
import { type Results, type Startup, type TargetResults, writeResults } from "./results.ts";
import { runRound } from "./round.ts";
import { emptySamples, median, type PhaseSamples, summarize } from "./stats.ts";
import { assertAlive, type RunningTarget, startTargets } from "./targets.ts";

const PHASES = [
  { name: "json", stream: false },
  { name: "sse", stream: true },
] as const;
type Samples = Map<Target, Record<(typeof PHASES)[number]["name"], PhaseSamples>>;

function progress(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Per phase: an unmeasured warm-up of each target, then measured rounds in a fixed rotation. */
async function measure(options: Options, running: RunningTarget[], upstream: Helper, load: Helper) {
  const samples: Samples = new Map(
    running.map(({ name }) => [name, { json: emptySamples(), sse: emptySamples() }]),
  );
  for (const phase of PHASES) {
    const round = (target: RunningTarget, durationMs: number) => ({
      load: { child: load.child, pid: load.pid },
      upstreamPid: upstream.pid,
      endpoint: target.endpoint,
      stream: phase.stream,
      connections: options.connections,
      durationMs,
      maxRequests: options.maxRequests,
    });
    progress(`${phase.name}: warm-up`);
    for (const target of running) await runRound(round(target, options.warmupMs));
    assertAlive(running);
    for (let index = 1; index <= options.rounds; index++) {
      const rates: string[] = [];
      for (const target of running) {
        const result = await runRound(round(target, options.roundMs), samples.get(target.name)?.[phase.name]);
        rates.push(`${target.name} ${Math.round((result.completed * 1000) / result.elapsedMs)}/s`);
        assertAlive(running);
      }
      progress(`${phase.name}: round ${index}/${options.rounds}: ${rates.join(", ")}`);
    }
  }
  return samples;
}

function summarizeTargets(running: RunningTarget[], samples: Samples): TargetResults {
  const results: TargetResults = {};
  for (const { name, endpoint, idleRssKiB } of running) {
    const phases = samples.get(name);
    if (!phases) continue;
    results[name] = {
      json: summarize(phases.json),
      sse: summarize(phases.sse),
      idleRssMiB: idleRssKiB === null ? null : idleRssKiB / 1024,
      vmHwmMiB: endpoint.pid === null ? null : readStatusKiB(endpoint.pid, "VmHWM") / 1024,
    };
  }
  return results;
}

function medianOrNull(values: (number | null)[]): number | null {
  const known = values.filter((value) => value !== null);
  return known.length > 0 ? median(known) : null;
}

function startupOf(coldStarts: ColdStart[], running: RunningTarget[]): Startup | null {
  const benchInstanceReadyMs = running.find(({ name }) => name === "airlock")?.readyMs;
  if (benchInstanceReadyMs == null) return null;
  return {
    coldStarts,
    medianReadyMs: median(coldStarts.map((start) => start.readyMs)),
    medianListenLogMs: medianOrNull(coldStarts.map((start) => start.listenLogMs)),
    medianSelfReportedMs: medianOrNull(coldStarts.map((start) => start.selfReportedMs)),
    benchInstanceReadyMs,
  };
}

async function main(): Promise<void> {
  installCleanup();
  const options = parseOptions(process.argv.slice(2), process.env);
  if (!options) {
    process.stdout.write(USAGE);
    return;
  }
  const wantsAirlock = options.targets.includes("airlock");
  if (wantsAirlock) assertAirlockPresent();

  const upstream = await forkHelper("./upstream.ts", [], []);
  let coldStarts: ColdStart[] = [];
  if (wantsAirlock) {
    progress(`timing ${options.startups} airlock cold starts…`);
    coldStarts = await measureColdStarts(upstream.port, options.nodeFlags, options.startups);
  }
  const running = await startTargets(options, upstream.port);
  const load = await forkHelper("./load.ts", [], []);
  const samples = await measure(options, running, upstream, load);
  // Read VmHWM and the rest before stopping anything: /proc/PID vanishes with the process.
  const targets = summarizeTargets(running, samples);
  await stopAll();

  const { out, ...reported } = options;
  const results: Results = {
    date: new Date().toISOString(),
    machine: machineInfo(),
    options: reported,
    targets,
    airlockStartup: startupOf(coldStarts, running),
    ratios: computeRatios(targets),
  };
  process.stdout.write(`\n${formatReport(results)}\n`);
  const path = resolve(REPO_ROOT, out);
  writeResults(path, results);
  progress(`\nresults written to ${path}`);
}

main().catch(async (error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  await stopAll();
  // Exit outright: whatever failed may have left a timer or socket that would keep the bench alive.
  process.exit(1);
});
