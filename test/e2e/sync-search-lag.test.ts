/**
 * Incremental syncs against a HubSpot whose search index lags (the sandbox's real behaviour): an edit
 * the index has not caught up with is picked up by a later poll through the lookback overlap, and the
 * overlap re-reading it writes nothing twice; records a workflow touches without a visible change are
 * read again and write nothing. Every clock (both sandboxes, the engine) is one stepped
 * clock, so the lag passes without waiting.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/lib/logger.ts';
import { openRuntime, type Runtime } from '../../src/main/runtime.ts';
import { runSync } from '../../src/sync/run-sync.ts';
import { SANDBOX_TEST_NOW, withSandboxes, type TestSandboxes } from '../helpers/sandboxes.ts';
import { writeCounters } from './engine-world.ts';

const LAG_MS = 60_000;
const TIMEOUT = 90_000;

let open: { sb: TestSandboxes; rt: Runtime } | undefined;
afterEach(async () => {
  await open?.rt.close();
  await open?.sb.close();
  open = undefined;
});

describe('incremental sync with search index lag', () => {
  it(
    'an edit made during the lag window is picked up by a later poll, and the overlap writes nothing twice',
    async () => {
      let nowMs = SANDBOX_TEST_NOW.getTime() + 9 * 3_600_000;
      const clock = (): Date => new Date(nowMs);
      const step = (ms: number): void => {
        nowMs += ms;
      };
      const sb = await withSandboxes({
        people: 120,
        seed: 11,
        hubspot: { clock, searchLag: LAG_MS },
        // About HubSpot's index lag: the org's Title flow, which makes a run after the full sync carry its
        // rewrites once, is off.
        salesforce: { clock, flows: false },
      });
      const rt = await openRuntime(sb.config, { logger: createLogger({ level: 'silent' }), clock });
      open = { sb, rt };
      const run = async () => {
        step(5_000);
        const report = await runSync(rt, { kind: 'incremental' });
        step(5_000);
        return report;
      };

      step(LAG_MS); // the dataset's own history is indexed
      await runSync(rt, { kind: 'full' });
      step(LAG_MS); // and so are the full sync's own writes
      expect(writeCounters(await run())).toEqual({});

      const person = sb.dataset.people.find(
        (p) => p.hubspot && p.salesforceLead && !p.salesforceLead.isConverted,
      );
      if (!person) throw new Error('world has no HubSpot + Lead person');
      const contactId = sb.hubspot.store.contactIdForPersonKey(person.key) ?? '';
      const leadId = sb.salesforce.store.leadIdForPersonKey(person.key) ?? '';
      sb.hubspot.store.updateContact(contactId, { jobtitle: 'Head of Lagging Indexes' });

      // The index still answers the contact as it was: this poll cannot see the edit.
      const during = await run();
      expect(sb.salesforce.store.get('Lead', leadId)?.['Title']).not.toBe('Head of Lagging Indexes');
      expect(writeCounters(during)).toEqual({});

      step(LAG_MS);
      const after = await run();
      expect(sb.salesforce.store.get('Lead', leadId)?.['Title']).toBe('Head of Lagging Indexes');
      expect(writeCounters(after)['writes.salesforce.Title']).toBe(1);

      // The overlap re-reads the contact (and, once indexed, leadloop's own write to it): no write again.
      const overlap = await run();
      step(LAG_MS);
      const echo = await run();
      const quiet = await run();
      for (const report of [overlap, echo, quiet]) expect(writeCounters(report)).toEqual({});

      // Workflows touch records without a visible change: lastmodifieddate moves, so they are read again.
      const touched = sb.dataset.people
        .filter((p) => p.hubspot)
        .slice(0, 3)
        .map((p) => sb.hubspot.store.contactIdForPersonKey(p.key) ?? '');
      for (const id of touched) sb.hubspot.store.touchContact(id);
      step(LAG_MS);
      const churn = await run();
      expect(churn.counters['recordsPulled']).toBeGreaterThanOrEqual(touched.length);
      expect(writeCounters(churn)).toEqual({});
    },
    TIMEOUT,
  );
});
