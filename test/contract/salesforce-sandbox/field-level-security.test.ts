import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSalesforceSandbox } from '../../../connectors/salesforce/sandbox/index.ts';
import { connect, startSf } from './sandbox-helpers.ts';

describe('field-level security on Tooling-created fields', () => {
  let sb: RunningSalesforceSandbox;
  beforeEach(async () => {
    sb = await startSf({ leads: 2 }, { fieldLevelSecurity: true });
  });
  afterEach(() => sb.close());

  const fieldNames = async () =>
    (await connect(sb).describe('Lead')).fields.map((f) => f.name).filter((n) => n.endsWith('__c'));

  async function createScore(): Promise<void> {
    const created = await connect(sb)
      .tooling.sobject('CustomField')
      .create({
        FullName: 'Lead.Leadloop_Score__c',
        Metadata: { label: 'Leadloop Score', type: 'Number', precision: 5, scale: 0 },
      });
    expect(created).toMatchObject({ success: true });
  }

  async function grant(edit: boolean): Promise<{ setId: string; assignmentId: string }> {
    const conn = connect(sb);
    const set = await conn
      .sobject('PermissionSet')
      .create({ Name: 'Leadloop_Integration', Label: 'leadloop Integration' });
    const setId = set.id as string;
    const perm = await conn.sobject('FieldPermissions').create({
      ParentId: setId,
      SobjectType: 'Lead',
      Field: 'Lead.Leadloop_Score__c',
      PermissionsRead: true,
      PermissionsEdit: edit,
    });
    expect(perm).toMatchObject({ success: true, id: expect.stringMatching(/^01k/) });
    const me = await conn.query<{ Id: string }>(`SELECT Id FROM User WHERE Username = '${sb.username}'`);
    const assignment = await conn.sobject('PermissionSetAssignment').create({
      AssigneeId: me.records[0]?.Id,
      PermissionSetId: setId,
    });
    expect(assignment).toMatchObject({ success: true, id: expect.stringMatching(/^0Pa/) });
    return { setId, assignmentId: assignment.id as string };
  }

  it('hides a new field from describe, SOQL and writes until an assigned permission set grants it', async () => {
    await createScore();
    const conn = connect(sb);
    expect(await fieldNames()).not.toContain('Leadloop_Score__c');
    await expect(conn.query('SELECT Id, Leadloop_Score__c FROM Lead')).rejects.toMatchObject({
      errorCode: 'INVALID_FIELD',
    });
    const leadId = sb.store.leadIdForPersonKey('lead-0') as string;
    const refused = await conn.sobject('Lead').update([{ Id: leadId, Leadloop_Score__c: 5 }]);
    expect(refused[0]).toMatchObject({ success: false });
    // The name is taken even though the user cannot see it.
    const again = await connect(sb)
      .tooling.sobject('CustomField')
      .create({
        FullName: 'Lead.Leadloop_Score__c',
        Metadata: { label: 'Again', type: 'Number', precision: 5, scale: 0 },
      })
      .catch((err: { errorCode?: string }) => err);
    expect(again).toMatchObject({ errorCode: 'DUPLICATE_DEVELOPER_NAME' });

    await grant(true);
    expect(await fieldNames()).toContain('Leadloop_Score__c');
    expect(await conn.sobject('Lead').update([{ Id: leadId, Leadloop_Score__c: 5 }])).toEqual([
      { id: leadId, success: true, errors: [] },
    ]);
    const rows = await conn.query<{ Leadloop_Score__c: number }>(
      `SELECT Leadloop_Score__c FROM Lead WHERE Id = '${leadId}'`,
    );
    expect(rows.records[0]?.Leadloop_Score__c).toBe(5);
  });

  it('read without edit shows the field but refuses writes; deleting the assignment hides it again', async () => {
    await createScore();
    const { assignmentId } = await grant(false);
    const conn = connect(sb);
    const field = (await conn.describe('Lead')).fields.find((f) => f.name === 'Leadloop_Score__c');
    expect(field).toMatchObject({ createable: false, updateable: false });
    const leadId = sb.store.leadIdForPersonKey('lead-0') as string;
    const refused = await conn.sobject('Lead').update([{ Id: leadId, Leadloop_Score__c: 5 }]);
    expect(refused[0]).toMatchObject({ success: false });
    await conn.sobject('PermissionSetAssignment').destroy(assignmentId);
    expect(await fieldNames()).not.toContain('Leadloop_Score__c');
  });
});
