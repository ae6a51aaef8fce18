import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSalesforceSandbox } from '../../../connectors/salesforce/sandbox/index.ts';
import { addCustomField } from '../../../connectors/salesforce/sandbox/store/custom-fields.ts';
import { api, connect, startSf, statusCodeOf } from './sandbox-helpers.ts';

describe('sObject Collections', () => {
  let sb: RunningSalesforceSandbox;
  beforeEach(async () => {
    sb = await startSf({ leads: 5, converted: 1 });
  });
  afterEach(() => sb.close());

  const lead = (i: number) => sb.store.leadIdForPersonKey(`lead-${i}`) as string;

  it('updates up to 200 records in one call with per-record results and HTTP 200 on partial failure', async () => {
    const conn = connect(sb);
    sb.resetStats();
    const converted = sb.store.leadIdForPersonKey('conv-0') as string;
    const results = await conn.sobject('Lead').update(
      [
        { Id: lead(0), Title: 'CMO' },
        { Id: lead(1), Bogus__c: 'x' },
        { Id: converted, Title: 'Nope' },
        { Id: lead(2), Title: 'x'.repeat(129) },
        { Id: lead(3), Email: 'not-an-email' },
        { Id: '00Q000000000000', Title: 'Missing' },
        { Id: lead(4), LastName: null },
      ],
      { allOrNone: false },
    );
    expect(results).toEqual([
      { id: lead(0), success: true, errors: [] },
      {
        id: lead(1),
        success: false,
        errors: [
          {
            statusCode: 'INVALID_FIELD',
            message: "No such column 'Bogus__c' on sobject of type Lead",
            fields: [],
          },
        ],
      },
      {
        id: converted,
        success: false,
        errors: [
          {
            statusCode: 'CANNOT_UPDATE_CONVERTED_LEAD',
            message: 'cannot reference converted lead',
            fields: [],
          },
        ],
      },
      {
        id: lead(2),
        success: false,
        errors: [
          {
            statusCode: 'STRING_TOO_LONG',
            message: expect.stringContaining('max length=128'),
            fields: ['Title'],
          },
        ],
      },
      {
        id: lead(3),
        success: false,
        errors: [
          {
            statusCode: 'INVALID_EMAIL_ADDRESS',
            message: 'Email: invalid email address: not-an-email',
            fields: ['Email'],
          },
        ],
      },
      {
        id: '00Q000000000000EAA',
        success: false,
        errors: [
          {
            statusCode: 'INVALID_CROSS_REFERENCE_KEY',
            message: 'invalid cross reference id',
            fields: ['Id'],
          },
        ],
      },
      {
        id: lead(4),
        success: false,
        errors: [
          {
            statusCode: 'REQUIRED_FIELD_MISSING',
            message: 'Required fields are missing: [LastName]',
            fields: ['LastName'],
          },
        ],
      },
    ]);
    expect(sb.store.get('Lead', lead(0))?.['Title']).toBe('CMO');
    expect(sb.stats().byEndpoint).toEqual({ 'collections.update': 1 });
  });

  it('bumps SystemModstamp and LastModifiedDate on every saved record', async () => {
    const before = sb.store.get('Lead', lead(0))?.['SystemModstamp'] as string;
    await connect(sb)
      .sobject('Lead')
      .update([{ Id: lead(0), Title: 'New' }]);
    const row = sb.store.get('Lead', lead(0));
    expect((row?.['SystemModstamp'] as string) > before).toBe(true);
    expect(row?.['LastModifiedDate']).toBe(row?.['SystemModstamp']);
  });

  it('updates Leads and Contacts in one list, in runs of one type; more than 10 runs are refused whole', async () => {
    const contact = sb.store.contactIdForPersonKey('conv-0') as string;
    const rec = (type: 'Lead' | 'Contact', id: string, title: string) => ({
      attributes: { type },
      id,
      Title: title,
    });
    const mixed = await api(sb, '/composite/sobjects', {
      method: 'PATCH',
      body: JSON.stringify({
        allOrNone: false,
        records: [rec('Lead', lead(0), 'L0'), rec('Lead', lead(1), 'L1'), rec('Contact', contact, 'C0')],
      }),
    });
    expect(mixed.status).toBe(200);
    expect(mixed.body).toEqual([
      { id: lead(0), success: true, errors: [] },
      { id: lead(1), success: true, errors: [] },
      { id: contact, success: true, errors: [] },
    ]);
    expect(sb.store.get('Contact', contact)?.['Title']).toBe('C0');
    // Alternating types: 11 runs of one record each.
    const alternating = Array.from({ length: 11 }, (_, i) =>
      i % 2 === 0 ? rec('Lead', lead(i % 4), `x${i}`) : rec('Contact', contact, `x${i}`),
    );
    const refused = await api(sb, '/composite/sobjects', {
      method: 'PATCH',
      body: JSON.stringify({ allOrNone: false, records: alternating }),
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject([{ errorCode: 'INVALID_BATCH_REQUEST' }]);
    expect(sb.store.get('Contact', contact)?.['Title']).toBe('C0');
  });

  it('rolls back the whole request with allOrNone', async () => {
    const results = await connect(sb)
      .sobject('Lead')
      .update(
        [
          { Id: lead(0), Title: 'Kept?' },
          { Id: lead(1), NumberOfEmployees: 1234567890 },
        ],
        { allOrNone: true },
      );
    expect(results[0]).toEqual({
      id: lead(0),
      success: false,
      errors: [
        {
          statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
          message:
            'Record rolled back because not all records were valid and the request was using AllOrNone header',
          fields: [],
        },
      ],
    });
    expect(results[1]?.errors[0]).toMatchObject({
      statusCode: 'NUMBER_OUTSIDE_VALID_RANGE',
      fields: ['NumberOfEmployees'],
    });
    expect(sb.store.get('Lead', lead(0))?.['Title']).not.toBe('Kept?');
  });

  it('rejects more than 200 records and values JSON cannot convert with request-level 400s', async () => {
    const records = Array.from({ length: 201 }, () => ({
      attributes: { type: 'Lead' },
      id: lead(0),
      Title: 'x',
    }));
    const tooMany = await api(sb, '/composite/sobjects', {
      method: 'PATCH',
      body: JSON.stringify({ allOrNone: false, records }),
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toMatchObject([{ errorCode: 'EXCEEDED_ID_LIMIT' }]);
    const badType = await api(sb, '/composite/sobjects', {
      method: 'PATCH',
      body: JSON.stringify({
        allOrNone: false,
        records: [{ attributes: { type: 'Lead' }, id: lead(0), NumberOfEmployees: 'many' }],
      }),
    });
    expect(badType.status).toBe(400);
    expect(badType.body).toMatchObject([
      {
        errorCode: 'JSON_PARSER_ERROR',
        message: expect.stringContaining('Cannot deserialize instance of int'),
      },
    ]);
    await expect(
      connect(sb)
        .sobject('Lead')
        .update([{ Id: lead(0), DoNotCall: 'maybe' }]),
    ).rejects.toMatchObject({ errorCode: 'JSON_PARSER_ERROR' });
  });

  it('refuses read-only fields and values outside a restricted picklist', async () => {
    addCustomField(
      sb.store,
      'Lead',
      'Leadloop_Stage__c',
      {
        label: 'Leadloop Stage',
        type: 'Picklist',
        valueSet: {
          restricted: true,
          valueSetDefinition: {
            value: [
              { fullName: 'MQL', label: 'MQL' },
              { fullName: 'SQL', label: 'SQL' },
            ],
          },
        },
      },
      { openToAll: true },
    );
    const results = await connect(sb)
      .sobject('Lead')
      .update([
        { Id: lead(0), Leadloop_Stage__c: 'MQL' },
        { Id: lead(1), Leadloop_Stage__c: 'Hot' },
        { Id: lead(2), IsConverted: true, Name: 'x' },
      ]);
    expect(results[0]?.success).toBe(true);
    expect(results[1]?.errors).toEqual([
      {
        statusCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
        message: 'Leadloop Stage: bad value for restricted picklist field: Hot',
        fields: ['Leadloop_Stage__c'],
      },
    ]);
    expect(results[2]?.errors[0]).toMatchObject({
      statusCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
      fields: ['IsConverted', 'Name'],
    });
  });

  it('injects validation-rule and row-lock failures at the configured rates, reproducibly', async () => {
    sb.setFaults({ recordFailureRate: 0.3, lockRate: 0.2, seed: 7 });
    const records = Array.from({ length: 5 }, (_, i) => ({ Id: lead(i), Title: `T${i}` }));
    const run = async () => (await connect(sb).sobject('Lead').update(records)).map(statusCodeOf);
    const first = await run();
    sb.setFaults({ recordFailureRate: 0.3, lockRate: 0.2, seed: 7 });
    expect(await run()).toEqual(first);
    const big = Array.from({ length: 200 }, (_, i) => ({ Id: lead(i % 5), Title: `T${i}` }));
    const outcomes = (await connect(sb).sobject('Lead').update(big)).map(statusCodeOf);
    expect(outcomes).toContain('FIELD_CUSTOM_VALIDATION_EXCEPTION');
    expect(outcomes).toContain('UNABLE_TO_LOCK_ROW');
    expect(outcomes).toContain('ok');
    sb.setFaults(null);
    expect((await connect(sb).sobject('Lead').update(records)).every((r) => r.success)).toBe(true);
  });

  it('creates, retrieves, upserts by external id and deletes', async () => {
    const conn = connect(sb);
    const created = await conn
      .sobject('Lead')
      .create([{ LastName: 'New', Company: 'Acme', Email: 'new@acme.example' }, { LastName: 'NoCompany' }]);
    expect(created[0]).toMatchObject({ success: true, id: expect.stringMatching(/^00Q[A-Za-z0-9]{15}$/) });
    expect(created[1]?.errors).toEqual([
      {
        statusCode: 'REQUIRED_FIELD_MISSING',
        message: 'Required fields are missing: [Company]',
        fields: ['Company'],
      },
    ]);
    const newId = created[0]?.id as string;
    expect(sb.store.get('Lead', newId)).toMatchObject({
      Status: 'Open - Not Contacted',
      Name: 'New',
      IsConverted: false,
    });

    const got = await conn.sobject('Lead').retrieve([newId, lead(0)], { fields: ['Email', 'Status'] });
    expect(got[0]).toMatchObject({
      attributes: { type: 'Lead' },
      Email: 'new@acme.example',
      Status: 'Open - Not Contacted',
    });

    addCustomField(
      sb.store,
      'Lead',
      'Ext_Key__c',
      {
        label: 'Ext Key',
        type: 'Text',
        length: 40,
        externalId: true,
      },
      { openToAll: true },
    );
    await conn.sobject('Lead').update([{ Id: lead(0), Ext_Key__c: 'K0' }]);
    const upserted = await conn.sobject('Lead').upsert(
      [
        { Ext_Key__c: 'K0', Title: 'Upserted' },
        { Ext_Key__c: 'K-new', LastName: 'Fresh', Company: 'Co' },
      ],
      'Ext_Key__c',
    );
    expect(upserted).toEqual([
      { id: lead(0), success: true, errors: [], created: false },
      { id: expect.stringMatching(/^00Q/), success: true, errors: [], created: true },
    ]);
    await expect(
      conn.sobject('Lead').upsert([{ Email: 'x@y.z', LastName: 'a' }], 'Email'),
    ).rejects.toMatchObject({ errorCode: 'INVALID_FIELD' });

    const deleted = await conn.sobject('Lead').destroy([newId, newId.slice(0, 15)]);
    expect(deleted[0]).toEqual({ id: newId, success: true, errors: [] });
    expect(deleted[1]).toMatchObject({ success: false, errors: [{ statusCode: 'DUPLICATE_VALUE' }] });
    const again = await conn.sobject('Lead').destroy([newId]);
    expect(again[0]).toMatchObject({ success: false, errors: [{ statusCode: 'ENTITY_IS_DELETED' }] });
    expect(sb.store.get('Lead', newId)?.['IsDeleted']).toBe(true);
  });

  it('serves single-record REST: GET with fields, PATCH 204, errors as arrays with fields', async () => {
    const conn = connect(sb);
    const rec = await conn.sobject('Lead').retrieve(lead(0), { fields: ['Email', 'OwnerId'] });
    expect(rec).toMatchObject({ Email: 'lead-0@example.com' });
    expect(await conn.sobject('Lead').update({ Id: lead(0), Title: 'Single' })).toEqual({
      id: lead(0),
      success: true,
      errors: [],
    });
    const res = await api(sb, `/sobjects/Lead/${lead(0)}`, {
      method: 'PATCH',
      body: JSON.stringify({ Email: 'bad' }),
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual([
      { message: 'Email: invalid email address: bad', errorCode: 'INVALID_EMAIL_ADDRESS', fields: ['Email'] },
    ]);
    const missing = await api(sb, `/sobjects/Lead/00Q5g0000009999AAA`);
    expect(missing.status).toBe(404);
  });
});
