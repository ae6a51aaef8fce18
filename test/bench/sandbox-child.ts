/**
 * The benchmark's side of `sandbox-process.ts`: spawns it, waits for its ready line (bounded), and sends
 * JSON-line requests. Its stderr goes to a log file so the table stays readable.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { ChildStats, ReadyLine } from './sandbox-protocol.ts';

export interface ChangedSince {
  readonly hubspot: Record<string, number>;
  readonly salesforce: Record<string, number>;
}

export class SandboxChild {
  readonly ready: ReadyLine;
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private nextId = 1;

  private constructor(child: ChildProcess, ready: ReadyLine, lines: AsyncIterator<string>) {
    this.child = child;
    this.ready = ready;
    void this.readReplies(lines);
  }

  static async start(options: {
    people: number;
    seed: number;
    logFile: string;
    timeoutMs: number;
  }): Promise<SandboxChild> {
    const log = openSync(options.logFile, 'a');
    const child = spawn(
      process.execPath,
      [
        '--max-old-space-size=16384',
        new URL('./sandbox-process.ts', import.meta.url).pathname,
        '--people',
        String(options.people),
        '--seed',
        String(options.seed),
      ],
      { stdio: ['pipe', 'pipe', log] },
    );
    closeSync(log);
    if (!child.stdout) throw new Error('sandbox process has no stdout');
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    try {
      const first = await lines.next();
      if (first.done) throw new Error(`sandbox process exited before it was ready (see ${options.logFile})`);
      return new SandboxChild(child, JSON.parse(first.value) as ReadyLine, lines);
    } finally {
      clearTimeout(timer);
    }
  }

  private async readReplies(lines: AsyncIterator<string>): Promise<void> {
    for (;;) {
      const next = await lines.next();
      if (next.done) break;
      const reply = JSON.parse(next.value) as { id: number; result?: unknown; error?: string };
      const waiter = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.error !== undefined) waiter?.reject(new Error(`sandbox process: ${reply.error}`));
      else waiter?.resolve(reply.result);
    }
    for (const w of this.pending.values()) w.reject(new Error('sandbox process exited'));
    this.pending.clear();
  }

  private request<T>(cmd: string, args: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: (v) => resolve(v as T), reject });
      this.child.stdin?.write(`${JSON.stringify({ id, cmd, args })}\n`);
    });
  }

  stats(): Promise<ChildStats> {
    return this.request<ChildStats>('stats');
  }

  resetStats(): Promise<void> {
    return this.request<void>('reset-stats');
  }

  /** Moves the sandboxes' clock forward; the bench moves leadloop's clock by the same amount. */
  advance(ms: number): Promise<{ offsetMs: number }> {
    return this.request('advance', { ms });
  }

  changedSince(iso: string): Promise<ChangedSince> {
    return this.request<ChangedSince>('changed-since', { iso });
  }

  /** A user edits `count` companies in each CRM (their employee counts): the account scenario's change. */
  editCompanies(count: number): Promise<{ hubspot: number; salesforce: number }> {
    return this.request('edit-companies', { count });
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin?.write(`${JSON.stringify({ id: 0, cmd: 'exit' })}\n`);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}
