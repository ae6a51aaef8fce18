/**
 * The org's active Lead assignment rule: REST creates and updates of Leads get its owner unless the
 * request sends `Sforce-Auto-Assign: FALSE` (any case); on /composite the header counts on the composite
 * request and in a subrequest's `httpHeaders`.
 * https://developer.salesforce.com/docs/platform/api-rest/guide/headers-autoassign.md
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  startSalesforceSandbox,
  type RunningSalesforceSandbox,
} from '../../../connectors/salesforce/sandbox/index.ts';
import { leadRuleOwner } from '../../../connectors/salesforce/sandbox/write/lead-assignment.ts';
import { OWNER, api, connect, sfWorld } from './sandbox-helpers.ts';

const USERS = ['005000000000002AAA', '005000000000003AAA', '005000000000004AAA'];

describe('Lead assignment rule (Sforce-Auto-Assign)', () => {
  let sb: RunningSalesforceSandbox;
  /** A Country the rule assigns to someone other than the seeded owner, and that someone. */
  let country: string;
  let ruleOwner: string;
  beforeEach(async () => {
    const world = sfWorld({ leads: 3 });
    sb = await startSalesforceSandbox({
      dataset: {
        ...world,
        users: [
          ...world.users,
          ...USERS.map((id, i) => ({ id, name: `Rep ${i}`, email: `rep${i}@example.com`, isActive: true })),
        ],
      },
    });
    const found = ['France', 'Spain', 'Italy', 'Japan', 'Brazil', 'Canada']
      .map((c) => ({ c, owner: leadRuleOwner(sb.store, c) }))
      .find((x) => x.owner !== null && x.owner !== OWNER);
    if (!found?.owner) throw new Error('no Country the rule assigns away from the seeded owner');
    country = found.c;
    ruleOwner = found.owner;
  });
  afterEach(() => sb.close());

  const lead = (i: number) => sb.store.leadIdForPersonKey(`lead-${i}`) as string;
  const ownerOf = (id: string) => sb.store.get('Lead', id)?.['OwnerId'];

  it('an sobject PATCH without the header reassigns the Lead; with FALSE (any case) it keeps its owner', async () => {
    expect(ownerOf(lead(0))).toBe(OWNER);
    const kept = await api(sb, `/sobjects/Lead/${lead(0)}`, {
      method: 'PATCH',
      headers: { 'Sforce-Auto-Assign': 'false' },
      body: JSON.stringify({ Country: country }),
    });
    expect(kept.status).toBe(204);
    expect(ownerOf(lead(0))).toBe(OWNER);
    const assigned = await api(sb, `/sobjects/Lead/${lead(0)}`, {
      method: 'PATCH',
      body: JSON.stringify({ Title: 'CMO' }),
    });
    expect(assigned.status).toBe(204);
    expect(ownerOf(lead(0))).toBe(ruleOwner);
  });

  it('jsforce: a Collections update reassigns; a create with FALSE keeps its explicit OwnerId, without it the rule wins', async () => {
    const conn = connect(sb);
    const [updated] = await conn
      .sobject('Lead')
      .update([{ Id: lead(1), Country: country }], { allOrNone: false });
    expect(updated?.success).toBe(true);
    expect(ownerOf(lead(1))).toBe(ruleOwner);

    const body = (ownerId: string) =>
      JSON.stringify({
        allOrNone: false,
        records: [
          {
            attributes: { type: 'Lead' },
            LastName: 'New',
            Company: 'Acme',
            Country: country,
            OwnerId: ownerId,
          },
        ],
      });
    const withFalse = await api(sb, '/composite/sobjects', {
      method: 'POST',
      headers: { 'Sforce-Auto-Assign': 'FALSE' },
      body: body(OWNER),
    });
    const withoutHeader = await api(sb, '/composite/sobjects', { method: 'POST', body: body(OWNER) });
    const idOf = (r: { body: unknown }) => (r.body as Array<{ id: string }>)[0]?.id as string;
    expect(ownerOf(idOf(withFalse))).toBe(OWNER);
    expect(ownerOf(idOf(withoutHeader))).toBe(ruleOwner);
  });

  it('/composite: the header on the composite request or in a subrequest keeps owners; neither reassigns', async () => {
    const sub = (id: string, httpHeaders?: Record<string, string>) => ({
      method: 'PATCH',
      url: '/services/data/v62.0/composite/sobjects',
      referenceId: `r${id.slice(-4)}`,
      ...(httpHeaders ? { httpHeaders } : {}),
      body: { allOrNone: false, records: [{ attributes: { type: 'Lead' }, id, Country: country }] },
    });
    const composite = (headers: Record<string, string>, subs: unknown[]) =>
      api(sb, '/composite', {
        method: 'POST',
        headers,
        body: JSON.stringify({ allOrNone: false, compositeRequest: subs }),
      });

    const top = await composite({ 'Sforce-Auto-Assign': 'FALSE' }, [sub(lead(0))]);
    expect(top.status).toBe(200);
    expect(ownerOf(lead(0))).toBe(OWNER);

    await composite({}, [sub(lead(1), { 'Sforce-Auto-Assign': 'FALSE' }), sub(lead(2))]);
    expect(ownerOf(lead(1))).toBe(OWNER);
    expect(ownerOf(lead(2))).toBe(ruleOwner);

    await composite({}, [sub(lead(0))]);
    expect(ownerOf(lead(0))).toBe(ruleOwner);
  });

  it('an org without the rule (leadAssignmentRule: false) never reassigns', async () => {
    const plain = await startSalesforceSandbox({ dataset: sfWorld({ leads: 1 }), leadAssignmentRule: false });
    try {
      const id = plain.store.leadIdForPersonKey('lead-0') as string;
      const res = await api(plain, `/sobjects/Lead/${id}`, {
        method: 'PATCH',
        body: JSON.stringify({ Country: country }),
      });
      expect(res.status).toBe(204);
      expect(plain.store.get('Lead', id)?.['OwnerId']).toBe(OWNER);
    } finally {
      await plain.close();
    }
  });
});
