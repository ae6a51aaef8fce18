/**
 * §B5 #17: HubSpot's own `lifecyclestage` only moves forward. With `fields.hubspotLifecycleStage`
 * configured, a computed stage that maps behind what HubSpot holds (a contact someone already made a
 * `customer`, scored MIL/MQL by leadloop) is reported as blocked (policy (b): `PersonPlan.blocked`, the
 * run's `blockedLifecycle` counter) and never written: not in the run, not in the audit log, not retried
 * by later polls. People behind the target still move forward, so the mapping is live in this world.
 */
import { afterEach, expect, it } from 'vitest';
import { openEngineWorld, writeCounters, type EngineWorld } from '../e2e/engine-world.ts';

const LIFECYCLE = {
  MIL: 'lead',
  MQL: 'marketingqualifiedlead',
  SAL: 'salesqualifiedlead',
  SQL: 'salesqualifiedlead',
  WON: 'customer',
};
const AHEAD = 6;

let world: EngineWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

it('a computed stage behind HubSpot’s lifecyclestage is reported as blocked and never written, run after run', async () => {
  const w = (world = await openEngineWorld({
    people: 150,
    seed: 17,
    configure: (config) => ({ ...config, fields: { ...config.fields, hubspotLifecycleStage: LIFECYCLE } }),
  }));
  // HubSpot-only people can be MIL or MQL at most; mark some of them customers by hand, in HubSpot.
  const ahead = w
    .people('H--')
    .slice(0, AHEAD)
    .map((p) => w.hubspotId(p));
  expect(ahead).toHaveLength(AHEAD);
  for (const id of ahead) w.sb.hubspot.store.updateContact(id, { lifecyclestage: 'customer' });

  const full = await w.run('full');
  expect(full.status).toBe('succeeded');
  expect(full.counters['blockedLifecycle']).toBeGreaterThanOrEqual(AHEAD);
  // The map is live: contacts behind their target were moved forward in the same run.
  expect(writeCounters(full)['writes.hubspot.lifecyclestage'] ?? 0).toBeGreaterThan(0);

  for (const id of ahead) {
    expect(w.hubspot(id)['lifecyclestage'], id).toBe('customer');
    const link = await w.linkOf(id);
    const plan = await w.plan(link);
    const stage = plan.stage.state.stage;
    expect(['MIL', 'MQL'], id).toContain(stage);
    expect(plan.blocked, id).toEqual([
      `lifecyclestage customer → ${LIFECYCLE[stage as 'MIL' | 'MQL']}: HubSpot only moves it forward`,
    ]);
    expect(
      plan.writes.filter((wr) => wr.field === 'lifecyclestage'),
      id,
    ).toEqual([]);
    const audit = await w.rt.store.listAudit({ limit: 1000, personId: link.personId });
    expect(
      audit.filter((a) => a.field === 'lifecyclestage'),
      id,
    ).toEqual([]);
  }

  // Later polls neither retry the blocked write nor touch those contacts.
  for (const poll of [1, 2]) {
    const report = await w.run('incremental');
    expect(report.status, `poll ${poll}`).toBe('succeeded');
    expect(writeCounters(report)['writes.hubspot.lifecyclestage'], `poll ${poll}`).toBeUndefined();
    for (const id of ahead) expect(w.hubspot(id)['lifecyclestage'], `${id} poll ${poll}`).toBe('customer');
  }
}, 120_000);
