/**
 * The hand-off SLA enforced on the sandboxes, one stepped clock for both CRMs and the engine: an MQL left
 * unaccepted gets one reminder Task at 50 % of its window, is re-routed once at the breach (passing over
 * a user who left), and escalates to its owner's manager at the second breach; each step is noted once to
 * a webhook. What Salesforce holds is read back with jsforce.
 */
import { Connection } from '@jsforce/jsforce-node';
import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { ROUND_ROBIN_USER_IDS } from '../../connectors/sandbox/generate-accounts.ts';
import { openRuntime, type Runtime } from '../../src/main/runtime.ts';
import { readPersonState } from '../../src/sync/person-state.ts';
import { runSync } from '../../src/sync/run-sync.ts';
import { captureLogger } from '../helpers/capture-logger.ts';
import { SANDBOX_TEST_NOW, withSandboxes, type TestSandboxes } from '../helpers/sandboxes.ts';

const TIMEOUT = 180_000;
const HOUR = 3_600_000;

let open: { sb: TestSandboxes; rt: Runtime; hook: Server } | undefined;
afterEach(async () => {
  await open?.rt.close();
  await open?.sb.close();
  await new Promise((resolve) => open?.hook.close(resolve) ?? resolve(undefined));
  open = undefined;
});

async function startHook(): Promise<{ server: Server; url: string; notes: Record<string, unknown>[] }> {
  const notes: Record<string, unknown>[] = [];
  const app = express();
  app.post('/hooks/sla-secret-path', express.json(), (req, res) => {
    notes.push(req.body as Record<string, unknown>);
    res.status(200).send('ok');
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/hooks/sla-secret-path`, notes };
}

interface SfRow {
  readonly Id: string;
  readonly OwnerId: string;
  readonly WhoId?: string;
  readonly Subject?: string;
  readonly ActivityDate?: string;
}

describe('SLA enforcement on the sandboxes', () => {
  it(
    'reminds once at 50 %, re-routes once at the breach, escalates at the second, each noted once',
    async () => {
      // Monday 09:00 UTC; plain hours keep the arithmetic readable: 8 hours to accept.
      let nowMs = SANDBOX_TEST_NOW.getTime() + 9 * HOUR;
      const clock = (): Date => new Date(nowMs);
      const hook = await startHook();
      const sb = await withSandboxes({
        people: 200,
        seed: 7,
        hubspot: { clock },
        salesforce: { clock, lateCommits: null, flows: false },
      });
      const leaver = sb.dataset.users.find((u) => !u.isActive)?.id;
      if (leaver === undefined) throw new Error('world has no inactive user');
      const salesOps = sb.dataset.users[0]?.id;
      const config = {
        ...sb.config,
        stages: {
          ...sb.config.stages,
          sla: {
            acceptWithinHours: 8,
            businessHours: false,
            reassignTo: [leaver, ...ROUND_ROBIN_USER_IDS],
            remindAtPercent: 50,
            escalate: { to: 'manager' as const, field: 'OwnerId' },
            notifyUrl: hook.url,
          },
        },
      };
      const logs = captureLogger();
      const rt = await openRuntime(config, { logger: logs.logger, clock });
      open = { sb, rt, hook: hook.server };
      const jsforce = () =>
        new Connection({
          instanceUrl: sb.salesforce.instanceUrl,
          accessToken: sb.salesforce.issueAccessToken(),
          version: '62.0',
        });
      const leadsOf = async (ids: readonly string[]): Promise<Map<string, SfRow>> => {
        const q = `SELECT Id, OwnerId FROM Lead WHERE Id IN (${ids.map((id) => `'${id}'`).join(',')})`;
        const rows = (await jsforce().query<SfRow>(q)).records;
        return new Map(rows.map((r) => [r.Id, r]));
      };
      const tasksOf = async (ids: readonly string[]): Promise<SfRow[]> => {
        const q = `SELECT Id, WhoId, OwnerId, Subject, ActivityDate FROM Task WHERE WhoId IN (${ids.map((id) => `'${id}'`).join(',')})`;
        return (await jsforce().query<SfRow>(q)).records.filter((t) => t.Subject?.includes('leadloop SLA'));
      };

      await runSync(rt, { kind: 'full' });
      // The MQLs waiting on a Lead owned by a user (a Lead in a queue has nobody to own a Task).
      const waiting: { personId: string; leadId: string; owner: string }[] = [];
      const userIds = new Set(sb.dataset.users.map((u) => u.id));
      for (const row of sb.salesforce.store.tables.get('Lead')?.rows.values() ?? []) {
        if (row['IsDeleted'] === true || row['IsConverted'] === true) continue;
        const leadId = String(row['Id']);
        const [link] = (
          await rt.store.getLinksByRefs([{ crm: 'salesforce', object: 'lead', id: leadId }])
        ).values();
        if (!link || link.salesforceContactId) continue;
        const state = readPersonState((await rt.store.getPersonStates([link.personId])).get(link.personId));
        if (state.stage?.stage !== 'MQL' || !userIds.has(String(row['OwnerId']))) continue;
        waiting.push({ personId: link.personId, leadId, owner: String(row['OwnerId']) });
      }
      expect(waiting.length).toBeGreaterThan(2);
      const leadIds = waiting.map((w) => w.leadId);
      expect(await tasksOf(leadIds)).toEqual([]);

      // 50 %: one reminder Task per waiting MQL, for its owner, due on the SLA's day; a rerun adds none.
      nowMs += 4 * HOUR + 60_000;
      await runSync(rt, { kind: 'incremental' });
      nowMs += 60_000;
      await runSync(rt, { kind: 'incremental' });
      const tasks = await tasksOf(leadIds);
      expect(tasks.map((t) => t.WhoId).sort()).toEqual([...leadIds].sort());
      for (const t of tasks) {
        expect(t.OwnerId).toBe(waiting.find((w) => w.leadId === t.WhoId)?.owner);
        expect(t.ActivityDate).toBe('2026-11-23');
      }
      expect((await leadsOf(leadIds)).size).toBe(leadIds.length);
      for (const [id, lead] of await leadsOf(leadIds))
        expect(lead.OwnerId).toBe(waiting.find((w) => w.leadId === id)?.owner);

      // Breach: re-routed once, round-robin over the two active users (the leaver is passed over).
      nowMs += 4 * HOUR;
      await runSync(rt, { kind: 'incremental' });
      const rerouted = await leadsOf(leadIds);
      for (const lead of rerouted.values()) expect(ROUND_ROBIN_USER_IDS).toContain(lead.OwnerId);
      nowMs += 60_000;
      await runSync(rt, { kind: 'incremental' });
      expect(await leadsOf(leadIds)).toEqual(rerouted);
      for (const w of waiting) {
        const state = readPersonState((await rt.store.getPersonStates([w.personId])).get(w.personId));
        expect(state.stage?.slaActions?.map((a) => [a.kind, a.owner])).toEqual([
          ['remind', w.owner],
          ['reroute', rerouted.get(w.leadId)?.OwnerId],
        ]);
      }

      // Second breach, a whole window after the re-route: the owner's manager (Sales Operations) takes it.
      nowMs += 8 * HOUR;
      await runSync(rt, { kind: 'incremental' });
      nowMs += 60_000;
      await runSync(rt, { kind: 'incremental' });
      for (const lead of (await leadsOf(leadIds)).values()) expect(lead.OwnerId).toBe(salesOps);
      expect(await tasksOf(leadIds)).toHaveLength(leadIds.length);

      // One note per step per MQL, never repeated; the webhook's URL is never logged.
      const noted = (event: string) =>
        hook.notes.filter((n) => n['event'] === event && leadIds.includes(String(n['leadId'])));
      for (const event of ['sla.remind', 'sla.reroute', 'sla.escalate'])
        expect(
          noted(event)
            .map((n) => n['leadId'])
            .sort(),
        ).toEqual([...leadIds].sort());
      expect(logs.text()).not.toContain('sla-secret-path');
    },
    TIMEOUT,
  );
});
