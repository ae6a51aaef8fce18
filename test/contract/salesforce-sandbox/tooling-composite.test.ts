/** Tooling `/composite` through jsforce: one counted call, per-subrequest answers, the same limits as `/composite`. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSalesforceSandbox } from '../../../connectors/salesforce/sandbox/index.ts';
import { connect, startSf } from './sandbox-helpers.ts';

interface CompositeResponse {
  compositeResponse: Array<{
    body: unknown;
    httpHeaders: Record<string, string>;
    httpStatusCode: number;
    referenceId: string;
  }>;
}

const T = '/services/data/v62.0/tooling';
const create = (field: string, referenceId: string) => ({
  method: 'POST',
  url: `${T}/sobjects/CustomField`,
  referenceId,
  body: { FullName: `Lead.${field}`, Metadata: { label: field, type: 'Text', length: 40 } },
});
const query = (soql: string, referenceId: string) => ({
  method: 'GET',
  url: `${T}/query?q=${encodeURIComponent(soql)}`,
  referenceId,
});

describe('Tooling /composite', () => {
  let sb: RunningSalesforceSandbox;
  beforeEach(async () => {
    sb = await startSf({ leads: 2 }, { fieldLevelSecurity: false });
  });
  afterEach(() => sb.close());

  const composite = (body: unknown) =>
    connect(sb).request<CompositeResponse>({
      method: 'POST',
      url: `${T}/composite`,
      body: JSON.stringify(body),
      headers: { 'Content-Type': 'application/json' },
    });

  it('creates 25 custom fields in one counted call; a duplicate fails alone with allOrNone false', async () => {
    sb.resetStats();
    const subs = Array.from({ length: 24 }, (_, i) => create(`Leadloop_F${i}__c`, `f${i}`));
    subs.push(create('Leadloop_F0__c', 'dup'));
    const res = await composite({ allOrNone: false, compositeRequest: subs });
    expect(res.compositeResponse).toHaveLength(25);
    expect(res.compositeResponse.slice(0, 24).every((r) => r.httpStatusCode === 201)).toBe(true);
    expect(res.compositeResponse[0]?.body).toMatchObject({
      id: expect.stringMatching(/^00N/),
      success: true,
    });
    expect(res.compositeResponse[24]).toMatchObject({
      referenceId: 'dup',
      httpStatusCode: 400,
      body: [{ errorCode: 'DUPLICATE_DEVELOPER_NAME' }],
    });
    expect(sb.stats()).toMatchObject({ totalCalls: 1, byEndpoint: { 'tooling.composite': 1 } });
    const described = await connect(sb).describe('Lead');
    expect(described.fields.filter((f) => f.name.startsWith('Leadloop_F'))).toHaveLength(24);
  });

  it('reads Metadata by query and PATCHes through references in the same call', async () => {
    await composite({ allOrNone: false, compositeRequest: [create('Leadloop_Grade__c', 'c')] });
    const res = await composite({
      allOrNone: false,
      compositeRequest: [
        query(
          "SELECT Id, FullName, Metadata FROM CustomField WHERE TableEnumOrId = 'Lead' AND DeveloperName = 'Leadloop_Grade'",
          'read',
        ),
        {
          method: 'PATCH',
          url: `${T}/sobjects/CustomField/@{read.records[0].Id}`,
          referenceId: 'patch',
          body: {
            FullName: 'Lead.Leadloop_Grade__c',
            Metadata: { label: 'Lead Rank', type: 'Text', length: 40 },
          },
        },
      ],
    });
    expect(res.compositeResponse.map((r) => r.httpStatusCode)).toEqual([200, 204]);
    const read = res.compositeResponse[0]?.body as { records: Array<{ Metadata: { label: string } }> };
    expect(read.records[0]?.Metadata.label).toBe('Leadloop_Grade__c');
    const field = (await connect(sb).describe('Lead')).fields.find((f) => f.name === 'Leadloop_Grade__c');
    expect(field?.label).toBe('Lead Rank');
  });

  it('holds the /composite limits: 25 subrequests, 5 queries; only Tooling URLs', async () => {
    const six = Array.from({ length: 6 }, (_, i) =>
      query("SELECT Id FROM StandardValueSet WHERE MasterLabel = 'LeadStatus'", `q${i}`),
    );
    await expect(composite({ allOrNone: false, compositeRequest: six })).rejects.toMatchObject({
      errorCode: 'LIMIT_EXCEEDED',
    });
    const many = Array.from({ length: 26 }, (_, i) => create(`Leadloop_M${i}__c`, `m${i}`));
    await expect(composite({ allOrNone: false, compositeRequest: many })).rejects.toMatchObject({
      errorCode: 'LIMIT_EXCEEDED',
    });
    await expect(
      composite({
        allOrNone: false,
        compositeRequest: [{ method: 'GET', url: '/services/data/v62.0/limits', referenceId: 'l' }],
      }),
    ).rejects.toMatchObject({ errorCode: 'INVALID_INPUT' });
    // Metadata is not journaled, so the sandbox refuses a write it could not roll back.
    await expect(
      composite({ allOrNone: true, compositeRequest: [create('Leadloop_X__c', 'x')] }),
    ).rejects.toMatchObject({ errorCode: 'INVALID_INPUT' });
    expect((await connect(sb).describe('Lead')).fields.some((f) => f.name.startsWith('Leadloop_M'))).toBe(
      false,
    );
  });
});
