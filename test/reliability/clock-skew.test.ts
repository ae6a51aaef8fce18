/**
 * The leadloop host's clock 5 minutes ahead of, and 5 minutes behind, HubSpot's and Salesforce's. Both
 * sandboxes run on one stepping clock, so every edit made within a step carries the same timestamp,
 * including edits made right after a poll, at that poll's own signpost: the page boundary where a cursor
 * taken from the wrong clock skips or repeats. Two copies of one world (skew 0 and ±5 min) get the
 * same edits and the same incremental polls. Nothing may be lost: every edited title reaches the other
 * CRM by the poll after the edit; nothing may be written twice: each skewed world writes what the
 * unskewed one writes, poll by poll, and a last poll writes nothing.
 */
import { afterAll, expect, it } from 'vitest';
import { generateDataset } from '../../connectors/sandbox/generate.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { openRuntime, type Runtime } from '../../src/main/runtime.ts';
import { runSync } from '../../src/sync/run-sync.ts';
import { diffCrmStates, readCrmState, timeStable } from '../e2e/crm-state.ts';
import { writeCounters } from '../e2e/engine-world.ts';
import { SANDBOX_TEST_NOW, withSandboxes, type TestSandboxes } from '../helpers/sandboxes.ts';

const dataset = generateDataset({ people: 100, seed: 44, now: SANDBOX_TEST_NOW });
const SKEW_MS = 5 * 60_000;
const POLLS = 6;
const STEP_MS = 60_000;
type Person = (typeof dataset.people)[number];

interface World {
  readonly skewMs: number;
  readonly sb: TestSandboxes;
  readonly rt: Runtime;
  /** The CRMs' clock; leadloop's is this plus `skewMs`. */
  now: number;
}

const worlds: World[] = [];
afterAll(async () => {
  for (const w of worlds) await w.rt.close().finally(() => w.sb.close());
});

async function openWorld(skewMs: number): Promise<World> {
  const clock = { now: Date.parse('2026-12-01T12:00:00.000Z') };
  const crmClock = (): Date => new Date(clock.now);
  // The org's Title flow rewrites titles on its own, and a late commit on a clock that only steps stays
  // unseen until the next step: neither is the subject here.
  const sb = await withSandboxes({
    dataset,
    hubspot: { clock: crmClock },
    salesforce: { clock: crmClock, flows: false, lateCommits: null },
  });
  const config = timeStable(sb.config);
  // No search overlap: its hour behind the cursor would absorb any skew below it and hide a cursor taken
  // from the host clock; only the signpost's mapping into HubSpot's time is left to keep changes.
  const hubspot = { ...config.connections.hubspot, searchLookbackSeconds: 0 };
  const rt = await openRuntime(
    { ...config, connections: { ...config.connections, hubspot } },
    {
      logger: createLogger({ level: 'silent' }),
      clock: () => new Date(clock.now + skewMs),
    },
  );
  const world: World = {
    skewMs,
    sb,
    rt,
    get now() {
      return clock.now;
    },
    set now(ms: number) {
      clock.now = ms;
    },
  };
  worlds.push(world);
  return world;
}

const linked = dataset.people.filter((p) => p.hubspot && p.salesforceLead && !p.salesforceLead.isConverted);

function hubspotId(w: World, p: Person): string {
  const id = w.sb.hubspot.store.contactIdForPersonKey(p.key);
  if (!id) throw new Error(`no HubSpot contact for ${p.key}`);
  return id;
}
function leadId(w: World, p: Person): string {
  const id = w.sb.salesforce.store.leadIdForPersonKey(p.key);
  if (!id) throw new Error(`no Lead for ${p.key}`);
  return id;
}

/** Edit `i` of a poll: a new title on one side, alternating HubSpot and Salesforce. */
function edit(w: World, p: Person, title: string, side: 'hubspot' | 'salesforce'): void {
  if (side === 'hubspot') w.sb.hubspot.store.updateContact(hubspotId(w, p), { jobtitle: title });
  else w.sb.salesforce.store.update('Lead', leadId(w, p), { Title: title });
}

function titles(w: World, p: Person): { hubspot: string | null | undefined; salesforce: unknown } {
  return {
    hubspot: w.sb.hubspot.store.getContact(hubspotId(w, p))?.properties['jobtitle'],
    salesforce: w.sb.salesforce.store.get('Lead', leadId(w, p))?.['Title'],
  };
}

async function pollSkewed(skewMs: number): Promise<void> {
  expect(linked.length).toBeGreaterThanOrEqual(4 * POLLS);
  const [exact, skewed] = await Promise.all([openWorld(0), openWorld(skewMs)]);
  const all = [exact, skewed] as const;
  for (const w of all) expect((await runSync(w.rt, { kind: 'full' })).status).toBe('succeeded');

  const expected = new Map<Person, string>();
  let cursor = 0;
  for (let poll = 0; poll < POLLS; poll += 1) {
    // Two edits at the poll's own timestamp before it, two more after it at the same timestamp.
    const before = linked.slice(cursor, cursor + 2);
    const after = linked.slice(cursor + 2, cursor + 4);
    cursor += 4;
    for (const w of all) w.now += STEP_MS;
    before.forEach((p, i) => {
      const title = `Chief Widget Officer ${poll}.${i}`;
      expected.set(p, title);
      for (const w of all) edit(w, p, title, i % 2 === 0 ? 'hubspot' : 'salesforce');
    });
    const reports = await Promise.all(all.map((w) => runSync(w.rt, { kind: 'incremental' })));
    after.forEach((p, i) => {
      const title = `Intern of Widgets ${poll}.${i}`;
      expected.set(p, title);
      for (const w of all) edit(w, p, title, i % 2 === 0 ? 'salesforce' : 'hubspot');
    });
    for (const [k, report] of reports.entries()) {
      expect(report.status, `poll ${poll}, skew ${all[k]?.skewMs}`).toBe('succeeded');
      expect(writeCounters(report), `poll ${poll}, skew ${all[k]?.skewMs}`).toEqual(
        writeCounters(reports[0] ?? report),
      );
    }
    // The edits made before this poll are in both CRMs now, in every world.
    for (const w of all)
      for (const p of before) {
        const title = expected.get(p);
        expect(titles(w, p), `poll ${poll}, skew ${w.skewMs}, ${p.key}`).toEqual({
          hubspot: title,
          salesforce: title,
        });
      }
  }
  // One more poll a step later carries the last edits; then one that finds nothing to do.
  for (const w of all) w.now += STEP_MS;
  for (const w of all) expect((await runSync(w.rt, { kind: 'incremental' })).status).toBe('succeeded');
  for (const w of all) w.now += STEP_MS;
  for (const w of all) {
    const idle = await runSync(w.rt, { kind: 'incremental' });
    expect(writeCounters(idle), `idle poll, skew ${w.skewMs}`).toEqual({});
    for (const [p, title] of expected)
      expect(titles(w, p), `skew ${w.skewMs}, ${p.key}`).toEqual({ hubspot: title, salesforce: title });
  }
  expect(diffCrmStates(await readCrmState(exact.sb), await readCrmState(skewed.sb))).toEqual([]);
}

it('5 minutes ahead of the CRMs: no change lost across incremental polls, nothing written twice', async () => {
  await pollSkewed(SKEW_MS);
}, 60_000);

// Both connectors learn their CRM's clock from the `Date` header of its answers (src/lib/server-clock.ts).
// Without that on the Salesforce side, twice over: the JWT bearer assertion's `exp` (host time + 180 s) is
// already past for an org 5 minutes ahead, so every token request is refused and nothing syncs; and the
// SOQL signpost `SystemModstamp <= host time` leaves out every change of the last 5 minutes, each arriving
// one skew late.
it('5 minutes behind the CRMs: Salesforce changes reach HubSpot by the next poll', async () => {
  await pollSkewed(-SKEW_MS);
}, 60_000);
