import { describe, expect, it } from 'vitest';
import { failureSubject, groupFailures } from '../../../src/health/failure-groups.ts';
import { failuresCsv } from '../../../src/http/render-health-page.ts';
import type { WriteFailureEntry } from '../../../src/state/types.ts';

const failure = (patch: Partial<WriteFailureEntry>): WriteFailureEntry => ({
  at: '2026-11-20T10:00:00.000Z',
  runId: 'r1',
  crm: 'salesforce',
  object: 'lead',
  source: 'write',
  recordId: '00Q1',
  code: 'REQUIRED_FIELD_MISSING',
  message: 'Company is required',
  fields: ['Company'],
  permanent: true,
  ...patch,
});

describe('failures as an admin reads them', () => {
  it.each<[Partial<WriteFailureEntry>, string]>([
    [{}, '00Q1'],
    [{ source: 'pull', recordId: '00Q2' }, '00Q2 (rejected when read)'],
    [{ source: 'create', recordId: '101' }, 'new Salesforce Lead from HubSpot contact 101'],
    [
      { source: 'create', crm: 'hubspot', object: 'contact', recordId: '00Q3' },
      'new HubSpot contact from Salesforce record 00Q3',
    ],
  ])('%o reads as %s', (patch, subject) => {
    expect(failureSubject(failure(patch))).toBe(subject);
  });

  it('exports the source of each failure as its own CSV column', () => {
    const csv = failuresCsv(groupFailures([failure({}), failure({ source: 'create', recordId: '101' })]));
    const [header, ...rows] = csv.trim().split('\n');
    expect(header).toBe('crm,object,source,record,code,permanent,fields,at,message');
    expect(rows.map((r) => r.split(',').slice(2, 4).join(','))).toEqual(['write,00Q1', 'create,101']);
  });
});
