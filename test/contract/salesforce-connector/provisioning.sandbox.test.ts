/** Provisioning and relabelling through Tooling /composite on the sandbox: calls counted by the sandbox. */
import { afterEach, describe, expect, it } from 'vitest';
import type { FieldSpec } from '../../../src/domain/field.ts';
import { OWN_FIELD_KEYS, ownFieldSpecs } from '../../../src/mapping/own-fields.ts';
import { counted, harness, leadPeople, world, type Harness } from './sandbox-world.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.sandbox.close();
  h = undefined;
});

const own = (object: 'Lead' | 'Contact'): FieldSpec[] => Object.values(ownFieldSpecs('salesforce', object));

describe('Tooling /composite on the sandbox', () => {
  it('provisions 19 own fields on Lead and Contact (38) in ⌈38/25⌉ = 2 Tooling calls, plus one describe per object and 1 call granting field access', async () => {
    expect(OWN_FIELD_KEYS).toHaveLength(19);
    h = await harness(world(leadPeople(1, () => '2026-02-01T00:00:00.000Z')));
    await h.sf.check();
    h.sandbox.resetStats();
    const specs = [...own('Lead'), ...own('Contact')];
    const results = await h.sf.createFields(specs);
    expect(results.filter((r) => r.status !== 'created')).toEqual([]);
    // Granting on a fresh org: one /composite creates the set, reads its creator, creates one collection of
    // 38 FieldPermissions and the assignment by reference, and queries the state back.
    expect(h.sandbox.stats().byEndpoint).toEqual({
      describe: 2,
      'tooling.composite': 2,
      composite: 1,
    });
    for (const object of ['lead', 'contact'] as const) {
      const names = new Set((await h.sf.describe(object)).map((f) => f.name));
      expect(specs.filter((s) => s.object.toLowerCase() === object && !names.has(s.name))).toEqual([]);
    }
    // The HubSpot id is an External ID: creates upsert on it.
    const hubspotId = (await h.sf.describe('lead')).find((f) => f.name === 'Leadloop_HubSpot_Id__c');
    expect(hubspotId).toBeDefined();

    // Provisioned already: the describe just read answers, no Tooling call.
    h.sandbox.resetStats();
    expect((await h.sf.createFields(specs)).every((r) => r.status === 'exists')).toBe(true);
    expect(counted(h.sandbox, 'tooling.composite')).toBe(0);
  });

  it('provisioning object by object (as a sync run prepares) costs one Tooling call per object', async () => {
    h = await harness(world(leadPeople(1, () => '2026-02-01T00:00:00.000Z')));
    h.sandbox.resetStats();
    for (const object of ['Lead', 'Contact'] as const) await h.sf.createFields(own(object));
    expect(counted(h.sandbox, 'tooling.composite')).toBe(2);
  });

  it('relabels three fields renamed by hand (custom label, custom option, Lead Status value) in two Tooling calls', async () => {
    h = await harness(world(leadPeople(1, () => '2026-02-01T00:00:00.000Z')));
    await h.sf.createFields(own('Lead'));
    const lead = await h.sf.describe('lead');
    const stage = lead.find((f) => f.name === 'Leadloop_Stage__c');
    const status = lead.find((f) => f.name === 'Status');
    const stageValue = stage?.options[0]?.value ?? '';
    const statusValue = status?.options[0]?.value ?? '';
    h.sandbox.resetStats();
    const results = await h.sf.updateLabels([
      { object: 'Lead', field: 'Leadloop_Score__c', from: 'Leadloop Score', to: 'Lead Score' },
      {
        object: 'Lead',
        field: 'Leadloop_Stage__c',
        optionValue: stageValue,
        from: stageValue,
        to: 'Renamed',
      },
      { object: 'Lead', field: 'Status', optionValue: statusValue, from: statusValue, to: 'New (MIL)' },
    ]);
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    expect(h.sandbox.stats().byEndpoint).toEqual({ 'tooling.composite': 2 });
    const after = await h.sf.describe('lead');
    expect(after.find((f) => f.name === 'Leadloop_Score__c')?.label).toBe('Lead Score');
    expect(after.find((f) => f.name === 'Leadloop_Stage__c')?.options[0]?.label).toBe('Renamed');
    expect(after.find((f) => f.name === 'Status')?.options[0]?.label).toBe('New (MIL)');
  });

  it('relabels all 38 own fields (a glossary change) in 5 Tooling calls: locate Ids, 2 × GET, 2 × PATCH', async () => {
    h = await harness(world(leadPeople(1, () => '2026-02-01T00:00:00.000Z')));
    const specs = [...own('Lead'), ...own('Contact')];
    await h.sf.createFields(specs);
    h.sandbox.resetStats();
    const results = await h.sf.updateLabels(
      specs.map((s) => ({ object: s.object, field: s.name, from: s.label, to: `${s.label} (renamed)` })),
    );
    expect(results.filter((r) => r.status !== 'applied')).toEqual([]);
    expect(h.sandbox.stats().byEndpoint).toEqual({ 'tooling.composite': 5 });
    const contact = await h.sf.describe('contact');
    expect(contact.find((f) => f.name === 'Leadloop_Score__c')?.label).toBe('Leadloop Score (renamed)');
  });
});
