/**
 * CPU time and peak RSS of another process, read from Linux's /proc (the bench's worker processes): a
 * process measures itself with `process.cpuUsage()`, but the bench must measure its children from outside.
 * https://man7.org/linux/man-pages/man5/proc_pid_stat.5.html, proc_pid_status.5.html
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcUsage {
  /** User + system CPU time since the process started, in ms. */
  readonly cpuMs: number;
  /** `VmHWM`: the most resident memory the process has held since it started, in MB. */
  readonly peakRssMb: number;
}

/** utime and stime (fields 14 and 15) in clock ticks; the command name (field 2) may hold spaces and ')'. */
export function parseStatTicks(stat: string): number {
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // `rest` starts at field 3 (state), so field n is rest[n - 3].
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime))
    throw new Error(`unreadable /proc stat line: ${stat}`);
  return utime + stime;
}

/** `VmHWM:   123456 kB` → MB. */
export function parseStatusPeakMb(status: string): number {
  const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status);
  if (!match?.[1]) throw new Error('no VmHWM line in /proc status');
  return (Number(match[1]) * 1024) / 1e6;
}

let ticksPerSecond: number | undefined;
const clockTicks = (): number => {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return ticksPerSecond;
};

export function procUsage(pid: number): ProcUsage {
  const ticks = parseStatTicks(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  return {
    cpuMs: (ticks * 1000) / clockTicks(),
    peakRssMb: parseStatusPeakMb(readFileSync(`/proc/${pid}/status`, 'utf8')),
  };
}

/** This process's CPU time (ms) summed by thread name (`MainThread`, `V8Worker`, ...), from /proc/self/task. */
export function threadCpuMs(): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    out.set(name, (out.get(name) ?? 0) + (parseStatTicks(stat) * 1000) / clockTicks());
  }
  return out;
}
