import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSalesforceSandbox } from '../../../connectors/salesforce/sandbox/index.ts';
import { api, connect, startSf } from './sandbox-helpers.ts';
import { checkSchema } from './schema-check.ts';

const schema = JSON.parse(
  readFileSync(new URL('./fixtures/sobject-describe.schema.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;
const OBJECTS = [
  'Lead',
  'Contact',
  'Account',
  'Opportunity',
  'OpportunityContactRole',
  'Task',
  'Event',
  'Campaign',
  'CampaignMember',
  'User',
  'LeadStatus',
  'PermissionSet',
  'FieldPermissions',
  'PermissionSetAssignment',
  'TaskWhoRelation',
  'EventWhoRelation',
];

describe('describe, limits and versions', () => {
  let sb: RunningSalesforceSandbox;
  beforeAll(async () => {
    sb = await startSf({ leads: 3 });
  });
  afterAll(() => sb.close());

  it.each(OBJECTS)('describes %s per the salesforcecli DescribeSObjectResult schema', async (name) => {
    const d = await connect(sb).describe(name);
    expect(checkSchema(schema, d)).toEqual([]);
    expect(d.name).toBe(name);
    expect(d.fields.find((f) => f.name === 'Id')).toMatchObject({
      type: 'id',
      length: 18,
      nillable: false,
      updateable: false,
    });
  });

  it('has a schema check that catches a missing or mistyped attribute', async () => {
    const d = (await connect(sb).describe('Lead')) as unknown as Record<string, unknown>;
    const { updateable: _u, ...missing } = d;
    expect(checkSchema(schema, missing)).toContain('$.updateable: required');
    const fields = (d['fields'] as Array<Record<string, unknown>>).map((f, i) =>
      i === 0 ? { ...f, length: 'x' } : f,
    );
    expect(checkSchema(schema, { ...d, fields })).toEqual([
      '$.fields[0].length: expected number, got string',
    ]);
  });

  it('reports labels, types, lengths, picklists and writability for Lead', async () => {
    const d = await connect(sb).describe('Lead');
    const field = (n: string) => d.fields.find((f) => f.name === n);
    expect(d).toMatchObject({
      keyPrefix: '00Q',
      label: 'Lead',
      labelPlural: 'Leads',
      queryable: true,
      updateable: true,
    });
    expect(field('Title')).toMatchObject({
      label: 'Title',
      type: 'string',
      length: 128,
      nillable: true,
      createable: true,
      updateable: true,
      custom: false,
    });
    expect(field('Email')).toMatchObject({ type: 'email', length: 80, soapType: 'xsd:string' });
    expect(field('NumberOfEmployees')).toMatchObject({ type: 'int', digits: 8 });
    expect(field('IsConverted')).toMatchObject({ type: 'boolean', updateable: false });
    expect(field('ConvertedContactId')).toMatchObject({
      type: 'reference',
      referenceTo: ['Contact'],
      relationshipName: 'ConvertedContact',
    });
    expect(field('Status')).toMatchObject({
      type: 'picklist',
      label: 'Lead Status',
      nillable: false,
      defaultedOnCreate: true,
      restrictedPicklist: false,
    });
    expect(field('Status')?.picklistValues).toContainEqual({
      active: true,
      defaultValue: true,
      label: 'Open - Not Contacted',
      validFor: null,
      value: 'Open - Not Contacted',
    });
    expect(field('Name')).toMatchObject({ nameField: true, updateable: false });
  });

  it('shows picklist values the dataset brings (org data) and hand-made label changes', async () => {
    sb.store.setFieldLabel('Lead', 'Title', 'Job Title');
    const d = await connect(sb).describe('Lead');
    expect(d.fields.find((f) => f.name === 'Title')?.label).toBe('Job Title');
    expect(d.fields.find((f) => f.name === 'Industry')?.picklistValues?.map((p) => p.value)).toContain(
      'Technology',
    );
  });

  it('lists every sObject in the global describe', async () => {
    const g = await connect(sb).describeGlobal();
    expect(g.sobjects.map((s) => s.name).sort()).toEqual([...OBJECTS].sort());
    expect(g.sobjects.find((s) => s.name === 'Contact')).toMatchObject({
      keyPrefix: '003',
      urls: { describe: '/services/data/v62.0/sobjects/Contact/describe' },
    });
  });

  it('answers 404 NOT_FOUND for unknown objects', async () => {
    const res = await api(sb, '/sobjects/Nope/describe');
    expect(res.status).toBe(404);
    expect(res.body).toEqual([{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]);
  });

  it('reports DailyApiRequests in /limits and Sforce-Limit-Info on every data response', async () => {
    const conn = connect(sb);
    const before = sb.stats().totalCalls;
    const limits = await conn.limits();
    expect(limits.DailyApiRequests?.Max).toBe(100_000);
    expect(limits.DailyApiRequests?.Remaining).toBe(100_000 - (conn.limitInfo.apiUsage?.used ?? 0));
    const res = await api(sb, '/sobjects/Lead/describe');
    expect(res.headers.get('sforce-limit-info')).toMatch(/^api-usage=\d+\/100000$/);
    expect(sb.stats().totalCalls).toBe(before + 2);
    const notFoundRes = await api(sb, '/sobjects/Nope/describe');
    expect(notFoundRes.headers.get('sforce-limit-info')).toMatch(/^api-usage=/);
  });

  it('lists versions at /services/data without auth and without counting', async () => {
    const before = sb.stats().totalCalls;
    const res = await fetch(`${sb.instanceUrl}/services/data`);
    const versions = (await res.json()) as Array<{ version: string; url: string; label: string }>;
    expect(versions.at(-1)).toEqual({ label: "Winter '25", url: '/services/data/v62.0', version: '62.0' });
    expect(versions.find((v) => v.version === '59.0')?.label).toBe("Winter '24");
    expect(res.headers.get('sforce-limit-info')).toBeNull();
    expect(sb.stats().totalCalls).toBe(before);
  });

  it('accepts older vNN.0 paths and rejects versions beyond the configured one', async () => {
    const tok = sb.issueAccessToken();
    const ok = await fetch(`${sb.instanceUrl}/services/data/v58.0/sobjects/Lead/describe`, {
      headers: { Authorization: `Bearer ${tok}` },
    });
    expect(ok.status).toBe(200);
    const tooNew = await fetch(`${sb.instanceUrl}/services/data/v99.0/sobjects`, {
      headers: { Authorization: `Bearer ${tok}` },
    });
    expect(tooNew.status).toBe(404);
  });

  it('answers 405 for a known resource with the wrong method', async () => {
    const res = await api(sb, '/limits', { method: 'POST', body: '{}' });
    expect(res.status).toBe(405);
    expect(res.body).toMatchObject([{ errorCode: 'METHOD_NOT_ALLOWED' }]);
  });
});
