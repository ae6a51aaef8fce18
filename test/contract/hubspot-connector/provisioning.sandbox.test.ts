/** Provisioning leadloop's own properties against the sandbox: calls counted by the sandbox, not by us. */
import { describe, expect, it } from 'vitest';
import { OWN_FIELD_KEYS, ownFieldSpecs } from '../../../src/mapping/own-fields.ts';
import { dataset, people, sandboxConnector, served, withSandbox } from './sandbox-helpers.ts';

const specs = () => Object.values(ownFieldSpecs('hubspot', 'contacts'));

describe('createFields on the sandbox', () => {
  it('provisions the 19 own properties with one batch create, one group create and one describe', async () => {
    expect(OWN_FIELD_KEYS).toHaveLength(19);
    await withSandbox({ dataset: dataset(people(2, () => '2026-02-01T00:00:00.000Z')) }, async (sb) => {
      const { hs } = sandboxConnector(sb);
      sb.resetStats();
      const results = await hs.createFields(specs());
      expect(results.map((r) => r.status)).toEqual(Array(19).fill('created'));
      expect(sb.stats().byEndpoint).toEqual({
        'properties.list': 1,
        'properties.groups.create': 1,
        'properties.batch.create': 1,
      });
      const described = await hs.describe('contact');
      const score = described.find((f) => f.name === 'leadloop_score');
      expect(score).toMatchObject({ label: 'Leadloop Score', type: 'number', custom: true });
      expect(sb.store.listProperties().find((p) => p.name === 'leadloop_salesforce_id')).toMatchObject({
        groupName: 'leadloop',
        hasUniqueValue: true,
      });

      // Everything exists now: the describe just read is the answer, no call at all.
      sb.resetStats();
      expect((await hs.createFields(specs())).every((r) => r.status === 'exists')).toBe(true);
      expect(sb.stats().totalCalls).toBe(0);
    });
  });

  it('a property created behind a stale describe comes back exists; the others are created in the same call', async () => {
    await withSandbox({ dataset: dataset(people(1, () => '2026-02-01T00:00:00.000Z')) }, async (sb) => {
      const { hs } = sandboxConnector(sb);
      await hs.describe('contact');
      const [first, ...rest] = specs();
      await sandboxConnector(sb).hs.createFields(first ? [first] : []);
      sb.resetStats();
      const results = await hs.createFields(specs());
      expect(results[0]).toMatchObject({ status: 'exists' });
      expect(results.slice(1).map((r) => r.status)).toEqual(rest.map(() => 'created'));
      expect(served(sb, 'properties.batch.create')).toBe(1);
      expect(served(sb, 'properties.list')).toBe(0);
    });
  });
});
