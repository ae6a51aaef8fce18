/**
 * Incremental syncs against a Salesforce whose writes commit late (sandbox `lateCommits`): a Lead edit
 * that becomes visible after the cursor passed its stamp is picked up by a later poll through the
 * lookback overlap, and the overlap writes nothing twice. Every clock (both sandboxes, the engine) is one
 * stepped clock, so commits land without waiting.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/lib/logger.ts';
import { openRuntime, type Runtime } from '../../src/main/runtime.ts';
import { runSync } from '../../src/sync/run-sync.ts';
import { SANDBOX_TEST_NOW, withSandboxes, type TestSandboxes } from '../helpers/sandboxes.ts';
import { writeCounters } from './engine-world.ts';

const POLLS = 10;
const TIMEOUT = 120_000;

let open: { sb: TestSandboxes; rt: Runtime } | undefined;
afterEach(async () => {
  await open?.rt.close();
  await open?.sb.close();
  open = undefined;
});

describe('incremental sync with late Salesforce commits', () => {
  it(
    'no Lead edit is lost across 10 polls, and each reaches HubSpot once',
    async () => {
      let nowMs = SANDBOX_TEST_NOW.getTime() + 9 * 3_600_000;
      const clock = (): Date => new Date(nowMs);
      const step = (ms: number): void => {
        nowMs += ms;
      };
      const sb = await withSandboxes({
        people: 120,
        seed: 11,
        hubspot: { clock },
        // The org's Title flow is off: its rewrites of the full sync's writes would reach HubSpot as
        // Title writes of their own, and this test counts the Title writes its edits cause.
        salesforce: { clock, lateCommits: { share: 0.5, maxDelaySeconds: 5, seed: 5 }, flows: false },
      });
      const rt = await openRuntime(sb.config, { logger: createLogger({ level: 'silent' }), clock });
      open = { sb, rt };
      const people = sb.dataset.people.filter(
        (p) => p.hubspot && p.salesforceLead && !p.salesforceLead.isConverted,
      );
      if (people.length < 2 * POLLS) throw new Error('world has too few HubSpot + Lead people');

      await runSync(rt, { kind: 'full' });
      step(10_000); // every late commit of the full sync's own writes has landed

      const titles = new Map<string, string>();
      let titleWrites = 0;
      for (let poll = 0; poll < POLLS; poll++) {
        // Two edits a second apart: when the first commits late and the second does not, the poll's
        // cursor passes the first one's stamp before it is visible.
        for (const k of [0, 1]) {
          const person = people[poll * 2 + k];
          if (!person) throw new Error('unreachable');
          const leadId = sb.salesforce.store.leadIdForPersonKey(person.key) ?? '';
          const title = `Late ${poll}-${k}`;
          sb.salesforce.store.update('Lead', leadId, { Title: title });
          titles.set(sb.hubspot.store.contactIdForPersonKey(person.key) ?? '', title);
          step(1_000);
        }
        const report = await runSync(rt, { kind: 'incremental' });
        titleWrites += writeCounters(report)['writes.hubspot.jobtitle'] ?? 0;
        step(1_000);
      }
      step(10_000);
      const settle = await runSync(rt, { kind: 'incremental' });
      titleWrites += writeCounters(settle)['writes.hubspot.jobtitle'] ?? 0;

      const lost = [...titles].filter(
        ([contactId, title]) => sb.hubspot.store.getContact(contactId)?.properties['jobtitle'] !== title,
      );
      expect(lost).toEqual([]);
      expect(titleWrites).toBe(titles.size);
      step(10_000);
      expect(writeCounters(await runSync(rt, { kind: 'incremental' }))).toEqual({});
    },
    TIMEOUT,
  );
});
