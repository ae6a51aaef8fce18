/**
 * What the state remembers about models, beside the stream cursors (src/state/meta.ts): the candidate
 * being shadowed and the history of live versions. The candidate is kept as the `scoring` section it was
 * registered with (parsed again on every read, so a candidate some older leadloop stored and this one
 * cannot read is reported, never scored half-way).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { formatIssues } from '../config/format-issues.ts';
import { IsoTime } from '../domain/crm.ts';
import { ConfigError } from '../lib/errors.ts';
import { ScoringConfig } from '../scoring/schema.ts';
import { defineMeta } from '../state/meta.ts';
import type { CursorPort } from '../state/types.ts';
import type { SyncContext } from '../sync/context.ts';

type MetaStore = Pick<CursorPort, 'getCursor' | 'setCursor'>;

export const StoredCandidate = z.strictObject({
  /** The candidate's `scoring` section as written in its file (before defaults). */
  scoring: z.record(z.string(), z.unknown()),
  modelVersion: z.string().min(1),
  /** The file it was registered from, for messages. */
  file: z.string(),
  startedAt: IsoTime,
  /** The live model version when shadowing began. */
  liveVersion: z.string(),
});
export type StoredCandidate = z.infer<typeof StoredCandidate>;

export const ModelVersionEntry = z.strictObject({
  modelVersion: z.string().min(1),
  /** When leadloop first scored with it (a hand edit) or when it was published. */
  at: IsoTime,
  /** Who or what made it live: `leadloop model publish` by a user, or an edit of the config file. */
  by: z.string(),
  /** sha256 of the `scoring` section (canonical JSON): two versions with one hash score alike. */
  configHash: z.string(),
  /** The candidate's shadow start, when it was published from one. */
  shadowedSince: IsoTime.optional(),
  /** The model itself (parsed): a budgeted rescore scores people it has not released yet with it. */
  scoring: z.record(z.string(), z.unknown()).optional(),
});
export type ModelVersionEntry = z.infer<typeof ModelVersionEntry>;

export const candidateMeta = defineMeta('model-candidate', StoredCandidate);
export const modelHistoryMeta = defineMeta('model-history', z.array(ModelVersionEntry));

/** Keys sorted at every level, so a hash does not depend on the order keys were written in. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, canonical(v)]),
    );
  return value;
}

/** The budget is how a model goes live, not how it scores: it stays out of the hash. */
export function scoringHash(scoring: ScoringConfig): string {
  const { rescoreBudget: _budget, ...model } = scoring;
  return createHash('sha256')
    .update(JSON.stringify(canonical(model)))
    .digest('hex')
    .slice(0, 16);
}

/** The stored candidate parsed as a model; null when none is registered. */
export async function readCandidate(
  store: MetaStore,
): Promise<{ stored: StoredCandidate; scoring: ScoringConfig } | null> {
  const stored = await candidateMeta.read(store);
  if (stored === null) return null;
  const parsed = ScoringConfig.safeParse(stored.scoring, { reportInput: true });
  if (!parsed.success)
    throw new ConfigError(
      formatIssues(parsed.error.issues).map(
        (l) => `shadowed candidate ${stored.modelVersion} (from ${stored.file}): scoring.${l}`,
      ),
    );
  return { stored, scoring: parsed.data };
}

export async function dropCandidate(store: MetaStore): Promise<void> {
  await store.setCursor(candidateMeta.key, null);
}

export async function readModelHistory(store: MetaStore): Promise<ModelVersionEntry[]> {
  return (await modelHistoryMeta.read(store)) ?? [];
}

/** Adds a version to the history unless its latest entry already is that version. */
export async function recordModelVersion(store: MetaStore, entry: ModelVersionEntry): Promise<boolean> {
  const history = await readModelHistory(store);
  if (history.at(-1)?.modelVersion === entry.modelVersion) return false;
  await modelHistoryMeta.write(store, [...history, entry]);
  return true;
}

/**
 * A run scoring with a version the history does not end with: the config file was edited by hand (or
 * this is the first run). `leadloop model publish` records its version before the run sees it.
 */
export async function recordLiveVersion(ctx: Pick<SyncContext, 'store' | 'config' | 'clock'>): Promise<void> {
  await recordModelVersion(ctx.store, {
    modelVersion: ctx.config.scoring.modelVersion,
    at: ctx.clock().toISOString(),
    by: 'config file',
    configHash: scoringHash(ctx.config.scoring),
    scoring: ctx.config.scoring,
  });
}

/** A version's model as the history recorded it; null when it was never recorded (or no longer parses). */
export async function recordedScoring(store: MetaStore, modelVersion: string): Promise<ScoringConfig | null> {
  const entry = (await readModelHistory(store)).findLast((h) => h.modelVersion === modelVersion);
  const parsed = ScoringConfig.safeParse(entry?.scoring);
  return parsed.success ? parsed.data : null;
}
