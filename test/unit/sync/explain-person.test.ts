import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { CrmConnector } from '../../../connectors/types.ts';
import { parseConfig } from '../../../src/config/load.ts';
import { renderPersonPage } from '../../../src/http/render-person-page.ts';
import { createLogger } from '../../../src/lib/logger.ts';
import { recordLiveVersion } from '../../../src/models/model-meta.ts';
import { budgetedRescore } from '../../../src/models/rescore-queue.ts';
import { createMemoryStore } from '../../../src/state/memory/memory-store.ts';
import type { SyncContext } from '../../../src/sync/context.ts';
import { explainPeople } from '../../../src/sync/explain-person.ts';
import { emptyPersonState } from '../../../src/sync/person-state.ts';
import { RunCounters } from '../../../src/sync/run-counters.ts';

const example = await readFile(new URL('../../../config/leadloop.example.yaml', import.meta.url), 'utf8');
const live = parseConfig(example, {});
/** More people than one day's budget releases (1 HubSpot write call of 100 contacts). */
const PEOPLE = 150;

function connector(crm: 'hubspot' | 'salesforce', dailyLimit: number | undefined): CrmConnector {
  const unused = (): never => {
    throw new Error('not used by explain');
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

describe('explain during a budgeted rescore', () => {
  it('shows what the CRMs hold (the previous model) and the live model’s values as pending', async () => {
    const store = createMemoryStore();
    const now = new Date('2026-12-07T10:00:00.000Z');
    const ids = Array.from({ length: PEOPLE }, (_, i) => `p${String(i).padStart(4, '0')}`);
    const links = ids.map((personId, i) => ({
      personId,
      hubspotId: `h${i}`,
      salesforceLeadId: null,
      salesforceContactId: null,
      email: `${personId}@example.com`,
      updatedAt: now.toISOString(),
    }));
    await store.putLinks(links);
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
    const ctx = (modelVersion: string): SyncContext => ({
      config: { ...live, scoring: { ...live.scoring, modelVersion, rescoreBudget: 0.01 } },
      connectors: { hubspot: connector('hubspot', 100), salesforce: connector('salesforce', undefined) },
      store,
      logger: createLogger({ level: 'silent' }),
      clock: () => now,
    });
    await recordLiveVersion(ctx('v1'));
    expect(
      await budgetedRescore(ctx('v2'), { modelChanged: true, previousVersion: 'v1' }, new RunCounters()),
    ).toBe(true);

    // The biggest changes are released first: p0149 is, p0000 waits with v1 in the CRMs.
    const [waiting, released] = await explainPeople(ctx('v2'), { targets: [] }, [links[0]!, links[149]!]);
    expect(waiting?.personId).toBe('p0000');
    expect(waiting?.score.modelVersion).toBe('v1');
    expect(waiting?.pendingRescore?.score.modelVersion).toBe('v2');
    expect(released?.personId).toBe('p0149');
    expect(released?.score.modelVersion).toBe('v2');
    expect(released?.pendingRescore).toBeUndefined();

    // The person page says so too; a released person has no such line.
    const page = (plan: typeof waiting) => renderPersonPage('x', plan ? [{ plan, records: [] }] : []);
    expect(page(waiting)).toContain(
      'Rescore pending: the CRMs hold model v1 (above). The live model v2 gives',
    );
    expect(page(released)).not.toContain('Rescore pending');
  });
});
