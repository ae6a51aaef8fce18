/**
 * Drops a run's writes and create values aimed at fields the integration user cannot see (field-level
 * security): sent, they would fail the whole record; held back, the rest of the record syncs and the value
 * goes out on the first run after the field is granted (own fields diff against what the record holds).
 * Pure.
 */
import type { CrmName, PersonObject } from '../../domain/crm.ts';
import type { PersonPlan } from '../plan-person.ts';

type Sends = Pick<PersonPlan, 'writes' | 'creates'>;

/** `salesforce.lead.Leadloop_Score__c`: one field of one CRM object (and its `heldBack.` counter's tail). */
export const withheldKey = (crm: CrmName, object: PersonObject, field: string): `${CrmName}.${string}` =>
  `${crm}.${object}.${field}`;

/**
 * Each withheld field with how many of `plans` (planned as if every field were visible) would have
 * written or created a value in it: the records whose value for it waits for the grant.
 */
export function heldBackCounts(
  plans: readonly Sends[],
  withheld: ReadonlySet<string>,
): Map<`${CrmName}.${string}`, number> {
  const counts = new Map<`${CrmName}.${string}`, number>();
  const add = (key: `${CrmName}.${string}`): void => {
    if (withheld.has(key)) counts.set(key, (counts.get(key) ?? 0) + 1);
  };
  for (const plan of plans) {
    for (const w of plan.writes) add(withheldKey(w.crm, w.object, w.field));
    for (const c of plan.creates)
      for (const field of Object.keys(c.fields)) add(withheldKey(c.crm, c.object, field));
  }
  return counts;
}

export function withholdFields<P extends Sends>(plan: P, withheld: ReadonlySet<string>): P {
  if (withheld.size === 0) return plan;
  const writes = plan.writes.filter((w) => !withheld.has(withheldKey(w.crm, w.object, w.field)));
  const creates = plan.creates.map((c) => ({
    ...c,
    fields: Object.fromEntries(
      Object.entries(c.fields).filter(([field]) => !withheld.has(withheldKey(c.crm, c.object, field))),
    ),
  }));
  return { ...plan, writes, creates };
}
