/**
 * The leadloop host's clock is corrected while it runs: 10 minutes behind the CRMs, then stepped onto
 * their time between two polls (an NTP step after a VM resume). The connectors learnt a +10 min offset
 * from the CRMs' `Date` headers; the first poll after the step maps its signpost before any answer of its
 * own, so the offset it uses is the old one. Nothing may be lost: an edit made after the step reaches the
 * other CRM by the poll after it, on both sides.
 */
import { afterAll, expect, it } from 'vitest';
import { generateDataset } from '../../connectors/sandbox/generate.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { openRuntime, type Runtime } from '../../src/main/runtime.ts';
import { runSync } from '../../src/sync/run-sync.ts';
import { timeStable } from '../e2e/crm-state.ts';
import { SANDBOX_TEST_NOW, withSandboxes, type TestSandboxes } from '../helpers/sandboxes.ts';

const dataset = generateDataset({ people: 60, seed: 45, now: SANDBOX_TEST_NOW });
const BEHIND_MS = 10 * 60_000;
const STEP_MS = 60_000;

let sb: TestSandboxes | undefined;
let rt: Runtime | undefined;
afterAll(async () => {
  await rt?.close();
  await sb?.close();
});

it('a host clock stepped 10 minutes forward onto the CRMs’ time loses no change', async () => {
  // The CRMs' clock, stepped by the test; the host's wall clock is it plus `skew`, and its monotonic
  // clock (what elapsed) follows the CRMs' steps alone, as a real one ignores wall-clock steps.
  const clock = { crm: Date.parse('2026-12-01T12:00:00.000Z'), skew: -BEHIND_MS };
  const crmClock = (): Date => new Date(clock.crm);
  // The org's Title flow and late commits change titles and visibility on their own: not the subject.
  sb = await withSandboxes({
    dataset,
    hubspot: { clock: crmClock },
    salesforce: { clock: crmClock, flows: false, lateCommits: null },
  });
  const config = timeStable(sb.config);
  // No search overlap: its hour behind the cursor would hide a cursor moved into HubSpot's future.
  const hubspot = { ...config.connections.hubspot, searchLookbackSeconds: 0 };
  const runtime = await openRuntime(
    { ...config, connections: { ...config.connections, hubspot } },
    {
      logger: createLogger({ level: 'silent' }),
      clock: () => new Date(clock.crm + clock.skew),
      elapsedMs: () => clock.crm,
    },
  );
  rt = runtime;
  const world = sb;
  const people = dataset.people
    .filter((p) => p.hubspot && p.salesforceLead && !p.salesforceLead.isConverted)
    .map((p) => {
      const hubspotId = world.hubspot.store.contactIdForPersonKey(p.key);
      const leadId = world.salesforce.store.leadIdForPersonKey(p.key);
      if (!hubspotId || !leadId) throw new Error(`${p.key} is not in both CRMs`);
      return { key: p.key, hubspotId, leadId };
    });
  const titles = (p: { hubspotId: string; leadId: string }): unknown[] => [
    world.hubspot.store.getContact(p.hubspotId)?.properties['jobtitle'],
    world.salesforce.store.get('Lead', p.leadId)?.['Title'],
  ];
  const expected = new Map<(typeof people)[number], string>();
  /** The `n`th pair of edits: a new title on each side. */
  const edit = (n: number): void => {
    const [fromSalesforce, fromHubSpot] = people.slice(2 * n, 2 * n + 2);
    if (!fromSalesforce || !fromHubSpot) throw new Error('the world has too few linked people');
    world.salesforce.store.update('Lead', fromSalesforce.leadId, { Title: `Chief Clock Officer ${n}` });
    world.hubspot.store.updateContact(fromHubSpot.hubspotId, { jobtitle: `Head of Time ${n}` });
    expected.set(fromSalesforce, `Chief Clock Officer ${n}`).set(fromHubSpot, `Head of Time ${n}`);
  };
  const poll = async (): Promise<void> => {
    clock.crm += STEP_MS;
    expect((await runSync(runtime, { kind: 'incremental' })).status).toBe('succeeded');
  };

  expect((await runSync(runtime, { kind: 'full' })).status).toBe('succeeded');
  await poll();
  // The step: from now on the host reads the CRMs' time. The poll after it reads an edit on each side,
  // so both cursors move to its signpost; the edits after that poll must still be read.
  clock.skew = 0;
  edit(0);
  await poll();
  edit(1);
  await poll();
  await poll();
  for (const [p, title] of expected) expect(titles(p), p.key).toEqual([title, title]);
}, 60_000);
