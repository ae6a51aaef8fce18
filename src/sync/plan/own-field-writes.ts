/** leadloop's own fields (score, grades, cell, stage, stage dates...) on one record, diffed against what it holds. */
import type { CrmName } from '../../domain/crm.ts';
import type { FieldValue } from '../../domain/person.ts';
import { OWN_FIELD_KEYS, ownFieldName, type OwnFieldKey } from '../../mapping/own-fields.ts';
import { sameValue } from '../../mapping/values.ts';
import type { RecordSnapshot } from '../../state/types.ts';
import { diffWrite, type PlannedWrite } from './planned-write.ts';

export type OwnValues = Partial<Record<OwnFieldKey, FieldValue>>;

/** The own fields whose change means "the score changed" (and so the explanation is rewritten). */
const SCORE_KEYS = [
  'score',
  'profileScore',
  'engagementScore',
  'grade',
  'level',
  'cell',
  'modelVersion',
] as const satisfies readonly OwnFieldKey[];

const isBlankValue = (v: FieldValue | undefined): boolean => v === undefined || v === null || v === '';

export interface OwnFieldNaming {
  /** The field of a key; the primary's own field by default (a further model's fields are named apart). */
  readonly name?: (crm: CrmName, key: OwnFieldKey) => string;
  /** The audit reason of score writes; "score" by default. */
  readonly scoreReason?: string;
}

/**
 * `own` holds only the keys leadloop sets (linked ids are the linking's). Stage and stage-date writes carry
 * `stageReason`, so the audit log says which transition moved them; the rest say "score".
 */
export function ownFieldWrites(
  snap: RecordSnapshot,
  own: OwnValues,
  prefix: string,
  stageReason: string,
  naming: OwnFieldNaming = {},
): PlannedWrite[] {
  const nameOf = naming.name ?? ((crm: CrmName, key: OwnFieldKey) => ownFieldName(crm, key, prefix));
  const held = (key: OwnFieldKey): FieldValue => snap.fields[nameOf(snap.crm, key)] ?? null;
  // Decay moves the explanation's decimals every night; rewriting it alone would touch every engaged
  // lead nightly. It is written with a score change (or when missing), so it never disagrees for long.
  const scoreMoved = SCORE_KEYS.some((key) => !sameValue(held(key), own[key] ?? null));
  const writes: PlannedWrite[] = [];
  for (const key of OWN_FIELD_KEYS) {
    if (!(key in own)) continue;
    const field = nameOf(snap.crm, key);
    if (key === 'explanation' && !scoreMoved && !isBlankValue(snap.fields[field])) continue;
    const reason = key === 'stage' || key.endsWith('Date') ? stageReason : (naming.scoreReason ?? 'score');
    writes.push(...diffWrite(snap, field, own[key] ?? null, reason));
  }
  return writes;
}
