/** A `SyncPhases` that records every call, with hooks to block or fail phases on cue. */
import type { DirtyRange, SyncPhases, SyncRecordRef } from '../../../src/queue/types.ts';
import type { RunKind } from '../../../src/domain/run-kind.ts';

export type PhaseCall =
  | { phase: 'pull'; runId: string; kind: RunKind; at: number }
  | { phase: 'process'; runId: string; personIds: string[]; at: number; worker: string }
  | { phase: 'processed'; runId: string; personIds: string[]; at: number; worker: string }
  | {
      phase: 'commit';
      runId: string;
      pendingCursors: Record<string, string | null>;
      failedChunks: number;
      at: number;
    }
  | { phase: 'records'; runId: string; refs: SyncRecordRef[]; at: number }
  | { phase: 'recordsDone'; runId: string; at: number }
  | { phase: 'fail'; runId: string; error: unknown; at: number };

export interface FakeOptions {
  people?: number;
  chunkSize?: number;
  /** Awaited inside pull (block a run while triggers arrive). */
  beforePull?: (kind: RunKind) => Promise<void>;
  /** Throw to fail this attempt of a chunk; `attempt` counts calls for that chunk, from 1. */
  onProcess?: (personIds: string[], attempt: number, worker: string) => Promise<void> | void;
  onCommit?: () => Promise<void> | void;
  onPull?: () => Promise<void> | void;
  /** Awaited inside a targeted records run (hold it while the test looks at the lock). */
  onRecords?: (runId: string) => Promise<void> | void;
}

export class FakePhases {
  readonly calls: PhaseCall[] = [];
  /** Every listing of the dirty set, with the range it was limited to. */
  readonly listed: { range: DirtyRange | null; worker: string }[] = [];
  readonly #attempts = new Map<string, number>();
  readonly #options: FakeOptions;
  #runs = 0;

  constructor(options: FakeOptions = {}) {
    this.#options = options;
  }

  of<P extends PhaseCall['phase']>(phase: P): Extract<PhaseCall, { phase: P }>[] {
    return this.calls.filter((c): c is Extract<PhaseCall, { phase: P }> => c.phase === phase);
  }

  /** A view bound to one worker name, so two workers sharing this fake are told apart. */
  forWorker(worker: string): SyncPhases {
    return {
      pull: async ({ runId, kind }) => {
        this.calls.push({ phase: 'pull', runId, kind, at: Date.now() });
        await this.#options.beforePull?.(kind);
        await this.#options.onPull?.();
        this.#runs += 1;
        return {
          pendingCursors: { 'hubspot:contact': `cursor-${this.#runs}` },
          dirty: this.#options.people ?? 10,
        };
      },
      listDirtyChunks: (chunkSize, limit = {}) => {
        const size = this.#options.chunkSize ?? chunkSize;
        const { after, through } = limit.range ?? { after: null, through: undefined };
        const ids = Array.from(
          { length: this.#options.people ?? 10 },
          (_, i) => `p${String(i).padStart(4, '0')}`,
        ).filter((id) => (after === null || id > after) && (through === undefined || id <= through));
        this.listed.push({ range: limit.range ?? null, worker });
        const chunks: string[][] = [];
        for (let i = 0; i < ids.length; i += size) chunks.push(ids.slice(i, i + size));
        return (async function* () {
          yield* chunks;
        })();
      },
      processChunk: async ({ runId, personIds }) => {
        const key = `${runId}/${personIds[0] ?? ''}`;
        const attempt = (this.#attempts.get(key) ?? 0) + 1;
        this.#attempts.set(key, attempt);
        this.calls.push({ phase: 'process', runId, personIds, at: Date.now(), worker });
        await this.#options.onProcess?.(personIds, attempt, worker);
        this.calls.push({ phase: 'processed', runId, personIds, at: Date.now(), worker });
        return { written: personIds.length, failed: 0 };
      },
      commit: async ({ runId, pendingCursors, failedChunks }) => {
        await this.#options.onCommit?.();
        this.calls.push({ phase: 'commit', runId, pendingCursors, failedChunks, at: Date.now() });
      },
      fail: async ({ runId, error }) => {
        this.calls.push({ phase: 'fail', runId, error, at: Date.now() });
      },
      syncRecords: async ({ runId, refs }) => {
        this.calls.push({ phase: 'records', runId, refs, at: Date.now() });
        await this.#options.onRecords?.(runId);
        this.calls.push({ phase: 'recordsDone', runId, at: Date.now() });
        return { people: refs.length, written: refs.length, failed: 0 };
      },
    };
  }
}

/** Polls `check` every 20 ms until it returns true; throws after `timeoutMs` (every wait is bounded). */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A promise plus its resolver, to hold a phase until the test lets it go. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}
