import { afterEach, describe, expect, it } from 'vitest';
import { harness, leadPeople, world, type Harness } from './sandbox-world.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.sandbox.close();
  h = undefined;
});

function dataset() {
  const people = leadPeople(2, () => '2026-01-01T00:00:00.000Z');
  for (const p of people) if (p.salesforceLead) p.salesforceLead.fields = { Budget__c: 'Large' };
  return world(people);
}

describe('Salesforce connector: findHiddenFields (Tooling CustomField sees fields FLS hides)', () => {
  it('names a restricted custom field, not a misspelt one or a standard one, in one call', async () => {
    h = await harness(dataset(), { restrictedFields: ['Lead.Budget__c'] });
    const names = (await h.sf.describe('lead', { fresh: true })).map((f) => f.name);
    expect(names).not.toContain('Budget__c');
    const before = h.sf.usage().totalCalls;
    const found = await h.sf.findHiddenFields?.([
      { object: 'lead', field: 'Budget__c' },
      { object: 'lead', field: 'Budgte__c' },
      { object: 'contact', field: 'Budget__c' },
      { object: 'lead', field: 'Titel' },
    ]);
    expect(found).toEqual([{ object: 'lead', field: 'Budget__c' }]);
    expect(h.sf.usage().totalCalls - before).toBe(1);
  });

  it('asks nothing when no custom field is named', async () => {
    h = await harness(dataset());
    const before = h.sf.usage().totalCalls;
    expect(await h.sf.findHiddenFields?.([{ object: 'lead', field: 'Titel' }])).toEqual([]);
    expect(h.sf.usage().totalCalls).toBe(before);
  });
});
