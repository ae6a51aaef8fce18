import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSalesforceSandbox } from '../../../connectors/salesforce/sandbox/index.ts';
import { api, connect, startSf } from './sandbox-helpers.ts';

describe('Tooling API: custom fields and labels', () => {
  let sb: RunningSalesforceSandbox;
  beforeEach(async () => {
    sb = await startSf({ leads: 3 }, { fieldLevelSecurity: false });
  });
  afterEach(() => sb.close());

  const createScoreField = () =>
    connect(sb)
      .tooling.sobject('CustomField')
      .create({
        FullName: 'Lead.Leadloop_Score__c',
        Metadata: {
          label: 'Leadloop Score',
          type: 'Number',
          precision: 5,
          scale: 0,
          description: 'Total lead score',
        },
      });

  it('creates a field that describe, SOQL and writes see at once', async () => {
    const conn = connect(sb);
    const created = await createScoreField();
    expect(created).toMatchObject({ success: true, id: expect.stringMatching(/^00N/) });
    const field = (await conn.describe('Lead')).fields.find((f) => f.name === 'Leadloop_Score__c');
    expect(field).toMatchObject({
      label: 'Leadloop Score',
      type: 'double',
      precision: 5,
      scale: 0,
      custom: true,
      updateable: true,
      nillable: true,
    });
    const leadId = sb.store.leadIdForPersonKey('lead-0') as string;
    expect(await conn.sobject('Lead').update([{ Id: leadId, Leadloop_Score__c: 87 }])).toEqual([
      { id: leadId, success: true, errors: [] },
    ]);
    const rows = await conn.query<{ Leadloop_Score__c: number | null }>(
      'SELECT Id, Leadloop_Score__c FROM Lead WHERE Leadloop_Score__c > 50',
    );
    expect(rows.records.map((r) => r.Leadloop_Score__c)).toEqual([87]);
    const tooBig = await conn.sobject('Lead').update([{ Id: leadId, Leadloop_Score__c: 123456 }]);
    expect(tooBig[0]?.errors[0]).toMatchObject({ statusCode: 'NUMBER_OUTSIDE_VALID_RANGE' });
  });

  it('finds fields by tooling query and renames the label through Metadata', async () => {
    const conn = connect(sb);
    await createScoreField();
    const found = await conn.tooling.query<{ Id: string; DeveloperName: string; TableEnumOrId: string }>(
      "SELECT Id, DeveloperName, TableEnumOrId FROM CustomField WHERE DeveloperName = 'Leadloop_Score' AND TableEnumOrId = 'Lead'",
    );
    expect(found.records).toHaveLength(1);
    expect(found.records[0]).toMatchObject({
      attributes: { type: 'CustomField', url: expect.stringContaining('/tooling/sobjects/CustomField/00N') },
      TableEnumOrId: 'Lead',
    });
    const id = found.records[0]?.Id as string;
    const full = (await conn.tooling.sobject('CustomField').retrieve(id)) as unknown as {
      FullName: string;
      Metadata: Record<string, unknown>;
    };
    expect(full.FullName).toBe('Lead.Leadloop_Score__c');
    expect(full.Metadata).toMatchObject({ label: 'Leadloop Score', type: 'Number', precision: 5 });
    const res = await api(sb, `/tooling/sobjects/CustomField/${id}`, {
      method: 'PATCH',
      body: JSON.stringify({
        FullName: full.FullName,
        Metadata: { ...full.Metadata, label: 'Lead Score (leadloop)' },
      }),
    });
    expect(res.status).toBe(204);
    const field = (await conn.describe('Lead')).fields.find((f) => f.name === 'Leadloop_Score__c');
    expect(field?.label).toBe('Lead Score (leadloop)');
  });

  it('requires a single row when Metadata or FullName is selected', async () => {
    await createScoreField();
    await connect(sb)
      .tooling.sobject('CustomField')
      .create({
        FullName: 'Contact.Leadloop_Score__c',
        Metadata: { label: 'Leadloop Score', type: 'Number', precision: 5, scale: 0 },
      });
    await expect(connect(sb).tooling.query('SELECT Id, Metadata FROM CustomField')).rejects.toMatchObject({
      errorCode: 'MALFORMED_QUERY',
    });
    const one = await connect(sb).tooling.query<{ Metadata: { label: string } }>(
      "SELECT Id, Metadata FROM CustomField WHERE TableEnumOrId = 'Contact'",
    );
    expect(one.records[0]?.Metadata.label).toBe('Leadloop Score');
  });

  it('refuses a developer name or a label over 40 characters; exactly 40 is created', async () => {
    const tooling = connect(sb).tooling.sobject('CustomField');
    const number = { type: 'Number', precision: 5, scale: 0 };
    const name40 = `Lead.${'N'.repeat(40)}__c`;
    expect(
      await tooling.create({ FullName: name40, Metadata: { label: 'L'.repeat(40), ...number } }),
    ).toMatchObject({
      success: true,
    });
    await expect(
      tooling.create({ FullName: `Lead.${'N'.repeat(41)}__c`, Metadata: { label: 'Long name', ...number } }),
    ).rejects.toMatchObject({
      errorCode: 'FIELD_INTEGRITY_EXCEPTION',
      message: 'Value too long for field: fullName maximum length is:40',
    });
    await expect(
      tooling.create({ FullName: 'Lead.Long_Label__c', Metadata: { label: 'L'.repeat(41), ...number } }),
    ).rejects.toMatchObject({
      errorCode: 'FIELD_INTEGRITY_EXCEPTION',
      message: 'Value too long for field: label maximum length is:40',
    });
  });

  it('rejects duplicates, bad metadata and standard fields with clear errors', async () => {
    const tooling = connect(sb).tooling.sobject('CustomField');
    await createScoreField();
    await expect(createScoreField()).rejects.toMatchObject({
      errorCode: 'DUPLICATE_DEVELOPER_NAME',
      message: 'There is already a field named Leadloop_Score on Lead.',
    });
    await expect(
      tooling.create({ FullName: 'Lead.Leadloop_Note__c', Metadata: { label: 'Note', type: 'Text' } }),
    ).rejects.toMatchObject({ errorCode: 'FIELD_INTEGRITY_EXCEPTION' });
    const standard = await api(sb, '/tooling/sobjects/CustomField', {
      method: 'POST',
      body: JSON.stringify({
        FullName: 'Lead.Title',
        Metadata: { label: 'Job Title', type: 'Text', length: 128 },
      }),
    });
    expect(standard.status).toBe(400);
    expect(standard.body).toEqual([
      {
        message: expect.stringContaining(
          'Lead.Title is a standard field: its label cannot be changed through the Tooling or Metadata API',
        ),
        errorCode: 'FIELD_INTEGRITY_EXCEPTION',
        fields: ['FullName'],
      },
    ]);
    const patchStandard = await api(sb, '/tooling/sobjects/CustomField/Lead.Title', {
      method: 'PATCH',
      body: JSON.stringify({ Metadata: { label: 'x' } }),
    });
    expect(patchStandard.body).toMatchObject([{ errorCode: 'FIELD_INTEGRITY_EXCEPTION' }]);
  });

  it('renames Lead Status value labels through StandardValueSet, keeping the API values', async () => {
    const conn = connect(sb);
    const set = await conn.tooling.query<{
      Id: string;
      Metadata: { standardValue: Array<{ valueName: string; label: string }> };
    }>("SELECT Id, MasterLabel, Metadata FROM StandardValueSet WHERE MasterLabel = 'LeadStatus'");
    const record = set.records[0];
    expect(record?.Metadata.standardValue.map((v) => v.valueName)).toContain('Working - Contacted');
    const standardValue = record?.Metadata.standardValue.map((v) =>
      v.valueName === 'Working - Contacted' ? { ...v, label: 'SAL - Working' } : v,
    );
    const res = await api(sb, `/tooling/sobjects/StandardValueSet/${record?.Id ?? ''}`, {
      method: 'PATCH',
      body: JSON.stringify({ Metadata: { ...record?.Metadata, standardValue } }),
    });
    expect(res.status).toBe(204);
    const status = (await conn.describe('Lead')).fields.find((f) => f.name === 'Status');
    expect(status?.picklistValues).toContainEqual({
      active: true,
      defaultValue: false,
      label: 'SAL - Working',
      validFor: null,
      value: 'Working - Contacted',
    });
    const statuses = await conn.query<{ ApiName: string; MasterLabel: string }>(
      "SELECT ApiName, MasterLabel FROM LeadStatus WHERE ApiName = 'Working - Contacted'",
    );
    expect(statuses.records[0]).toMatchObject({
      ApiName: 'Working - Contacted',
      MasterLabel: 'SAL - Working',
    });
    const leadId = sb.store.leadIdForPersonKey('lead-1') as string;
    expect(
      (await conn.sobject('Lead').update([{ Id: leadId, Status: 'Working - Contacted' }]))[0]?.success,
    ).toBe(true);
  });
});
