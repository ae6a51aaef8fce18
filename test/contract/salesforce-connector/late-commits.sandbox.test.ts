/**
 * Incremental Lead pulls against an org whose writes commit late (sandbox `lateCommits`): with the
 * lookback, ten polls lose no change and hand none over twice; without it, the same seeded run loses
 * some, which is what the lookback is for.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { PersonRecord } from '../../../src/domain/person.ts';
import { drain, harness, leadPeople, world, type Harness } from './sandbox-world.ts';

const FIELDS = ['FirstName', 'Title'];
// One write per lead: a change a keyset skips is not rescued by a later write of the same lead.
const LEADS = 30;
const POLLS = 10;

let h: Harness | undefined;
afterEach(async () => {
  await h?.sandbox.close();
  h = undefined;
});

interface Run {
  /** Leads whose last pulled version is not the org's current one. */
  lost: string[];
  /** (id, stamp) pairs handed over more than once. */
  duplicates: number;
}

async function tenPolls(lookbackMs: number): Promise<Run> {
  const clock = { now: Date.parse('2026-03-01T12:00:00.300Z') };
  const now = () => new Date(clock.now);
  h = await harness(
    world(leadPeople(LEADS, () => '2026-02-01T00:00:00.000Z')),
    { clock: now, lateCommits: { share: 0.3, maxDelaySeconds: 5, seed: 11 } },
    { clock: now, lookbackMs },
  );
  const x = h;
  const ids = Array.from({ length: LEADS }, (_, i) => x.sandbox.store.leadIdForPersonKey(`p${i}`) as string);
  const first = await drain(x.sf.pullChanges('lead', null, { signpost: now(), fields: FIELDS }));
  let cursor = first.cursors.at(-1) ?? null;
  const lastSeen = new Map<string, string>(first.items.map((r) => [r.id, r.modifiedAt]));
  const handed = new Set<string>();
  let duplicates = 0;
  for (let poll = 0; poll < POLLS; poll++) {
    // Three writes per poll within about a second, so stamps tie and some commit after the next poll.
    for (let w = 0; w < 3; w++) {
      x.sandbox.store.update('Lead', ids[(poll * 3 + w) % LEADS] as string, { Title: `t${poll}-${w}` });
      clock.now += 400;
    }
    clock.now += 800;
    const pulled = await drain(x.sf.pullChanges('lead', cursor, { signpost: now(), fields: FIELDS }));
    cursor = pulled.cursors.at(-1) ?? cursor;
    for (const r of pulled.items as PersonRecord[]) {
      const key = `${r.id}@${r.modifiedAt}`;
      if (handed.has(key)) duplicates++;
      handed.add(key);
      lastSeen.set(r.id, r.modifiedAt);
    }
  }
  // Every commit has landed by now; one more poll is the steady state the run must reach.
  clock.now += 6_000;
  const settled = await drain(x.sf.pullChanges('lead', cursor, { signpost: now(), fields: FIELDS }));
  for (const r of settled.items) lastSeen.set(r.id, r.modifiedAt);
  const lost = ids.filter((id) => {
    const stamp = (x.sandbox.store.get('Lead', id)?.['SystemModstamp'] as string).replace('+0000', 'Z');
    return lastSeen.get(id) !== stamp;
  });
  return { lost, duplicates };
}

describe('incremental pulls with late commits', () => {
  it('with the default lookback no change is lost across 10 polls and none is handed over twice', async () => {
    const run = await tenPolls(300_000);
    expect(run).toEqual({ lost: [], duplicates: 0 });
  });

  it('without a lookback the same run loses changes', async () => {
    const run = await tenPolls(0);
    expect(run.lost.length).toBeGreaterThan(0);
  });

  it('a Lead saved again within the second the previous poll read it reaches the next poll', async () => {
    // Whole-second stamps, nothing late: the pull reads a Lead at 12:00:00.300, a flow or leadloop's own
    // write-back saves it at 12:00:00.700, and both versions carry 12:00:00.
    const clock = { now: Date.parse('2026-03-01T12:00:00.000Z') };
    const now = () => new Date(clock.now);
    h = await harness(
      world(leadPeople(3, () => '2026-02-01T00:00:00.000Z')),
      { clock: now, lateCommits: { share: 0, maxDelaySeconds: 5, seed: 1 } },
      { clock: now, lookbackMs: 300_000 },
    );
    const x = h;
    const id = x.sandbox.store.leadIdForPersonKey('p0') as string;
    x.sandbox.store.update('Lead', id, { Title: 'VP Sales' });
    clock.now += 300;
    const first = await drain(x.sf.pullChanges('lead', null, { signpost: now(), fields: FIELDS }));
    expect(first.items.find((r) => r.id === id)?.fields['Title']).toBe('VP Sales');
    clock.now += 400;
    x.sandbox.store.update('Lead', id, { Title: 'Vice President Sales' });
    clock.now += 5_000;
    const next = await drain(
      x.sf.pullChanges('lead', first.cursors.at(-1) ?? null, { signpost: now(), fields: FIELDS }),
    );
    expect(next.items.filter((r) => r.id === id).map((r) => r.fields['Title'])).toEqual([
      'Vice President Sales',
    ]);
    // The version already read is not handed over again.
    const quiet = await drain(
      x.sf.pullChanges('lead', next.cursors.at(-1) ?? null, { signpost: now(), fields: FIELDS }),
    );
    expect(quiet.items.filter((r) => r.id === id)).toEqual([]);
  });
});
