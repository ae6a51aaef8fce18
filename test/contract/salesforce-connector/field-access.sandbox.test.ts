/** Provisioning grants the integration user what field-level security hides (sandbox FLS on, its default). */
import { Connection } from '@jsforce/jsforce-node';
import { afterEach, describe, expect, it } from 'vitest';
import { PERMISSION_SET_NAME } from '../../../connectors/salesforce/permission-set.ts';
import type { FieldSpec } from '../../../src/domain/field.ts';
import { ownFieldSpecs } from '../../../src/mapping/own-fields.ts';
import { counted, harness, leadPeople, world, type Harness } from './sandbox-world.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.sandbox.close();
  h = undefined;
});

const own = (object: 'Lead' | 'Contact'): FieldSpec[] => Object.values(ownFieldSpecs('salesforce', object));
const jsforce = (sb: Harness['sandbox']) =>
  new Connection({ instanceUrl: sb.instanceUrl, accessToken: sb.issueAccessToken(), version: '62.0' });

describe('field access on provisioning', () => {
  it('provisioning on a fresh org leaves every leadloop field readable by the integration user', async () => {
    h = await harness(world(leadPeople(2, () => '2026-02-01T00:00:00.000Z')));
    const specs = [...own('Lead'), ...own('Contact')];
    h.sandbox.resetStats();
    const results = await h.sf.createFields(specs);
    expect(results.filter((r) => r.status !== 'created')).toEqual([]);
    // The whole grant on a fresh org (set, field grants, assignment, state) is one /composite call.
    expect(counted(h.sandbox, 'composite')).toBe(1);
    expect(counted(h.sandbox, 'query')).toBe(0);
    const conn = jsforce(h.sandbox);
    for (const object of ['Lead', 'Contact'] as const) {
      const names = specs.filter((s) => s.object === object).map((s) => s.name);
      const described = (await conn.describe(object)).fields;
      const hidden = names.filter((n) => !described.some((f) => f.name === n && f.updateable));
      expect(hidden).toEqual([]);
      await expect(conn.query(`SELECT Id, ${names.join(', ')} FROM ${object}`)).resolves.toBeDefined();
    }
    const sets = await conn.query<{ Id: string }>(
      `SELECT Id FROM PermissionSet WHERE Name = '${PERMISSION_SET_NAME}'`,
    );
    expect(sets.records).toHaveLength(1);
    const assignments = await conn.query('SELECT Id FROM PermissionSetAssignment');
    expect(assignments.records).toHaveLength(1);

    // A second run finds everything granted: no new set, grant or assignment.
    h.sandbox.resetStats();
    expect((await h.sf.createFields(specs)).every((r) => r.status === 'exists')).toBe(true);
    expect(counted(h.sandbox, 'sobject.create')).toBe(0);
    expect(counted(h.sandbox, 'collections.create')).toBe(0);
    // The set's taken Name refused the second create: still one set, one assignment, and one grant call.
    expect(counted(h.sandbox, 'composite')).toBe(1);
    const again = await conn.query<{ Id: string }>(
      `SELECT Id FROM PermissionSet WHERE Name = '${PERMISSION_SET_NAME}'`,
    );
    expect(again.records).toHaveLength(1);
    expect((await conn.query('SELECT Id FROM PermissionSetAssignment')).records).toHaveLength(1);
  });

  it('widens a read-only grant an admin left in the set, and grants a field created before but never granted', async () => {
    h = await harness(world(leadPeople(1, () => '2026-02-01T00:00:00.000Z')));
    const [first, second] = own('Lead');
    if (!first || !second) throw new Error('own fields missing');
    await h.sf.createFields([first]);
    const conn = jsforce(h.sandbox);
    const grant = await conn.query<{ Id: string }>(
      `SELECT Id FROM FieldPermissions WHERE Field = 'Lead.${first.name}'`,
    );
    await conn
      .sobject('FieldPermissions')
      .update({ Id: grant.records[0]?.Id as string, PermissionsEdit: false });
    expect((await conn.describe('Lead')).fields.find((f) => f.name === first.name)?.updateable).toBe(false);
    // Created behind leadloop's back: exists, hidden from describe.
    await conn.tooling.sobject('CustomField').create({
      FullName: `Lead.${second.name}`,
      Metadata: { label: second.label, type: 'Text', length: 255 },
    });
    const results = await h.sf.createFields([first, second]);
    expect(results.map((r) => r.status)).toEqual(['exists', 'exists']);
    const described = (await conn.describe('Lead')).fields;
    expect([first, second].map((s) => described.find((f) => f.name === s.name)?.updateable)).toEqual([
      true,
      true,
    ]);
  });
});
