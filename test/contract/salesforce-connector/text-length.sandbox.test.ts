/**
 * Issue 10: Salesforce counts text length in UTF-16 code units (an emoji outside the BMP is two), and so
 * does its sandbox. A HubSpot value bound for a Salesforce field goes through the mapping with the target
 * the connector's describe reports, so it is cut to fit in those units, on a code-point boundary.
 */
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mappingTargets } from '../../../src/mapping/targets.ts';
import { toSalesforce } from '../../../src/mapping/transform.ts';
import { FieldMapping } from '../../../src/mapping/schema.ts';
import { drain, harness, leadPeople, world } from './sandbox-world.ts';

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterAll(() => nock.enableNetConnect());

describe('a HubSpot name longer than the Salesforce field, in emoji', () => {
  it('is written to the sandbox cut to the field length in UTF-16 units, whole characters only', async () => {
    const h = await harness(world(leadPeople(1, () => '2026-02-01T00:00:00.000Z')));
    try {
      const lead = (await drain(h.sf.pullChanges('lead', null, { signpost: new Date(), fields: [] })))
        .items[0];
      if (!lead) throw new Error('no Lead in the sandbox');
      const [targets] = mappingTargets(
        [FieldMapping.parse({ hubspot: 'firstname', salesforce: { lead: 'FirstName' } })],
        { hubspot: [], salesforce: { lead: await h.sf.describe('lead'), contact: [] } },
      );
      const into = targets?.salesforce.lead;
      // 34 characters, 59 UTF-16 units: it fits 40 code points but not 40 units, and unit 40 is the
      // first half of an emoji.
      const name = `Ines ${'🦄🌈'.repeat(12)}🎉 Zoë`;
      expect([Array.from(name).length, name.length]).toEqual([34, 59]);
      const converted = toSalesforce(name, { field: 'firstname → FirstName', target: into });
      const outcomes = await h.sf.write('lead', [{ id: lead.id, fields: { FirstName: converted.value } }]);
      // Not STRING_TOO_LONG: the value was cut in the units the field counts.
      expect(outcomes).toEqual([expect.objectContaining({ ok: true })]);
      expect(into).toMatchObject({ length: 40, lengthUnit: 'utf16' });
      const stored = String(h.sandbox.store.get('Lead', lead.id)?.['FirstName']);
      expect(stored.isWellFormed()).toBe(true);
      expect(stored).toBe(`Ines ${'🦄🌈'.repeat(8)}🦄`);
      expect(stored.length).toBe(39);
      expect(converted.warning).toMatchObject({ code: 'truncated', length: 59, maxLength: 40 });
    } finally {
      await h.sandbox.close();
    }
  });
});
