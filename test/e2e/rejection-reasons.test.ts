/**
 * Rejection reasons on the sandboxes: when sales rejects an MQL (Lead Status `Closed - Not Converted`),
 * the Lead's reason picklist is read, kept with the recycle, and shown in the report; a rejection with the
 * field blank is counted against the owner who made it.
 */
import { describe, expect, it } from 'vitest';
import { addCustomField } from '../../connectors/salesforce/sandbox/store/custom-fields.ts';
import { loadLoopReport } from '../../src/report/load-report.ts';
import { formatLoopReport } from '../../src/report/format-report.ts';
import { NO_REASON } from '../../src/report/owner-sla.ts';
import { worldsPerTest } from './engine-world.ts';

const TIMEOUT = 120_000;
const open = worldsPerTest();
const REASON = 'Rejection_Reason__c';

describe('rejection reasons', () => {
  it(
    'a rejection with a reason shows in the report; one without is counted for its owner',
    async () => {
      const w = await open({
        salesforce: { lateCommits: null, flows: false },
        configure: (config) => ({
          ...config,
          stages: { ...config.stages, rejectionReasonField: REASON },
        }),
      });
      addCustomField(
        w.sb.salesforce.store,
        'Lead',
        REASON,
        {
          label: 'Rejection Reason',
          type: 'Picklist',
          valueSet: {
            restricted: true,
            valueSetDefinition: {
              value: [
                { fullName: 'No budget', label: 'No budget' },
                { fullName: 'Wrong person', label: 'Wrong person' },
              ],
            },
          },
        },
        { openToAll: true },
      );
      await w.run('full');
      const mqls = [];
      for (const p of w.people('HL-')) {
        // A Lead joined into another person as a duplicate has no link of its own.
        const link = await w.linkOf(w.leadId(p)).catch(() => undefined);
        if (link && (await w.stateOf(link.personId)).stage?.stage === 'MQL') mqls.push({ p, link });
      }
      const [withReason, without] = mqls;
      if (!withReason || !without) throw new Error('world has fewer than two HubSpot + Lead MQLs');
      // The world's own rejections (Leads already closed, no reason set) were recycled by the full sync.
      const report = () =>
        loadLoopReport(w.rt.store, { now: new Date(), period: 'all', stages: w.rt.config.stages });
      const before = (await report()).owners;
      const store = w.sb.salesforce.store;
      const idOf = (m: typeof withReason) => w.leadId(m.p);
      store.update('Lead', idOf(withReason), { Status: 'Closed - Not Converted', [REASON]: 'No budget' });
      store.update('Lead', idOf(without), { Status: 'Closed - Not Converted' });
      const ownerOf = (m: typeof withReason) => String(w.salesforce('Lead', idOf(m))['OwnerId']);

      await w.run('incremental');

      const recycle = async (m: typeof withReason) =>
        (await w.stateOf(m.link.personId)).stage?.history.at(-1);
      expect(await recycle(withReason)).toMatchObject({
        to: 'RECYCLED',
        cause: 'sales_feedback',
        detail: 'Closed - Not Converted',
        rejection: { reason: 'No budget', owner: ownerOf(withReason) },
      });
      expect((await recycle(without))?.rejection).toEqual({ reason: null, owner: ownerOf(without) });

      const after = await report();
      const count = (r: typeof before, reason: string) =>
        r.rejectionReasons.find((x) => x.reason === reason)?.count ?? 0;
      expect(count(before, 'No budget')).toBe(0);
      expect(count(after.owners, 'No budget')).toBe(1);
      expect(count(after.owners, NO_REASON)).toBe(count(before, NO_REASON) + 1);
      const withoutReason = (r: typeof before, owner: string) =>
        r.owners.find((x) => x.owner === owner)?.rejectedWithoutReason ?? 0;
      const blamed = ownerOf(without);
      expect(withoutReason(after.owners, blamed)).toBe(withoutReason(before, blamed) + 1);
      const total = (r: typeof before) => r.owners.reduce((n, x) => n + x.rejected, 0);
      expect(total(after.owners)).toBe(total(before) + 2);
      expect(formatLoopReport(after)).toMatch(/rejection reasons: .*No budget 1/);
    },
    TIMEOUT,
  );
});
