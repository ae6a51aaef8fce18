import { afterEach, describe, expect, it } from 'vitest';
import { decodeCursor } from '../../../connectors/salesforce/cursor.ts';
import type { Opportunity } from '../../../src/domain/opportunity.ts';
import { drain, harness, leadPeople, world, type Harness } from './sandbox-world.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.sandbox.close();
  h = undefined;
});

/** Past this many targeted rows a query's first page answers QUERY_TIMEOUT (the sandbox's unselective scan). */
const SCAN_LIMIT = 100;

/** A clock the test moves for the sandbox (stamps of its writes) and the connector (signposts). */
function testClock(start: number) {
  let t = start;
  return { now: () => new Date(t), advance: (ms: number) => new Date((t += ms)) };
}

describe('Salesforce opportunity streams on QUERY_TIMEOUT', () => {
  it('too many Opportunities and contact roles for one scan: both streams narrow into windows and read every row once', async () => {
    const clock = testClock(Date.parse('2026-03-01T12:00:00.000Z'));
    h = await harness(
      world(leadPeople(1, () => '2025-12-01T00:00:00.000Z')),
      { clock: clock.now, queryTimeoutRows: SCAN_LIMIT },
      { clock: clock.now },
    );
    const contactId = h.sandbox.store.create('Contact', { LastName: 'Buyer', Email: 'buyer@example.com' });
    const created = new Set<string>();
    for (let i = 0; i < 250; i++) {
      clock.advance(60_000);
      created.add(
        h.sandbox.store.createOpportunity({
          name: `Deal ${i}`,
          contactIds: [contactId],
          stageName: 'Prospecting',
          amount: 1000 + i,
        }),
      );
    }
    const signpost = clock.advance(60_000);
    const { items, cursors } = await drain<Opportunity>(h.sf.pullOpportunities(null, { signpost }));
    const ids = items.map((o) => o.id);
    expect(new Set(ids)).toEqual(created);
    expect(ids).toHaveLength(250);
    expect(h.logText()).toContain('QUERY_TIMEOUT: narrowing the window');
    expect(h.logText()).toContain('"stream":"Opportunity"');
    expect(h.logText()).toContain('"stream":"OpportunityContactRole"');
    const last = decodeCursor(cursors.at(-1) ?? null);
    const lastStamp = new Date(signpost.getTime() - 60_000).toISOString();
    expect(last?.['Opportunity']?.ts).toBe(lastStamp);
    expect(last?.['OpportunityContactRole']?.ts).toBe(lastStamp);
    for (const o of items) expect(o.contactIds).toEqual([contactId]);
  });
});
