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

describe('/composite', () => {
  let sb: RunningSalesforceSandbox;
  beforeEach(async () => {
    sb = await startSf({ leads: 1000 });
  });
  afterEach(() => sb.close());

  const leadId = (i: number) => sb.store.leadIdForPersonKey(`lead-${i}`) as string;
  const composite = (body: unknown) =>
    connect(sb).request<CompositeResponse>({
      method: 'POST',
      url: '/services/data/v62.0/composite',
      body: JSON.stringify(body),
      headers: { 'Content-Type': 'application/json' },
    });
  const collection = (from: number, referenceId: string) => ({
    method: 'PATCH',
    url: '/services/data/v62.0/composite/sobjects',
    referenceId,
    body: {
      allOrNone: false,
      records: Array.from({ length: 200 }, (_, k) => ({
        attributes: { type: 'Lead' },
        id: leadId(from + k),
        Title: `Batch ${referenceId}`,
      })),
    },
  });

  it('packs five 200-record collections (1,000 records) into one counted API call', async () => {
    sb.resetStats();
    const res = await composite({
      allOrNone: false,
      compositeRequest: [0, 1, 2, 3, 4].map((b) => collection(b * 200, `batch${b}`)),
    });
    expect(res.compositeResponse).toHaveLength(5);
    for (const sub of res.compositeResponse) {
      expect(sub.httpStatusCode).toBe(200);
      expect((sub.body as Array<{ success: boolean }>).every((r) => r.success)).toBe(true);
    }
    expect(sb.stats()).toMatchObject({ totalCalls: 1, byEndpoint: { composite: 1 } });
    expect(sb.store.get('Lead', leadId(999))?.['Title']).toBe('Batch batch4');
  });

  it('rejects a sixth collection or query, and more than 25 subrequests, with a 400', async () => {
    const six = [0, 1, 2, 3, 4].map((b) => collection(b * 200, `b${b}`));
    six.push({
      method: 'GET',
      url: '/services/data/v62.0/query?q=SELECT+Id+FROM+Lead+LIMIT+1',
      referenceId: 'q',
      body: undefined as never,
    });
    await expect(composite({ compositeRequest: six })).rejects.toMatchObject({ errorCode: 'LIMIT_EXCEEDED' });
    expect(sb.store.get('Lead', leadId(0))?.['Title']).not.toBe('Batch b0');
    const many = Array.from({ length: 26 }, (_, i) => ({
      method: 'GET',
      url: '/services/data/v62.0/limits',
      referenceId: `l${i}`,
    }));
    await expect(composite({ compositeRequest: many })).rejects.toMatchObject({
      errorCode: 'LIMIT_EXCEEDED',
    });
  });

  it('resolves @{ref.field} references between subrequests', async () => {
    const res = await composite({
      allOrNone: true,
      compositeRequest: [
        {
          method: 'POST',
          url: '/services/data/v62.0/sobjects/Account',
          referenceId: 'acct',
          body: { Name: 'Ref Co' },
        },
        {
          method: 'POST',
          url: '/services/data/v62.0/sobjects/Contact',
          referenceId: 'ct',
          body: { LastName: 'Ref', AccountId: '@{acct.id}' },
        },
        {
          method: 'GET',
          url: '/services/data/v62.0/query?q=SELECT+Id,Account.Name+FROM+Contact+WHERE+Id=%27@{ct.id}%27',
          referenceId: 'q',
        },
      ],
    });
    expect(res.compositeResponse.map((r) => r.httpStatusCode)).toEqual([201, 201, 200]);
    const q = res.compositeResponse[2]?.body as { records: Array<{ Account: { Name: string } }> };
    expect(q.records[0]?.Account.Name).toBe('Ref Co');
  });

  it('rolls every change back with allOrNone when a subrequest fails', async () => {
    const res = await composite({
      allOrNone: true,
      compositeRequest: [
        {
          method: 'PATCH',
          url: `/services/data/v62.0/sobjects/Lead/${leadId(0)}`,
          referenceId: 'ok',
          body: { Title: 'Should roll back' },
        },
        {
          method: 'PATCH',
          url: `/services/data/v62.0/sobjects/Lead/${leadId(1)}`,
          referenceId: 'bad',
          body: { Email: 'nope' },
        },
        { method: 'GET', url: '/services/data/v62.0/limits', referenceId: 'after' },
      ],
    });
    expect(res.compositeResponse.map((r) => [r.referenceId, r.httpStatusCode])).toEqual([
      ['ok', 400],
      ['bad', 400],
      ['after', 400],
    ]);
    expect(res.compositeResponse[0]?.body).toEqual([
      {
        errorCode: 'PROCESSING_HALTED',
        message: 'The transaction was rolled back since another operation in the same transaction failed.',
      },
    ]);
    expect(res.compositeResponse[1]?.body).toMatchObject([{ errorCode: 'INVALID_EMAIL_ADDRESS' }]);
    expect(sb.store.get('Lead', leadId(0))?.['Title']).not.toBe('Should roll back');
  });

  it('without allOrNone keeps successes and halts only subrequests that reference a failure', async () => {
    const res = await composite({
      allOrNone: false,
      compositeRequest: [
        {
          method: 'PATCH',
          url: `/services/data/v62.0/sobjects/Lead/${leadId(0)}`,
          referenceId: 'ok',
          body: { Title: 'Kept' },
        },
        { method: 'POST', url: '/services/data/v62.0/sobjects/Account', referenceId: 'bad', body: {} },
        {
          method: 'POST',
          url: '/services/data/v62.0/sobjects/Contact',
          referenceId: 'dep',
          body: { LastName: 'X', AccountId: '@{bad.id}' },
        },
      ],
    });
    expect(res.compositeResponse.map((r) => r.httpStatusCode)).toEqual([204, 400, 400]);
    expect(res.compositeResponse[2]?.body).toMatchObject([{ errorCode: 'PROCESSING_HALTED' }]);
    expect(sb.store.get('Lead', leadId(0))?.['Title']).toBe('Kept');
  });
});
