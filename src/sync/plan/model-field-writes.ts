/** A further scoring model's fields on one record, diffed against what it holds like the primary's. */
import { MODEL_FIELD_KEYS, modelFieldName, type ModelFieldKey } from '../../mapping/model-fields.ts';
import type { FieldValue } from '../../domain/person.ts';
import type { RecordSnapshot } from '../../state/types.ts';
import { ownFieldWrites } from './own-field-writes.ts';
import type { PlannedWrite } from './planned-write.ts';

export interface ModelValues {
  readonly name: string;
  readonly values: Readonly<Record<ModelFieldKey, FieldValue>>;
}

export function modelFieldWrites(snap: RecordSnapshot, model: ModelValues, prefix: string): PlannedWrite[] {
  return ownFieldWrites(snap, model.values, prefix, 'score', {
    name: (crm, key) => modelFieldName(crm, model.name, key, prefix),
    scoreReason: `score (model ${model.name})`,
  });
}

/** Every model's field values under their API names in one CRM: what a hand-off create starts with. */
export function modelFieldsOf(
  crm: RecordSnapshot['crm'],
  models: readonly ModelValues[],
  prefix: string,
): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const model of models)
    for (const key of MODEL_FIELD_KEYS) {
      const value = model.values[key];
      if (value !== null) out[modelFieldName(crm, model.name, key, prefix)] = value;
    }
  return out;
}
