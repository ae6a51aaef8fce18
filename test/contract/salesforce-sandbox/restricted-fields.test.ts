import { afterEach, describe, expect, it } from 'vitest';
import {
  startSalesforceSandbox,
  type RunningSalesforceSandbox,
} from '../../../connectors/salesforce/sandbox/index.ts';
import { connect, sfWorld } from './sandbox-helpers.ts';

let sb: RunningSalesforceSandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

function world() {
  const dataset = sfWorld({ leads: 2 });
  for (const p of dataset.people) if (p.salesforceLead) p.salesforceLead.fields = { Budget__c: 'Large' };
  return dataset;
}

async function visible(s: RunningSalesforceSandbox): Promise<string[]> {
  return (await connect(s).describe('Lead')).fields.map((f) => f.name).filter((n) => n.endsWith('__c'));
}

describe('Salesforce sandbox: restrictedFields (a dataset field taken off the integration user)', () => {
  it('is absent from describe and unknown to SOQL until an assigned permission set grants it; values kept', async () => {
    sb = await startSalesforceSandbox({ dataset: world(), restrictedFields: ['Lead.Budget__c'] });
    const conn = connect(sb);
    expect(await visible(sb)).not.toContain('Budget__c');
    await expect(conn.query('SELECT Id, Budget__c FROM Lead')).rejects.toMatchObject({
      errorCode: 'INVALID_FIELD',
    });

    const set = await conn.sobject('PermissionSet').create({ Name: 'Grant', Label: 'Grant' });
    await conn.sobject('FieldPermissions').create({
      ParentId: set.id,
      SobjectType: 'Lead',
      Field: 'Lead.Budget__c',
      PermissionsRead: true,
      PermissionsEdit: true,
    });
    const me = await conn.query<{ Id: string }>(`SELECT Id FROM User WHERE Username = '${sb.username}'`);
    await conn
      .sobject('PermissionSetAssignment')
      .create({ AssigneeId: me.records[0]?.Id, PermissionSetId: set.id });

    expect(await visible(sb)).toContain('Budget__c');
    const rows = await conn.query<{ Budget__c: string }>('SELECT Budget__c FROM Lead');
    expect(rows.records.map((r) => r.Budget__c)).toEqual(['Large', 'Large']);
  });

  it('without the option the dataset field is open to every profile; a name it does not bring is refused', async () => {
    sb = await startSalesforceSandbox({ dataset: world() });
    expect(await visible(sb)).toContain('Budget__c');
    await sb.close();
    sb = undefined;
    await expect(
      startSalesforceSandbox({ dataset: world(), restrictedFields: ['Lead.Email'] }),
    ).rejects.toMatchObject({
      code: 'SANDBOX_RESTRICTED_FIELD',
    });
  });
});
