import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { CrmConnector } from '../../../connectors/types.ts';
import { parseConfig } from '../../../src/config/load.ts';
import { createLogger } from '../../../src/lib/logger.ts';
import { recordLiveVersion } from '../../../src/models/model-meta.ts';
import { budgetedRescore, previousModel, rescorePlanMeta } from '../../../src/models/rescore-queue.ts';
import { createMemoryStore } from '../../../src/state/memory/memory-store.ts';
import type { SyncContext } from '../../../src/sync/context.ts';
import { emptyPersonState, readPersonState } from '../../../src/sync/person-state.ts';
import { RunCounters } from '../../../src/sync/run-counters.ts';

const example = await readFile(new URL('../../../config/leadloop.example.yaml', import.meta.url), 'utf8');
const live = parseConfig(example, {});
const PEOPLE = 2500;

function connector(crm: 'hubspot' | 'salesforce', dailyLimit: number | undefined): CrmConnector {
  const unused = (): never => {
    throw new Error('not used by the rescore queue');
  };
  return {
    crm,
    objects: ['contact'],
    batchSizes: { write: 100, create: 100 },
    check: unused,
    account: unused,
    objectApiName: unused,
    describe: unused,
    pullChanges: unused,
    readRecords: unused,
    pullActivities: unused,
    pullOpportunities: unused,
    write: unused,
    create: unused,
    createFields: unused,
    updateLabels: unused,
    usage: () => ({
      crm,
      calls: {},
      totalCalls: 0,
      http429: 0,
      retries: 0,
      quota: dailyLimit === undefined ? {} : { dailyLimit },
    }),
  };
}

/** 2,500 people on v1 whose shadowed v2 score differs by their index; HubSpot allows 10 write calls a day. */
async function world() {
  const store = createMemoryStore();
  let now = new Date('2026-12-07T10:00:00.000Z');
  const ids = Array.from({ length: PEOPLE }, (_, i) => `p${String(i).padStart(4, '0')}`);
  await store.putLinks(
    ids.map((personId, i) => ({
      personId,
      hubspotId: `h${i}`,
      salesforceLeadId: i % 2 === 0 ? `l${i}` : null,
      salesforceContactId: null,
      email: `${personId}@example.com`,
      updatedAt: now.toISOString(),
    })),
  );
  const side = (total: number) => ({ total, cell: 'C3', mql: false });
  await store.putPersonStates(
    ids.map((personId, i) => ({
      personId,
      state: {
        ...emptyPersonState(),
        lastScore: { total: 10, cell: 'C3', modelVersion: 'v1', at: now.toISOString() },
        shadow: {
          candidateVersion: 'v2',
          since: now.toISOString(),
          start: { at: now.toISOString(), stage: 'MIL', live: side(10), candidate: side(10 + i) },
          latest: { at: now.toISOString(), live: side(10), candidate: side(10 + i) },
        },
      },
    })),
  );
  const config = (version: string) => ({
    ...live,
    scoring: { ...live.scoring, modelVersion: version, rescoreBudget: 0.01 },
  });
  const ctx = (version: string): SyncContext => ({
    config: config(version),
    connectors: { hubspot: connector('hubspot', 1000), salesforce: connector('salesforce', undefined) },
    store,
    logger: createLogger({ level: 'silent' }),
    clock: () => now,
  });
  return {
    store,
    ctx,
    ids,
    nextDay: () => (now = new Date(now.getTime() + 86_400_000)),
  };
}

async function released(w: Awaited<ReturnType<typeof world>>, ctx: SyncContext, modelChanged: boolean) {
  const counters = new RunCounters();
  const budgeted = await budgetedRescore(ctx, { modelChanged, previousVersion: 'v1' }, counters);
  const dirty = await w.store.listDirty(PEOPLE + 1);
  await w.store.clearDirty(dirty);
  return { budgeted, dirty, counters: counters.toJSON() };
}

describe('budgeted rescore queue', () => {
  it('releases the biggest changes first, within each day, across pages, everything in the state', async () => {
    const w = await world();
    await recordLiveVersion(w.ctx('v1'));
    const day1 = await released(w, w.ctx('v2'), true);
    expect(day1.budgeted).toBe(true);
    // 10 calls × 100 contacts; Salesforce reports no allocation, so it does not limit.
    expect(day1.dirty).toHaveLength(1000);
    expect(new Set(day1.dirty)).toEqual(new Set(w.ids.slice(1500)));
    expect(day1.counters).toEqual({ 'rescore.released': 1000, 'rescore.waiting': 1500 });
    const flags = await w.store.getPersonStates(['p2499', 'p0000']);
    expect(readPersonState(flags.get('p2499')).rescoreTo).toBe('v2');
    expect(readPersonState(flags.get('p0000')).rescoreTo).toBeUndefined();
    // Until released, people keep v1.
    expect((await previousModel(w.store, w.ctx('v2').config))?.model.modelVersion).toBe('v1');

    const again = await released(w, w.ctx('v2'), false);
    expect(again.dirty).toEqual([]);

    w.nextDay();
    const day2 = await released(w, w.ctx('v2'), false);
    expect(new Set(day2.dirty)).toEqual(new Set(w.ids.slice(500, 1500)));
    w.nextDay();
    const day3 = await released(w, w.ctx('v2'), false);
    expect(new Set(day3.dirty)).toEqual(new Set(w.ids.slice(0, 500)));
    expect((await rescorePlanMeta.read(w.store))?.finishedAt).not.toBeNull();
    expect(await previousModel(w.store, w.ctx('v2').config)).toBeUndefined();
    // Done: further runs are not budgeted any more, and the queue's pages are gone.
    expect((await released(w, w.ctx('v2'), false)).budgeted).toBe(false);
    expect(await w.store.getCursor('leadloop:rescore-page:0')).toBeNull();
  });

  it('without the replaced model in the history, everyone is rescored at once as before', async () => {
    const w = await world();
    const r = await released(w, w.ctx('v2'), true);
    expect(r.budgeted).toBe(false);
    expect(await rescorePlanMeta.read(w.store)).toBeNull();
  });
});
