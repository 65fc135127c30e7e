/** The human-readable report: header, one table per measure, then the ratios. */
import type { Target } from "./options.ts";
import { peakRss } from "./ratios.ts";
import type { Results, TargetResult } from "./results.ts";
import type { PhaseSummary } from "./stats.ts";

function fixed(value: number | null | undefined, digits: number, sign = false): string {
  if (value == null || Number.isNaN(value)) return "-";
  return `${sign && value >= 0 ? "+" : ""}${value.toFixed(digits)}`;
}

function times(value: number | null): string {
  return value === null ? "-" : `${value.toFixed(2)}×`;
}

function ms(value: number | null): string {
  return value === null ? "-" : `${fixed(value, 2, true)} ms`;
}

/** Columns padded to their widest cell; names left-aligned, numbers right-aligned unless `text`. */
function table(rows: string[][], text = false): string {
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length))) ?? [];
  return rows
    .map((row) =>
      row
        .map((cell, column) =>
          column === 0 || text ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
        )
        .join("   ")
        .trimEnd(),
    )
    .join("\n");
}

function jsonRow(name: string, json: PhaseSummary): string[] {
  return [
    name,
    fixed(json.reqPerSec, 0),
    fixed(json.spreadPct, 1),
    fixed(json.latencyMs.p50, 2),
    fixed(json.latencyMs.p99, 2),
    fixed(json.cpuUsPerRequest.target, 0),
    String(json.errors),
  ];
}

function sseRow(name: string, sse: PhaseSummary): string[] {
  return [
    name,
    fixed(sse.reqPerSec, 0),
    fixed(sse.spreadPct, 1),
    fixed(sse.ttfbMs.p50, 2),
    fixed(sse.latencyMs.p50, 2),
    fixed(sse.latencyMs.p99, 2),
    fixed(sse.cpuUsPerRequest.target, 0),
    String(sse.errors),
  ];
}

function header(results: Results): string[] {
  const { machine, options } = results;
  return [
    `airlock bench — ${results.date}`,
    `machine: ${machine.cpuModel}, ${machine.cores} cores (${machine.logicalCpus} logical CPUs), ` +
      `node ${machine.node}, Linux ${machine.kernel}`,
    `load: ${options.connections} connections; per target and phase ${options.rounds} rounds × ` +
      `${options.roundMs / 1000} s (≤ ${options.maxRequests} requests each) after a ${options.warmupMs / 1000} s ` +
      `warm-up; rounds interleaved ${options.targets.join(" → ")}`,
    `node flags for pipe and airlock: ${options.nodeFlags.join(" ") || "(none)"}`,
  ];
}

function startupLine(startup: NonNullable<Results["airlockStartup"]>): string {
  const each = startup.coldStarts.map((start) => fixed(start.readyMs, 0)).join(", ");
  return (
    `airlock ready to serve: GET /readyz 200 after ${fixed(startup.medianReadyMs, 0)} ms from spawn ` +
    `(median of ${startup.coldStarts.length} cold starts: ${each}; the bench's own instance ` +
    `${fixed(startup.benchInstanceReadyMs, 0)}); "listening" log line after ${fixed(startup.medianListenLogMs, 0)} ms ` +
    `(its own startupMs: ${fixed(startup.medianSelfReportedMs, 0)})`
  );
}

function notes(results: Results): string[] {
  const lines: string[] = [];
  if (results.machine.cores < 4) {
    lines.push(
      `note: on ${results.machine.cores} cores the load generator, the upstream and the proxy compete for CPU, so req/s`,
      "      ratios mostly reflect CPU per request; CPU µs/req is the figure that carries over to other machines.",
    );
  }
  lines.push(
    "note: req/s is the median of the rounds and the req/s ratios the median of same-round pairs; ±% is half the",
    "      rounds' range. TTFB ≈ full stream because the mock writes all 50 chunks at once and loopback delivers them together.",
  );
  return lines;
}

export function formatReport(results: Results): string {
  const { targets, ratios } = results;
  const rows = Object.entries(targets).filter(
    (entry): entry is [Target, TargetResult] => entry[1] !== undefined,
  );
  const proxies = rows.filter(([name]) => name !== "direct");
  const lines = [
    ...header(results),
    "",
    table([
      ["non-streaming", "req/s", "±%", "p50 ms", "p99 ms", "CPU µs/req", "errors"],
      ...rows.map(([name, result]) => jsonRow(name, result.json)),
    ]),
    "",
    table([
      [
        "streaming (50 chunks)",
        "req/s",
        "±%",
        "TTFB p50 ms",
        "full p50 ms",
        "full p99 ms",
        "CPU µs/req",
        "errors",
      ],
      ...rows.map(([name, result]) => sseRow(name, result.sse)),
    ]),
    "",
    table([
      ["memory (MiB)", "idle RSS", "peak RSS non-streaming", "peak RSS streaming", "VmHWM at end"],
      ...proxies.map(([name, result]) => [
        name,
        fixed(result.idleRssMiB, 1),
        fixed(result.json.peakRssMiB, 1),
        fixed(result.sse.peakRssMiB, 1),
        fixed(result.vmHwmMiB, 1),
      ]),
    ]),
    "",
    table([
      ["CPU µs/req of shared processes", "upstream json", "load json", "upstream sse", "load sse"],
      ...rows.map(([name, { json, sse }]) => [
        name,
        fixed(json.cpuUsPerRequest.upstream, 0),
        fixed(json.cpuUsPerRequest.load, 0),
        fixed(sse.cpuUsPerRequest.upstream, 0),
        fixed(sse.cpuUsPerRequest.load, 0),
      ]),
    ]),
  ];
  if (results.airlockStartup) lines.push("", startupLine(results.airlockStartup));
  lines.push(
    "",
    "ratios",
    table(
      [
        [
          "  req/s non-streaming",
          `pipe/direct ${times(ratios.jsonReqPerSecPipeOverDirect)}`,
          `airlock/direct ${times(ratios.jsonReqPerSecAirlockOverDirect)}`,
          `airlock/pipe ${times(ratios.jsonReqPerSecAirlockOverPipe)}`,
        ],
        [
          "  req/s streaming",
          `pipe/direct ${times(ratios.sseReqPerSecPipeOverDirect)}`,
          `airlock/direct ${times(ratios.sseReqPerSecAirlockOverDirect)}`,
          `airlock/pipe ${times(ratios.sseReqPerSecAirlockOverPipe)}`,
        ],
        [
          "  added p50 latency, non-streaming",
          `pipe ${ms(ratios.jsonAddedP50MsPipe)}`,
          `airlock ${ms(ratios.jsonAddedP50MsAirlock)}`,
        ],
        [
          "  added p50 TTFB, streaming",
          `pipe ${ms(ratios.sseAddedTtfbP50MsPipe)}`,
          `airlock ${ms(ratios.sseAddedTtfbP50MsAirlock)}`,
        ],
        [
          "  peak RSS",
          `pipe ${fixed(peakRss(targets.pipe), 1)} MiB`,
          `airlock ${fixed(peakRss(targets.airlock), 1)} MiB`,
          `airlock/pipe ${times(ratios.peakRssMiBAirlockOverPipe)}`,
        ],
        [
          "  CPU per request",
          `airlock/pipe non-streaming ${times(ratios.jsonCpuPerRequestAirlockOverPipe)}`,
          `streaming ${times(ratios.sseCpuPerRequestAirlockOverPipe)}`,
        ],
      ],
      true,
    ),
  );
  lines.push("", ...notes(results));
  for (const [name, result] of rows) {
    for (const phase of [result.json, result.sse]) {
      if (phase.firstError)
        lines.push(`warning: ${name} had ${phase.errors} failed requests; first: ${phase.firstError}`);
    }
  }
  return lines.join("\n");
}
