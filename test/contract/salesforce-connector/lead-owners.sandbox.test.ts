/**
 * The connector and the org's Lead assignment rule (on in the sandbox, as in most orgs): updates always
 * send `Sforce-Auto-Assign: FALSE`, so writing a score never changes a Lead's owner; creates send it too
 * (an explicit OwnerId stays) unless the connector is told to let the rule assign (`assignmentRules`).
 * https://developer.salesforce.com/docs/platform/api-rest/guide/headers-autoassign.md
 */
import { afterEach, describe, expect, it } from 'vitest';
import { KEY_PREFIX, makeId } from '../../../connectors/salesforce/sandbox/ids.ts';
import { leadRuleOwner } from '../../../connectors/salesforce/sandbox/write/lead-assignment.ts';
import { OWNER, harness, leadPeople, world, type Harness } from './sandbox-world.ts';

const REPS = [2, 3, 4, 5].map((n) => makeId(KEY_PREFIX.User, n));
const users = [
  { id: OWNER, name: 'Sam Rep', email: 'sam@acme.example', isActive: true },
  ...REPS.map((id, i) => ({ id, name: `Rep ${i}`, email: `rep${i}@acme.example`, isActive: true })),
];
const COUNTRIES = ['France', 'Spain', 'Italy', 'Japan', 'Brazil', 'Canada', 'Chile', 'Kenya'];

describe('Lead owners (Sforce-Auto-Assign)', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.sandbox.close();
    h = undefined;
  });

  /** A Country the rule assigns to someone other than OWNER. */
  const awayCountry = (x: Harness): { country: string; owner: string } => {
    for (const country of COUNTRIES) {
      const owner = leadRuleOwner(x.sandbox.store, country);
      if (owner && owner !== OWNER) return { country, owner };
    }
    throw new Error('no Country the rule assigns away from OWNER');
  };

  it('write (update) leaves every Lead’s owner as it was', async () => {
    h = await harness(
      world(
        leadPeople(5, () => '2026-02-01T00:00:00.000Z'),
        { users },
      ),
    );
    const { country } = awayCountry(h);
    const ids = ['p0', 'p1', 'p2', 'p3', 'p4'].map((k) => h?.sandbox.store.leadIdForPersonKey(k) as string);
    const outcomes = await h.sf.write(
      'lead',
      ids.map((id) => ({ id, fields: { Country: country, Title: 'Scored' } })),
    );
    expect(outcomes.every((o) => o.ok)).toBe(true);
    for (const id of ids) expect(h.sandbox.store.get('Lead', id)?.['OwnerId']).toBe(OWNER);
  });

  it('create keeps an explicit OwnerId by default, and takes the rule’s owner with assignmentRules', async () => {
    const create = async (assignmentRules: boolean | undefined, externalId: string) => {
      h = await harness(world([], { users }), {}, assignmentRules === undefined ? {} : { assignmentRules });
      await h.sf.createFields([
        { object: 'Lead', name: 'Leadloop_HubSpot_Id__c', label: 'HubSpot ID', type: 'string', length: 40 },
      ]);
      const { country, owner } = awayCountry(h);
      const [outcome] = await h.sf.create('lead', [
        {
          externalIdField: 'Leadloop_HubSpot_Id__c',
          externalId,
          fields: { LastName: 'Lovelace', Company: 'Engines', Country: country, OwnerId: OWNER },
        },
      ]);
      if (!outcome?.ok) throw new Error(`create failed: ${JSON.stringify(outcome)}`);
      const got = h.sandbox.store.get('Lead', outcome.id)?.['OwnerId'];
      await h.sandbox.close();
      h = undefined;
      return { got, rule: owner };
    };
    expect((await create(undefined, '901')).got).toBe(OWNER);
    expect((await create(false, '902')).got).toBe(OWNER);
    const assigned = await create(true, '903');
    expect(assigned.got).toBe(assigned.rule);
  });
});
