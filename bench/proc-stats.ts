/**
 * What /proc says about a process and the machine. Linux only, like the targets airlock ships for.
 * Reads are synchronous and tiny (one small file each), so the parent can sample every few tens of
 * milliseconds without competing with the processes it measures.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { availableParallelism, cpus, release } from "node:os";

/**
 * The CPU time a process has had so far, in µs, all its threads together: from each thread's
 * /proc/PID/task/TID/schedstat (nanoseconds on the CPU) where the kernel keeps it, else from
 * /proc/PID/stat's clock ticks (10 ms each, too coarse for a light load over a few seconds).
 */
export function readCpuUs(pid: number): number {
  const ns = schedstatNs(pid);
  return ns === undefined ? (readCpuTicks(pid) * 1e6) / ticksPerSecond() : ns / 1000;
}

function schedstatNs(pid: number): number | undefined {
  let total = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "latin1");
    } catch {
      // A thread that ended between the listing and the read: its time is gone either way.
      continue;
    }
    const ns = Number(stat.split(" ")[0]);
    if (!Number.isFinite(ns)) return undefined;
    total += ns;
  }
  // Kernels built without schedstats report zeros: a live process has had some CPU.
  return total > 0 ? total : undefined;
}

let ticks: number | undefined;
function ticksPerSecond(): number {
  ticks ??= clockTicksPerSecond();
  return ticks;
}

/** utime + stime in clock ticks. Fields 14 and 15 of /proc/PID/stat, counted after the `(comm)` field,
 *  which may itself contain spaces and parentheses — hence the split at the last `)`. */
function readCpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[11]) + Number(fields[12]);
}

/** A `kB` field of /proc/PID/status in KiB, e.g. VmRSS (now) or VmHWM (peak over the process's life). */
export function readStatusKiB(pid: number, field: "VmRSS" | "VmHWM"): number {
  const status = readFileSync(`/proc/${pid}/status`, "latin1");
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status);
  return match?.[1] ? Number(match[1]) : 0;
}

/** USER_HZ, the unit of /proc/PID/stat times; 100 on every mainstream kernel, but ask rather than assume. */
export function clockTicksPerSecond(): number {
  try {
    const ticks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());
    return Number.isFinite(ticks) && ticks > 0 ? ticks : 100;
  } catch {
    return 100;
  }
}

export type Machine = { cpuModel: string; cores: number; logicalCpus: number; node: string; kernel: string };

export function machineInfo(): Machine {
  const cpuinfo = readFileSync("/proc/cpuinfo", "utf8");
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? cpus()[0]?.model ?? "unknown";
  return {
    cpuModel: model,
    // availableParallelism honours CPU affinity and cgroup-pinned sets; cpus() lists the whole machine.
    cores: availableParallelism(),
    logicalCpus: cpus().length,
    node: process.version,
    kernel: release(),
  };
}

export type RssSampler = { stop(): number };

/** Peak VmRSS of one process over an interval: unlike VmHWM it forgets earlier phases, so each phase
 *  gets its own peak. A process that has exited simply stops contributing samples. */
export function sampleRss(pid: number, intervalMs: number): RssSampler {
  let peak = 0;
  function sample(): void {
    try {
      peak = Math.max(peak, readStatusKiB(pid, "VmRSS"));
    } catch {
      // The process is gone; the round will report its failure.
    }
  }
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop(): number {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}
