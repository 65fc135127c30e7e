/**
 * Turning rounds into numbers. Samples from all measured rounds of a target are pooled before taking
 * percentiles (a median of per-round medians would hide the tail); throughput is total requests over
 * total time, and the per-round rates are kept to show how much the machine drifted.
 */

export type ProcessRole = "target" | "upstream" | "load";

export type RoundRecord = {
  completed: number;
  errors: number;
  elapsedMs: number;
  /** CPU µs each process spent during the round; `target` is null for the direct target. */
  cpuUs: Record<ProcessRole, number | null>;
  /** Peak VmRSS of the proxy process sampled during the round, null for the direct target. */
  peakRssKiB: number | null;
};

export type PhaseSamples = {
  rounds: RoundRecord[];
  latencyMs: Float64Array[];
  ttfbMs: Float64Array[];
  firstError: string | null;
};

export type Percentiles = { p50: number; p99: number };

export type PhaseSummary = {
  requests: number;
  errors: number;
  firstError: string | null;
  /** Median of the per-round rates: a burst of outside load on a shared machine spoils one round, not the figure. */
  reqPerSec: number;
  /** All requests over all measured time, for comparison with the median. */
  reqPerSecOverall: number;
  reqPerSecByRound: number[];
  /** Half the range of the per-round rates, as a percentage of the median. */
  spreadPct: number;
  latencyMs: Percentiles;
  ttfbMs: Percentiles;
  cpuUsPerRequest: Record<ProcessRole, number | null>;
  peakRssMiB: number | null;
};

export function emptySamples(): PhaseSamples {
  return { rounds: [], latencyMs: [], ttfbMs: [], firstError: null };
}

function concat(parts: Float64Array[]): Float64Array {
  const all = new Float64Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    all.set(part, offset);
    offset += part.length;
  }
  return all;
}

/** Nearest-rank percentile of an ascending array; NaN when there are no samples. */
function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

function percentiles(parts: Float64Array[]): Percentiles {
  // Typed-array sort is numeric (no comparator needed) and far cheaper than sorting a number[].
  const sorted = concat(parts).sort();
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  if (sorted.length === 0) return Number.NaN;
  return Number.isInteger(middle)
    ? ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
    : (sorted[Math.floor(middle)] ?? Number.NaN);
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

export function summarize(samples: PhaseSamples): PhaseSummary {
  const { rounds } = samples;
  const requests = sum(rounds.map((round) => round.completed));
  const seconds = sum(rounds.map((round) => round.elapsedMs)) / 1000;
  const reqPerSecByRound = rounds.map((round) => (round.completed * 1000) / round.elapsedMs);
  const reqPerSec = median(reqPerSecByRound);
  const spreadPct =
    reqPerSec > 0 ? (50 * (Math.max(...reqPerSecByRound) - Math.min(...reqPerSecByRound))) / reqPerSec : 0;
  function cpuPerRequest(role: ProcessRole): number | null {
    const times = rounds.map((round) => round.cpuUs[role]);
    if (requests === 0 || times.some((us) => us === null)) return null;
    return sum(times.map((us) => us ?? 0)) / requests;
  }
  const rss = rounds.map((round) => round.peakRssKiB).filter((kib) => kib !== null);
  return {
    requests,
    errors: sum(rounds.map((round) => round.errors)),
    firstError: samples.firstError,
    reqPerSec,
    reqPerSecOverall: seconds > 0 ? requests / seconds : 0,
    reqPerSecByRound,
    spreadPct,
    latencyMs: percentiles(samples.latencyMs),
    ttfbMs: percentiles(samples.ttfbMs),
    cpuUsPerRequest: {
      target: cpuPerRequest("target"),
      upstream: cpuPerRequest("upstream"),
      load: cpuPerRequest("load"),
    },
    peakRssMiB: rss.length > 0 ? Math.max(...rss) / 1024 : null,
  };
}
