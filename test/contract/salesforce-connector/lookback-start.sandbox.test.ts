import { afterEach, describe, expect, it } from 'vitest';
import type { PersonRecord } from '../../../src/domain/person.ts';
import { counted, drain, harness, leadPeople, world, type Harness } from './sandbox-world.ts';

const SIGNPOST = new Date('2026-03-01T12:00:00.000Z');
const FIELDS = ['FirstName', 'LastName', 'Status'];

let h: Harness | undefined;
afterEach(async () => {
  await h?.sandbox.close();
  h = undefined;
});

describe('Salesforce connector on the sandbox: where the lookback starts', () => {
  it('a finished pull resumes the lookback from its signpost, not from its last row: no re-read of old rows', async () => {
    // 4,001 Leads stamped within 201 s, a month before the signpost; the lookback is 300 s.
    const burst = (i: number) => new Date(Date.parse('2026-02-01T00:00:00.000Z') + i * 50).toISOString();
    h = await harness(world(leadPeople(4001, burst)), {}, { lookbackMs: 300_000 });
    const all = await drain<PersonRecord>(
      h.sf.pullChanges('lead', null, { signpost: SIGNPOST, fields: FIELDS }),
    );
    expect(all.items).toHaveLength(4001);
    h.sandbox.resetStats();
    const next = await drain<PersonRecord>(
      h.sf.pullChanges('lead', all.cursors.at(-1) ?? null, {
        signpost: new Date(SIGNPOST.getTime() + 15 * 60_000),
        fields: FIELDS,
      }),
    );
    // From the last row the window would hold all 4,001 rows again: 3 pages for nothing.
    expect(next.items).toHaveLength(0);
    expect(counted(h.sandbox, 'queryAll', 'queryMore')).toBe(1);
  });
});
