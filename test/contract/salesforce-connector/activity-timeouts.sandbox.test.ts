import { afterEach, describe, expect, it } from 'vitest';
import type { SandboxActivity } from '../../../connectors/sandbox/dataset.ts';
import { decodeCursor, decodeWindows } from '../../../connectors/salesforce/cursor.ts';
import type { Activity } from '../../../src/domain/activity.ts';
import type { Page } from '../../../src/domain/person.ts';
import { SyncError } from '../../../src/lib/errors.ts';
import { drain, harness, leadPeople, world, type Harness } from './sandbox-world.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.sandbox.close();
  h = undefined;
});

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const HOUR = 3_600_000;
/** Past this many targeted rows a query's first page answers QUERY_TIMEOUT (the sandbox's unselective scan). */
const SCAN_LIMIT = 100;

/** `count` calls, one an hour from T0, spread over the first 20 Leads. */
function calls(count: number): SandboxActivity[] {
  return Array.from({ length: count }, (_, i) => ({
    key: `t${i}`,
    personKey: `p${i % 20}`,
    crm: 'salesforce' as const,
    type: 'call' as const,
    occurredAt: new Date(T0 + i * HOUR).toISOString(),
    name: `Call ${i}`,
  }));
}

function taskWorld(count: number) {
  return world(
    leadPeople(20, () => '2025-12-01T00:00:00.000Z'),
    { activities: calls(count) },
  );
}

/** A clock the test moves for the sandbox (stamps of its writes) and the connector (signposts). */
function testClock(start: number) {
  let t = start;
  return { now: () => new Date(t), advance: (ms: number) => new Date((t += ms)) };
}

/** The pages read until the pull ends or fails, and its failure. */
async function until(pages: AsyncIterable<Page<Activity>>) {
  const read: Page<Activity>[] = [];
  try {
    for await (const page of pages) read.push(page);
    return { read, err: null };
  } catch (err) {
    if (!(err instanceof SyncError)) throw err;
    return { read, err };
  }
}

const taskIds = (items: readonly Activity[]) => items.filter((a) => a.type === 'call').map((a) => a.sourceId);

describe('Salesforce activity streams on QUERY_TIMEOUT', () => {
  it('a Task table too large for one scan: the pull narrows into windows, reads every Task once, the cursor ends at the last', async () => {
    const clock = testClock(Date.parse('2026-03-01T12:00:00.000Z'));
    h = await harness(
      taskWorld(300),
      { clock: clock.now, queryTimeoutRows: SCAN_LIMIT },
      { clock: clock.now },
    );
    const { items, cursors } = await drain<Activity>(h.sf.pullActivities(null, { signpost: clock.now() }));
    const ids = taskIds(items);
    expect(ids).toHaveLength(300);
    expect(new Set(ids).size).toBe(300);
    expect(h.logText()).toContain('QUERY_TIMEOUT: narrowing the window');
    // Windowed pages arrive one after another, each cursor at or past the one before.
    const taskPositions = cursors.map((c) => decodeCursor(c)?.['Task']?.ts ?? '');
    expect(taskPositions).toEqual([...taskPositions].sort());
    const last = decodeCursor(cursors.at(-1) ?? null);
    expect(last?.['Task']?.ts).toBe(new Date(T0 + 299 * HOUR).toISOString());
    expect(last?.['TaskWhoRelation']?.ts).toBe(new Date(T0 + 299 * HOUR).toISOString());

    // 150 Tasks logged a minute apart after the first pull: the incremental scan over them times out too.
    const leadId = h.sandbox.store.leadByPersonKey.get('p0') as string;
    const added = new Set<string>();
    for (let i = 0; i < 150; i++) {
      clock.advance(60_000);
      added.add(h.sandbox.store.addTask({ whoId: leadId, subject: `Later ${i}`, taskSubtype: 'Call' }));
    }
    const signpost = clock.advance(60_000);
    const next = await drain<Activity>(h.sf.pullActivities(cursors.at(-1) ?? null, { signpost }));
    const nextIds = taskIds(next.items);
    expect(nextIds).toHaveLength(150);
    expect(new Set(nextIds)).toEqual(added);
    // The lookback re-read behind the cursor drops what the first pull had read: nothing twice.
    const after = await drain<Activity>(
      h.sf.pullActivities(next.cursors.at(-1) ?? null, { signpost: clock.advance(60_000) }),
    );
    expect(after.items).toEqual([]);
  });

  it('the narrowed window is remembered with the cursor: the next run over as dense a stretch meets fewer timeouts', async () => {
    // The first run's signpost right after the last Task: no empty stretch lets the second run's windows widen.
    const clock = testClock(T0 + 300 * HOUR);
    h = await harness(
      taskWorld(300),
      { clock: clock.now, queryTimeoutRows: SCAN_LIMIT },
      { clock: clock.now },
    );
    const narrowings = () => h?.logText().split('QUERY_TIMEOUT: narrowing the window').length ?? 1;
    const first = await drain<Activity>(h.sf.pullActivities(null, { signpost: clock.now() }));
    const firstTimeouts = narrowings() - 1;
    expect(taskIds(first.items)).toHaveLength(300);
    const remembered = decodeWindows(first.cursors.at(-1) ?? null)['Task'];
    expect(remembered).toBeGreaterThan(0);
    // 300 more Tasks an hour apart: as dense as the history the first run narrowed over.
    const leadId = h.sandbox.store.leadByPersonKey.get('p0') as string;
    for (let i = 0; i < 300; i++) {
      clock.advance(HOUR);
      h.sandbox.store.addTask({ whoId: leadId, subject: `Later ${i}`, taskSubtype: 'Call' });
    }
    const next = await drain<Activity>(
      h.sf.pullActivities(first.cursors.at(-1) ?? null, { signpost: clock.advance(60_000) }),
    );
    const secondTimeouts = narrowings() - 1 - firstTimeouts;
    expect(taskIds(next.items)).toHaveLength(300);
    expect(firstTimeouts).toBeGreaterThan(0);
    expect(secondTimeouts).toBeLessThan(firstTimeouts);
    expect({ firstTimeouts, secondTimeouts }).toEqual({ firstTimeouts: 4, secondTimeouts: 2 });
  });

  it('QUERY_TIMEOUT even over one second: the pull stops transient naming the stream and the window, the cursor short of the unread Tasks', async () => {
    const clock = testClock(Date.parse('2026-03-01T12:00:00.000Z'));
    h = await harness(
      taskWorld(50),
      { clock: clock.now, queryTimeoutRows: SCAN_LIMIT },
      { clock: clock.now },
    );
    const first = await drain<Activity>(h.sf.pullActivities(null, { signpost: clock.now() }));
    expect(taskIds(first.items)).toHaveLength(50);
    // A bulk load: 150 Tasks stamped within one second; no window is narrow enough.
    clock.advance(60_000);
    const leadId = h.sandbox.store.leadByPersonKey.get('p0') as string;
    for (let i = 0; i < 150; i++)
      h.sandbox.store.addTask({ whoId: leadId, subject: `Bulk ${i}`, taskSubtype: 'Call' });
    const { read, err } = await until(
      h.sf.pullActivities(first.cursors.at(-1) ?? null, { signpost: clock.advance(60_000) }),
    );
    expect(err).toMatchObject({ kind: 'transient', code: 'QUERY_TIMEOUT', context: { object: 'Task' } });
    const second = new Date(Date.parse('2026-03-01T12:01:00.000Z')).toISOString();
    expect(err?.message).toContain(
      `Salesforce Task query timed out over ${new Date(Date.parse(second) - 1000).toISOString()} .. ${second}`,
    );
    // No page moved the Task position onto the bulk-loaded second: the next run reads it from the cursor.
    for (const page of read) expect(decodeCursor(page.cursor)?.['Task']?.ts ?? '').not.toBe(second);
  });
});
