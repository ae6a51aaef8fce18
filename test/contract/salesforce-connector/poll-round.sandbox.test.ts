import { afterEach, describe, expect, it } from 'vitest';
import type { PersonObject } from '../../../src/domain/crm.ts';
import type { PullOptions } from '../../../connectors/types.ts';
import { drain, harness, leadPeople, world, type Harness } from './sandbox-world.ts';

const FIELDS = ['FirstName', 'LastName'];
const stampOf = (i: number) => new Date(Date.parse('2026-02-01T00:00:00.000Z') + i * 1000).toISOString();

/**
 * One clock for the sandbox, the connector and the test's signposts: the connector maps a signpost
 * into the org's time, learnt from its answers, so a signpost from another clock would move with it.
 */
function oneClock(): { now: () => Date; at: (iso: string) => Date } {
  let t = Date.parse('2026-03-01T12:00:00.000Z');
  return {
    now: () => new Date(t),
    at: (iso) => {
      t = Date.parse(iso);
      return new Date(t);
    },
  };
}

let h: Harness | undefined;
afterEach(async () => {
  await h?.sandbox.close();
  h = undefined;
});

interface Cursors {
  contact: string | null;
  lead: string | null;
  activities: string | null;
  opportunities: string | null;
}

/** One poll as the engine drives it: the hook, then every stream in order; the cursors reached. */
async function poll(sf: Harness['sf'], from: Cursors, options: PullOptions, hook: boolean) {
  const objects: PersonObject[] = ['contact', 'lead'];
  if (hook)
    await sf.beginPoll?.({
      records: objects.map((object) => ({ object, cursor: from[object], options })),
      activities: { cursor: from.activities, options },
      opportunities: { cursor: from.opportunities, options },
    });
  const out = { ...from };
  let items = 0;
  for (const object of objects) {
    const r = await drain(sf.pullChanges(object, from[object], options));
    items += r.items.length;
    out[object] = r.cursors.at(-1) ?? from[object];
  }
  const a = await drain(sf.pullActivities(from.activities, options));
  const o = await drain(sf.pullOpportunities(from.opportunities, options));
  out.activities = a.cursors.at(-1) ?? from.activities;
  out.opportunities = o.cursors.at(-1) ?? from.opportunities;
  return { cursors: out, items: items + a.items.length + o.items.length };
}

describe('Salesforce beginPoll: every stream first page in shared /composite calls', () => {
  it('a no-op incremental poll costs exactly 2 API calls (4 without the hook)', async () => {
    const clock = oneClock();
    h = await harness(world(leadPeople(3, stampOf)), { clock: clock.now }, { clock: clock.now });
    const options = { signpost: clock.now(), fields: FIELDS };
    const none = { contact: null, lead: null, activities: null, opportunities: null };
    const first = await poll(h.sf, none, options, true);
    expect(first.items).toBe(3);

    const later = { ...options, signpost: clock.at('2026-03-01T12:10:00.000Z') };
    h.sandbox.resetStats();
    const noop = await poll(h.sf, first.cursors, later, true);
    expect(noop.items).toBe(0);
    expect(h.sandbox.stats().totalCalls).toBe(2);

    h.sandbox.resetStats();
    await poll(h.sf, first.cursors, { ...later, signpost: clock.at('2026-03-01T12:20:00.000Z') }, false);
    expect(h.sandbox.stats().totalCalls).toBe(4);
  });

  it('uses a kept first page only for the exact SOQL: other fields or signposts query again', async () => {
    const clock = oneClock();
    h = await harness(world(leadPeople(3, stampOf)), { clock: clock.now }, { clock: clock.now });
    const options = { signpost: clock.now(), fields: FIELDS };
    const none = { contact: null, lead: null, activities: null, opportunities: null };
    const objects: PersonObject[] = ['contact', 'lead'];
    await h.sf.beginPoll?.({
      records: objects.map((object) => ({ object, cursor: null, options })),
      activities: { cursor: none.activities, options },
      opportunities: { cursor: none.opportunities, options },
    });
    h.sandbox.resetStats();
    // Another field list, so another SOQL: the kept Lead page must not stand in for it.
    const other = await drain(h.sf.pullChanges('lead', null, { ...options, fields: ['FirstName'] }));
    expect(other.items).toHaveLength(3);
    expect(other.items[0]?.fields['LastName']).toBeUndefined();
    expect(h.sandbox.stats().totalCalls).toBe(1);
    // The kept page of the exact SOQL costs nothing, once.
    h.sandbox.resetStats();
    expect((await drain(h.sf.pullChanges('lead', null, options))).items).toHaveLength(3);
    expect(h.sandbox.stats().totalCalls).toBe(0);
    expect((await drain(h.sf.pullChanges('lead', null, options))).items).toHaveLength(3);
    expect(h.sandbox.stats().totalCalls).toBe(1);
  });
});
