/** The admin's mapped fields on one record: the mapping's decided values, diffed against what it holds. */
import type { LeadloopConfig } from '../../config/schema.ts';
import type { FieldValue } from '../../domain/person.ts';
import type { SideChange } from '../../mapping/sync-rules.ts';
import type { RecordSnapshot } from '../../state/types.ts';
import { REQUIRED_ON_CREATE } from '../crm-fields.ts';
import { diffWrite, type PlannedWrite } from './planned-write.ts';

/** Values a hand-off puts into fields Salesforce requires on a Lead when the other side has none. */
export function createPlaceholders(config: Pick<LeadloopConfig, 'handoff'>): ReadonlySet<string> {
  return new Set([config.handoff.defaultCompany, ...Object.values(REQUIRED_ON_CREATE.salesforce.lead ?? {})]);
}

const isPlaceholder = (value: FieldValue, placeholders: ReadonlySet<string>): boolean =>
  typeof value === 'string' && placeholders.has(value);

export function mappedFieldWrites(
  snap: RecordSnapshot,
  changes: Readonly<Record<string, SideChange>>,
  placeholders: ReadonlySet<string>,
): PlannedWrite[] {
  // A placeholder on a created Lead means "unknown": spreading it would overwrite a real value, or fill
  // the other CRM with leadloop's filler text.
  return Object.entries(changes).flatMap(([field, change]) =>
    isPlaceholder(change.value, placeholders)
      ? []
      : diffWrite(snap, field, change.value, `mapping ${change.reason}`),
  );
}
