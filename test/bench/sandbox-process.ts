/**
 * Both sandbox CRMs in their own process for the benchmark, so the leadloop process's CPU and memory
 * are measured alone: `node test/bench/sandbox-process.ts --people N --seed S`.
 * Prints one JSON line `{ready, connections, counts, sample, loadMs}` on stdout, then answers JSON-line
 * requests `{id, cmd, args}` from stdin with `{id, result}` or `{id, error}`:
 *   stats            both sandboxes' call statistics, this process's CPU time and RSS
 *   reset-stats      zero both statistics
 *   advance {ms}     move both sandboxes' clock forward (the time between two polls)
 *   changed-since {iso}  rows each stream must read since `iso` (HubSpot search `total`, Salesforce tables;
 *                    `companies` and `Account` too)
 *   edit-companies {count}  a user edits the first `count` companies of each CRM (employee counts)
 *   exit
 * Mutations go through each sandbox's own HTTP `/__sandbox/*` endpoints, not through this protocol.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { generateDataset } from '../../connectors/sandbox/generate.ts';
import { startSandboxes, type RunningSandboxes } from '../../connectors/sandbox/start-sandboxes.ts';
import { fullSyncCounts } from '../../src/lower-bounds/dataset-counts.ts';
import {
  SALESFORCE_INCREMENTAL_STREAMS,
  type ChildStats,
  type ReadyLine,
  type SamplePerson,
} from './sandbox-protocol.ts';

/** HubSpot CRM-search streams whose changed rows the sandbox can count (`total`). */
const HUBSPOT_SEARCH_STREAMS = [
  { name: 'contacts', object: 'contacts', property: 'lastmodifieddate' },
  { name: 'engagement:calls', object: 'calls', property: 'hs_lastmodifieddate' },
  { name: 'engagement:emails', object: 'emails', property: 'hs_lastmodifieddate' },
  { name: 'engagement:meetings', object: 'meetings', property: 'hs_lastmodifieddate' },
  { name: 'companies', object: 'companies', property: 'hs_lastmodifieddate' },
] as const;

const { values } = parseArgs({
  options: {
    people: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '42' },
    'sample-every': { type: 'string', default: '100' },
  },
});

let offsetMs = 0;
const clock = (): Date => new Date(Date.now() + offsetMs);

async function start(): Promise<{ sandboxes: RunningSandboxes; ready: ReadyLine }> {
  const started = performance.now();
  // Generated inside a function so the dataset can be collected once both stores hold it.
  const dataset = generateDataset({ people: Number(values.people), seed: Number(values.seed) });
  const sandboxes = await startSandboxes({
    dataset,
    // The bench's clock jumps 15 minutes between runs, past any lag; off, the HubSpot rows a run must read
    // are exactly those changed since its window opened.
    // Enterprise: the bench reads page views and custom events, which only Events v3 serves.
    hubspot: { host: '127.0.0.1', port: 0, clock, searchLag: false, subscription: 'enterprise' },
    // Late commits off: the bench's org changes must all be visible to the run that measures them.
    salesforce: { host: '127.0.0.1', port: 0, clock, lateCommits: null },
  });
  const every = Number(values['sample-every']);
  const sample: SamplePerson[] = [];
  for (let i = 7 % every; i < dataset.people.length; i += every) {
    const person = dataset.people[i];
    if (!person) continue;
    const contactId = sandboxes.salesforce.store.contactIdForPersonKey(person.key);
    const leadId = person.salesforceLead?.isConverted
      ? undefined
      : sandboxes.salesforce.store.leadIdForPersonKey(person.key);
    sample.push({
      key: person.key,
      hubspotId: sandboxes.hubspot.store.contactIdForPersonKey(person.key) ?? null,
      salesforce: contactId
        ? { object: 'Contact', id: contactId }
        : leadId
          ? { object: 'Lead', id: leadId }
          : null,
    });
  }
  const email = dataset.activities.find((a) => a.crm === 'hubspot' && a.type === 'email_open');
  const ready: ReadyLine = {
    ready: true,
    connections: sandboxes.connections,
    counts: fullSyncCounts(dataset),
    sample,
    generatedAt: dataset.generatedAt,
    emailCampaign: email?.campaign ?? email?.name ?? 'Newsletter',
    loadMs: Math.round(performance.now() - started),
  };
  return { sandboxes, ready };
}

/** https://developers.hubspot.com/docs/guides/api/crm/search (the sandbox's own search, for its `total`) */
async function hubSpotChangedSince(
  sandboxes: RunningSandboxes,
  sinceMs: number,
): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const s of HUBSPOT_SEARCH_STREAMS) {
    const res = await fetch(`${sandboxes.hubspot.baseUrl}/crm/v3/objects/${s.object}/search`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${sandboxes.hubspot.accessToken}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({
        filterGroups: [{ filters: [{ propertyName: s.property, operator: 'GT', value: String(sinceMs) }] }],
        limit: 1,
      }),
    });
    const body = (await res.json()) as { total?: number };
    out[s.name] = body.total ?? 0;
  }
  return out;
}

function salesforceChangedSince(sandboxes: RunningSandboxes, sinceIso: string): Record<string, number> {
  const stamp = sinceIso.replace('Z', '+0000');
  const out: Record<string, number> = {};
  for (const name of [...SALESFORCE_INCREMENTAL_STREAMS, 'Account']) {
    const table = sandboxes.salesforce.store.table(name);
    let n = 0;
    if (table) for (const row of table.rows.values()) if ((row['SystemModstamp'] as string) > stamp) n += 1;
    out[name] = n;
  }
  return out;
}

async function handle(
  sandboxes: RunningSandboxes,
  cmd: string,
  args: Record<string, unknown>,
): Promise<unknown> {
  switch (cmd) {
    case 'stats': {
      const cpu = process.cpuUsage();
      const stats: ChildStats = {
        hubspot: sandboxes.hubspot.stats(),
        salesforce: sandboxes.salesforce.stats(),
        cpuMs: Math.round((cpu.user + cpu.system) / 1000),
        rssMb: Math.round(process.memoryUsage().rss / 1e6),
        peakRssMb: Math.round(process.resourceUsage().maxRSS / 1000),
      };
      return stats;
    }
    case 'reset-stats':
      sandboxes.hubspot.resetStats();
      sandboxes.salesforce.resetStats();
      return null;
    case 'advance':
      offsetMs += Number(args['ms'] ?? 0);
      return { offsetMs };
    case 'changed-since': {
      const iso = String(args['iso']);
      return {
        hubspot: await hubSpotChangedSince(sandboxes, Date.parse(iso)),
        salesforce: salesforceChangedSince(sandboxes, iso),
      };
    }
    case 'edit-companies': {
      const count = Number(args['count'] ?? 0);
      const companies = sandboxes.hubspot.store.listCompanies().slice(0, count);
      for (const c of companies)
        sandboxes.hubspot.store.updateCompany(c.id, {
          numberofemployees: Number(c.properties['numberofemployees'] ?? 0) + 1000,
        });
      const accounts = [...(sandboxes.salesforce.store.table('Account')?.rows.values() ?? [])].slice(
        0,
        count,
      );
      for (const a of accounts)
        sandboxes.salesforce.store.update('Account', String(a['Id']), {
          NumberOfEmployees: Number(a['NumberOfEmployees'] ?? 0) + 1000,
        });
      return { hubspot: companies.length, salesforce: accounts.length };
    }
    default:
      throw new Error(`unknown command ${cmd}`);
  }
}

const { sandboxes, ready } = await start();
process.stdout.write(`${JSON.stringify(ready)}\n`);
const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (line.trim() === '') continue;
  const { id, cmd, args } = JSON.parse(line) as { id: number; cmd: string; args?: Record<string, unknown> };
  if (cmd === 'exit') break;
  try {
    const result = await handle(sandboxes, cmd, args ?? {});
    process.stdout.write(`${JSON.stringify({ id, result })}\n`);
  } catch (err) {
    process.stdout.write(
      `${JSON.stringify({ id, error: err instanceof Error ? err.message : String(err) })}\n`,
    );
  }
}
await sandboxes.close();
process.exit(0);
