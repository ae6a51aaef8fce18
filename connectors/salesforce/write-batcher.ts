/**
 * Packs the writes a caller hands over side by side (a chunk's Lead and Contact updates, its hand-off
 * creates) into the same `/composite` calls: collections submitted before the event loop's next turn go
 * out together, five collections of 200 per call, instead of each object filling its own last, partial
 * call. Each submission keeps its `Sforce-Auto-Assign` choice on its own collections (collections.ts).
 * Outcomes go back to each submission by its own keys, so two submissions may use the same key.
 */
import type { WriteOutcome } from '../../src/domain/write.ts';
import type { SalesforceClient } from './connection.ts';
import { writeCollections, type CollectionTarget, type WriteOptions } from './collections.ts';

interface Submission {
  readonly targets: readonly CollectionTarget[];
  readonly resolve: (outcomes: Map<string, WriteOutcome>) => void;
  readonly reject: (err: unknown) => void;
}

/** Waiting submissions per client. */
const queues = new WeakMap<SalesforceClient, Submission[]>();

async function flush(client: SalesforceClient, batch: Submission[]): Promise<void> {
  // Keys are made unique per submission: `<n>:<key>`.
  const targets = batch.flatMap((s, n) =>
    s.targets.map((t) => ({ ...t, items: t.items.map((it) => ({ ...it, key: `${n}:${it.key}` })) })),
  );
  let outcomes: Map<string, WriteOutcome>;
  try {
    outcomes = await writeCollections(client, targets);
  } catch (err) {
    for (const s of batch) s.reject(err);
    return;
  }
  batch.forEach((s, n) => {
    const own = new Map<string, WriteOutcome>();
    const prefix = `${n}:`;
    for (const [key, outcome] of outcomes) {
      if (!key.startsWith(prefix)) continue;
      const original = key.slice(prefix.length);
      own.set(original, { ...outcome, key: original });
    }
    s.resolve(own);
  });
}

/** `writeCollections` for these targets, sharing calls with whatever else is submitted in this turn. */
export function submitWrites(
  client: SalesforceClient,
  targets: readonly CollectionTarget[],
  options: WriteOptions,
): Promise<Map<string, WriteOutcome>> {
  const own = targets.map((t) => ({ ...t, assignmentRules: t.assignmentRules ?? options.assignmentRules }));
  return new Promise((resolve, reject) => {
    const waiting = queues.get(client);
    if (waiting) {
      waiting.push({ targets: own, resolve, reject });
      return;
    }
    const batch: Submission[] = [{ targets: own, resolve, reject }];
    queues.set(client, batch);
    setImmediate(() => {
      queues.delete(client);
      void flush(client, batch);
    });
  });
}
