/**
 * Target against target. Computed once and stored in the JSON too, so a reader of latest.json and a
 * reader of the terminal see the same numbers. Null wherever a target was not run.
 */
import type { TargetResult, TargetResults } from "./results.ts";
import { median, type PhaseSummary } from "./stats.ts";

function ratio(numerator: number | null | undefined, denominator: number | null | undefined): number | null {
  if (numerator == null || denominator == null || denominator === 0) return null;
  return numerator / denominator;
}

/**
 * Throughput ratios pair each round with its neighbour of the same round number — they ran seconds
 * apart — and take the median of those paired ratios. That is what interleaving buys: drift between
 * rounds cancels inside each pair instead of landing on whichever target ran during it.
 */
function pairedRatio(
  numerator: PhaseSummary | undefined,
  denominator: PhaseSummary | undefined,
): number | null {
  if (!numerator || !denominator) return null;
  const pairs = numerator.reqPerSecByRound.flatMap((rate, round) => {
    const base = denominator.reqPerSecByRound[round];
    return base ? [rate / base] : [];
  });
  return pairs.length > 0 ? median(pairs) : null;
}

function difference(minuend: number | undefined, subtrahend: number | undefined): number | null {
  return minuend === undefined || subtrahend === undefined ? null : minuend - subtrahend;
}

export function computeRatios(targets: TargetResults) {
  const { direct, pipe, airlock } = targets;
  return {
    jsonReqPerSecPipeOverDirect: pairedRatio(pipe?.json, direct?.json),
    jsonReqPerSecAirlockOverDirect: pairedRatio(airlock?.json, direct?.json),
    jsonReqPerSecAirlockOverPipe: pairedRatio(airlock?.json, pipe?.json),
    sseReqPerSecPipeOverDirect: pairedRatio(pipe?.sse, direct?.sse),
    sseReqPerSecAirlockOverDirect: pairedRatio(airlock?.sse, direct?.sse),
    sseReqPerSecAirlockOverPipe: pairedRatio(airlock?.sse, pipe?.sse),
    jsonAddedP50MsPipe: difference(pipe?.json.latencyMs.p50, direct?.json.latencyMs.p50),
    jsonAddedP50MsAirlock: difference(airlock?.json.latencyMs.p50, direct?.json.latencyMs.p50),
    sseAddedTtfbP50MsPipe: difference(pipe?.sse.ttfbMs.p50, direct?.sse.ttfbMs.p50),
    sseAddedTtfbP50MsAirlock: difference(airlock?.sse.ttfbMs.p50, direct?.sse.ttfbMs.p50),
    peakRssMiBAirlockOverPipe: ratio(peakRss(airlock), peakRss(pipe)),
    jsonCpuPerRequestAirlockOverPipe: ratio(
      airlock?.json.cpuUsPerRequest.target,
      pipe?.json.cpuUsPerRequest.target,
    ),
    sseCpuPerRequestAirlockOverPipe: ratio(
      airlock?.sse.cpuUsPerRequest.target,
      pipe?.sse.cpuUsPerRequest.target,
    ),
  };
}

export function peakRss(result: TargetResult | undefined): number | null {
  if (!result || result.json.peakRssMiB === null || result.sse.peakRssMiB === null) return null;
  return Math.max(result.json.peakRssMiB, result.sse.peakRssMiB);
}

export type Ratios = ReturnType<typeof computeRatios>;
