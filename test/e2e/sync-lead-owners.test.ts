/**
 * Lead owners and the org's Lead assignment rule (the sandbox has one, as most orgs do; it runs on every
 * REST save of a Lead without `Sforce-Auto-Assign: FALSE`). Writing scores never changes an owner; a
 * hand-off Lead gets the rule's owner when `handoff.owners.assignmentRules` is on, and its round-robin
 * owner when it is off.
 */
import { describe, expect, it } from 'vitest';
import { ROUND_ROBIN_USER_IDS } from '../../connectors/sandbox/generate-accounts.ts';
import { leadRuleOwner } from '../../connectors/salesforce/sandbox/write/lead-assignment.ts';
import { worldsPerTest, type EngineWorld } from './engine-world.ts';
import { leadIds } from './world-probes.ts';

const TIMEOUT = 90_000;
const ROUND_ROBIN = [...ROUND_ROBIN_USER_IDS];
const open = worldsPerTest();

const leadRows = (w: EngineWorld) => [...(w.sb.salesforce.store.tables.get('Lead')?.rows.values() ?? [])];
const owners = (w: EngineWorld): Map<string, unknown> =>
  new Map(leadRows(w).map((r) => [String(r['Id']), r['OwnerId']]));

describe('Lead owners under an assignment rule', () => {
  it(
    'a full sync that writes scores to Leads leaves every existing Lead’s owner as it was',
    async () => {
      const w = await open();
      const before = owners(w);
      // The rule would move some of them: the test means something only if it would.
      const movable = leadRows(w).filter(
        (r) => r['IsDeleted'] !== true && leadRuleOwner(w.sb.salesforce.store, r['Country']) !== r['OwnerId'],
      );
      expect(movable.length).toBeGreaterThan(10);
      const stampsBefore = new Map(leadRows(w).map((r) => [String(r['Id']), r['SystemModstamp']]));

      await w.run('full');

      const written = leadRows(w).filter(
        (r) => before.has(String(r['Id'])) && r['SystemModstamp'] !== stampsBefore.get(String(r['Id'])),
      );
      expect(written.length).toBeGreaterThan(10);
      const changed = [...owners(w)].filter(([id, owner]) => before.has(id) && before.get(id) !== owner);
      expect(changed).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'with assignmentRules: true a hand-off Lead gets the rule’s owner',
    async () => {
      const w = await open({
        configure: (config) => ({
          ...config,
          handoff: {
            ...config.handoff,
            createInSalesforce: 'all',
            owners: { assignmentRules: true, roundRobin: [] },
          },
        }),
      });
      const before = leadIds(w);
      await w.run('full');
      const created = leadRows(w).filter((r) => !before.has(String(r['Id'])));
      expect(created.length).toBeGreaterThan(5);
      for (const r of created) expect(r['OwnerId']).toBe(leadRuleOwner(w.sb.salesforce.store, r['Country']));
    },
    TIMEOUT,
  );

  it(
    'with assignmentRules: false a hand-off Lead keeps its round-robin owner',
    async () => {
      const w = await open({
        configure: (config) => ({
          ...config,
          handoff: {
            ...config.handoff,
            createInSalesforce: 'all',
            owners: { assignmentRules: false, roundRobin: ROUND_ROBIN },
          },
        }),
      });
      const before = leadIds(w);
      await w.run('full');
      const created = leadRows(w).filter((r) => !before.has(String(r['Id'])));
      expect(created.length).toBeGreaterThan(5);
      for (const r of created) expect(ROUND_ROBIN).toContain(r['OwnerId']);
      // Every owner of the rotation is used, whatever the rule would have picked.
      expect(new Set(created.map((r) => r['OwnerId'])).size).toBe(ROUND_ROBIN.length);
    },
    TIMEOUT,
  );
});
