/**
 * The echo loop: leadloop's own writes bump `lastmodifieddate` / `SystemModstamp`, so the next
 * incremental pull reads them back. They must be recognised as no change (plan = diff against what the
 * CRM holds), so ten polls after one full sync write nothing, and once the echo is read every poll costs
 * the same fixed number of read calls on each CRM, counted by the sandboxes themselves.
 */
import { afterEach, expect, it } from 'vitest';
import { openEngineWorld, writeCounters, type EngineWorld } from '../e2e/engine-world.ts';

const POLLS = 10;
let world: EngineWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

type Calls = Record<string, number>;
const WRITE_FAMILY =
  /batch\.(update|upsert|create|archive)|properties\.(create|update)|collections|sobject-rows/i;

function delta(after: Calls, before: Calls): Calls {
  const out: Calls = {};
  for (const [name, n] of Object.entries(after)) {
    const d = n - (before[name] ?? 0);
    if (d > 0) out[name] = d;
  }
  return out;
}

const total = (calls: Calls): number => Object.values(calls).reduce((a, b) => a + b, 0);

/** Every Salesforce Lead and Contact with its modification stamp: any write would move one. */
function salesforceStamps(w: EngineWorld): string[] {
  return ['Lead', 'Contact']
    .flatMap((sobject) =>
      [...(w.sb.salesforce.store.tables.get(sobject)?.rows.values() ?? [])].map(
        (r) => `${String(r['Id'])}@${String(r['SystemModstamp'])}`,
      ),
    )
    .sort();
}

it('ten incremental polls after a full sync write nothing and stay at the zero-change call floor', async () => {
  // About leadloop's own writes echoing back: the org's Title flow, whose rewrites of those writes the
  // first poll carries to HubSpot once (test/e2e/sync-org-flows.test.ts), is off.
  const w = (world = await openEngineWorld({ people: 150, seed: 16, salesforce: { flows: false } }));
  const full = await w.run('full');
  expect(full.status).toBe('succeeded');
  expect(Object.keys(writeCounters(full)).length).toBeGreaterThan(5);

  const stampsAfterFull = salesforceStamps(w);
  const polls: { hubspot: Calls; salesforce: Calls }[] = [];
  for (let poll = 1; poll <= POLLS; poll++) {
    const hsBefore = { ...w.sb.hubspot.stats().byEndpoint };
    const sfBefore = { ...w.sb.salesforce.stats().byEndpoint };
    const report = await w.run('incremental');
    expect(report.status, `poll ${poll}`).toBe('succeeded');
    expect(writeCounters(report), `poll ${poll}`).toEqual({});
    expect(report.counters['creates.hubspot'] ?? 0, `poll ${poll}`).toBe(0);
    expect(report.counters['creates.salesforce'] ?? 0, `poll ${poll}`).toBe(0);
    polls.push({
      hubspot: delta(w.sb.hubspot.stats().byEndpoint, hsBefore),
      salesforce: delta(w.sb.salesforce.stats().byEndpoint, sfBefore),
    });
  }

  // No write call of any kind reached either CRM in ten polls.
  for (const [i, p] of polls.entries()) {
    const writes = [...Object.keys(p.hubspot), ...Object.keys(p.salesforce)].filter((n) =>
      WRITE_FAMILY.test(n),
    );
    expect(writes, `poll ${i + 1}`).toEqual([]);
  }
  // Every poll makes exactly the same read calls, the first one (which reads the echo of the full sync's
  // writes) included: a fixed floor that grows neither with the polls nor with the echo. The bounds are
  // today's measured floor (15 HubSpot calls: one search or page per stream plus the archived sweep;
  // 4 Salesforce calls: 2 queryAll, 2 composite; describes are cached between runs), so a regression fails.
  const floor = polls[0];
  for (const [i, p] of polls.entries()) expect(p, `poll ${i + 1}`).toEqual(floor);
  expect(total(floor?.hubspot ?? {})).toBeLessThanOrEqual(15);
  expect(total(floor?.salesforce ?? {})).toBeLessThanOrEqual(4);
  // And the CRMs agree: no Lead or Contact was modified by any poll.
  expect(salesforceStamps(w)).toEqual(stampsAfterFull);
  process.stdout.write(
    `echo floor per poll: hubspot ${total(floor?.hubspot ?? {})} ${JSON.stringify(floor?.hubspot)}; ` +
      `salesforce ${total(floor?.salesforce ?? {})} ${JSON.stringify(floor?.salesforce)}\n`,
  );
}, 120_000);
