import { afterEach, describe, expect, it } from 'vitest';
import type { SandboxPerson } from '../../../connectors/sandbox/dataset.ts';
import { decodeCursor, decodeSeen, encodeCursor } from '../../../connectors/salesforce/cursor.ts';
import type { Activity, ActivityPage } from '../../../src/domain/activity.ts';
import { OWNER, counted, drain, harness, world, type Harness } from './sandbox-world.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.sandbox.close();
  h = undefined;
});

const START = Date.parse('2026-03-01T12:00:00.000Z');

/** One clock the test moves, for the sandbox and the connector: stamps of the writes it makes, and each pull's signpost. */
function testClock() {
  let t = START;
  return {
    now: () => new Date(t),
    advance: (minutes: number) => {
      t += minutes * 60_000;
      return new Date(t);
    },
  };
}

function contact(key: string): SandboxPerson {
  return {
    key,
    firstName: 'Contact',
    lastName: key,
    email: `${key}@acme.example`,
    companyKey: 'acme',
    optedOutOfEmail: false,
    doNotCall: false,
    salesforceContact: {
      createdAt: '2025-06-01T00:00:00.000Z',
      updatedAt: '2026-02-01T00:00:00.000Z',
      ownerId: OWNER,
      fields: {},
    },
  };
}

/** One call with k0 (its WhoId) shared with k1 and k2; a meeting and a later call with k0 alone. */
function sharedWorld() {
  return world(['k0', 'k1', 'k2', 'k3'].map(contact), {
    companies: [{ key: 'acme', name: 'Acme', domain: 'acme.example' }],
    activities: [
      {
        key: 'a1',
        personKey: 'k0',
        crm: 'salesforce',
        type: 'call',
        occurredAt: '2026-02-10T09:30:00.000Z',
        name: 'Pricing call',
        relatedPersonKeys: ['k1', 'k2'],
      },
      {
        key: 'a2',
        personKey: 'k0',
        crm: 'salesforce',
        type: 'meeting',
        occurredAt: '2026-02-12T15:00:00.000Z',
        name: 'Demo',
      },
      {
        key: 'a3',
        personKey: 'k0',
        crm: 'salesforce',
        type: 'call',
        occurredAt: '2026-02-14T11:00:00.000Z',
        name: 'Follow-up call',
      },
    ],
  });
}

/** The Id of the seeded shared call. */
function sharedTaskId(harness: Harness): string {
  const rows = [...harness.sandbox.store.mustTable('Task').rows.values()];
  return rows.find((r) => r['Subject'] === 'Pricing call')?.['Id'] as string;
}

const brief = (items: readonly Activity[]) =>
  items.map((a) => ({ sourceId: a.sourceId, recordId: a.recordId, type: a.type, name: a.name ?? null }));

describe('Salesforce connector on the sandbox: Shared Activities', () => {
  it('a Task related to three Contacts yields its activity for each, the primary once, in one composite call', async () => {
    const clock = testClock();
    h = await harness(sharedWorld(), { clock: clock.now }, { clock: clock.now });
    const [k0, k1, k2] = ['k0', 'k1', 'k2'].map((k) => h?.sandbox.store.contactIdForPersonKey(k) as string);
    const taskId = sharedTaskId(h);
    h.sandbox.resetStats();
    const { items, cursors } = await drain<Activity>(h.sf.pullActivities(null, { signpost: clock.now() }));
    expect(counted(h.sandbox, 'composite')).toBe(1);
    const calls = brief(items).filter((a) => a.name === 'Pricing call');
    expect(calls).toEqual([
      { sourceId: taskId, recordId: k0, type: 'call', name: 'Pricing call' },
      { sourceId: `${taskId}:${k1}`, recordId: k1, type: 'call', name: 'Pricing call' },
      { sourceId: `${taskId}:${k2}`, recordId: k2, type: 'call', name: 'Pricing call' },
    ]);
    // The unshared ones count once, for their WhoId.
    const others = brief(items).filter((a) => a.name !== 'Pricing call');
    expect(others.map((a) => [a.name, a.recordId])).toEqual([
      ['Follow-up call', k0],
      ['Demo', k0],
    ]);
    // Each person's copy happened when the Task did.
    const times = items.filter((a) => a.name === 'Pricing call').map((a) => a.occurredAt);
    expect(new Set(times)).toEqual(new Set(['2026-02-10T09:30:00.000Z']));
    expect(Object.keys(decodeCursor(cursors.at(-1) ?? null) ?? {})).toEqual([
      'Task',
      'Event',
      'CampaignMember',
      'TaskWhoRelation',
      'EventWhoRelation',
    ]);
  });

  it('an incremental pull picks up a Contact related later, and nothing else', async () => {
    const clock = testClock();
    h = await harness(sharedWorld(), { clock: clock.now }, { clock: clock.now });
    const first = await drain<Activity>(h.sf.pullActivities(null, { signpost: clock.now() }));
    const k3 = h.sandbox.store.contactIdForPersonKey('k3') as string;
    const taskId = sharedTaskId(h);
    clock.advance(1);
    h.sandbox.store.relateWho('Task', taskId, k3);
    const signpost = clock.advance(1);
    h.sandbox.resetStats();
    const next = await drain<Activity>(h.sf.pullActivities(first.cursors.at(-1) ?? null, { signpost }));
    expect(brief(next.items)).toEqual([
      { sourceId: `${taskId}:${k3}`, recordId: k3, type: 'call', name: 'Pricing call' },
    ]);
    expect(counted(h.sandbox, 'composite')).toBe(1);
  });

  it('a shared Task deleted in the org: the next incremental pull names it removed, with no activity or people list for it', async () => {
    const clock = testClock();
    h = await harness(sharedWorld(), { clock: clock.now }, { clock: clock.now });
    const first = await drain<Activity>(h.sf.pullActivities(null, { signpost: clock.now() }));
    const taskId = sharedTaskId(h);
    clock.advance(1);
    h.sandbox.store.delete('Task', taskId);
    const pages: ActivityPage[] = [];
    for await (const page of h.sf.pullActivities(first.cursors.at(-1) ?? null, {
      signpost: clock.advance(1),
    }))
      pages.push(page);
    expect(pages.flatMap((p) => p.removed ?? [])).toEqual([{ crm: 'salesforce', activityId: taskId }]);
    expect(pages.flatMap((p) => p.items)).toEqual([]);
    expect(pages.flatMap((p) => p.people ?? []).map((p) => p.activityId)).not.toContain(taskId);
    // Read once: the lookback re-read of the next pull does not name it again.
    const again: ActivityPage[] = [];
    for await (const page of h.sf.pullActivities(pages.at(-1)?.cursor ?? null, {
      signpost: clock.advance(1),
    }))
      again.push(page);
    expect(again.flatMap((p) => p.removed ?? [])).toEqual([]);
  });

  it('a cursor from before the relation streams starts them at the Task and Event positions, not the beginning', async () => {
    const clock = testClock();
    h = await harness(sharedWorld(), { clock: clock.now }, { clock: clock.now });
    const first = await drain<Activity>(h.sf.pullActivities(null, { signpost: clock.now() }));
    const positions = decodeCursor(first.cursors.at(-1) ?? null) ?? {};
    const last = first.cursors.at(-1) ?? null;
    const parents = ['Task', 'Event', 'CampaignMember'];
    // The parents keep their lookback keys, so only the relation streams' start is under test.
    const old = encodeCursor(
      Object.fromEntries(parents.map((p) => [p, positions[p] ?? null])),
      Object.fromEntries(parents.map((p) => [p, decodeSeen(last, p)])),
    );
    const k3 = h.sandbox.store.contactIdForPersonKey('k3') as string;
    const taskId = sharedTaskId(h);
    clock.advance(1);
    h.sandbox.store.relateWho('Task', taskId, k3);
    const next = await drain<Activity>(h.sf.pullActivities(old, { signpost: clock.advance(1) }));
    // The seeded relations (k1, k2) carry their Task's stamp, behind the Task position: not read again.
    expect(brief(next.items).map((a) => a.recordId)).toEqual([k3]);
    expect(decodeCursor(next.cursors.at(-1) ?? null)?.['TaskWhoRelation']).not.toBeNull();
  });

  it('an org without Shared Activities: activities count for their WhoId, and later pulls do not ask again', async () => {
    const clock = testClock();
    h = await harness(sharedWorld(), { clock: clock.now, sharedActivities: false }, { clock: clock.now });
    h.sandbox.resetStats();
    const first = await drain<Activity>(h.sf.pullActivities(null, { signpost: clock.now() }));
    const k0 = h.sandbox.store.contactIdForPersonKey('k0') as string;
    expect(brief(first.items).map((a) => [a.type, a.recordId])).toEqual([
      ['call', k0],
      ['call', k0],
      ['meeting', k0],
    ]);
    // The refused composite, then the read without the relation streams.
    expect(counted(h.sandbox, 'composite')).toBe(2);
    expect(h.logText()).toContain('without Shared Activities');
    h.sandbox.resetStats();
    await drain<Activity>(h.sf.pullActivities(first.cursors.at(-1) ?? null, { signpost: clock.advance(1) }));
    expect(counted(h.sandbox, 'composite')).toBe(1);
  });
});
