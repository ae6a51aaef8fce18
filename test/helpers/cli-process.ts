/**
 * A `leadloop` CLI process for fault tests: spawned on a config file with JSON logs, its output kept,
 * and killed with SIGKILL once the sandboxes have answered (or at least received) a given number of
 * API calls, so a kill lands at a chosen point of a run rather than at a wall-clock moment.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { RunningSandboxes } from '../../connectors/sandbox/start-sandboxes.ts';

const bin = new URL('../../bin/leadloop.js', import.meta.url).pathname;

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface CliProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<Exit>;
  output(): string;
}

export function startCli(args: readonly string[], env: Record<string, string> = {}): CliProcess {
  // The config names its state; an outer REDIS_URL must not win over it.
  const { REDIS_URL: _outer, ...inherited } = process.env;
  const child = spawn(process.execPath, [bin, ...args], {
    env: { ...inherited, LOG_FORMAT: 'json', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const keep = (d: Buffer): void => {
    text = (text + d.toString()).slice(-200_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, exited, output: () => text };
}

/** API calls both sandboxes have counted so far. */
export const callsSeen = (sb: RunningSandboxes): number =>
  sb.hubspot.stats().totalCalls + sb.salesforce.stats().totalCalls;

/**
 * SIGKILLs `cli` as soon as the sandboxes have counted `atCall` calls since `from`; resolves with the
 * exit and whether the kill landed (false when the process ended on its own first). The sandboxes run in
 * this process, so the poll sees a call within a millisecond or so of its arrival, usually while the
 * killed process still waits for the answer.
 */
export async function killAtCall(
  cli: CliProcess,
  sb: RunningSandboxes,
  from: number,
  atCall: number,
  deadlineMs: number,
): Promise<{ exit: Exit; killed: boolean; calls: number }> {
  let killed = false;
  let hung = false;
  const deadline = Date.now() + deadlineMs;
  const timer = setInterval(() => {
    if (killed) return;
    hung = Date.now() > deadline;
    if (callsSeen(sb) - from >= atCall || hung) killed = cli.child.kill('SIGKILL');
  }, 1);
  const exit = await cli.exited;
  clearInterval(timer);
  if (hung) throw new Error(`no kill point within ${deadlineMs} ms; output:\n${cli.output().slice(-3000)}`);
  return { exit, killed: killed && exit.signal === 'SIGKILL', calls: callsSeen(sb) - from };
}
