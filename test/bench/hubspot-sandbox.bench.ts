/**
 * HubSpot sandbox startup and hot paths: `node test/bench/hubspot-sandbox.bench.ts [people] [seed]`.
 * Reports load wall and CPU time, heap, a full list pull, a full keyset search pull and batch updates.
 */
import { startHubSpotSandbox } from '../../connectors/hubspot/sandbox/index.ts';
import { generateDataset } from '../../connectors/sandbox/generate.ts';

const people = Number(process.argv[2] ?? 100_000);
const seed = Number(process.argv[3] ?? 42);

function ms(from: number): number {
  return Math.round(performance.now() - from);
}

let t = performance.now();
const dataset = generateDataset({ people, seed });
console.log(`generate ${people} people, ${dataset.activities.length} activities: ${ms(t)} ms`);

t = performance.now();
const cpu = process.cpuUsage();
const sandbox = await startHubSpotSandbox({ dataset, subscription: 'enterprise' });
const used = process.cpuUsage(cpu);
console.log(
  `start: ${ms(t)} ms wall, ${Math.round((used.user + used.system) / 1000)} ms cpu, ${sandbox.store.contactCount()} contacts, heap ${Math.round(process.memoryUsage().heapUsed / 1e6)} MB`,
);

const headers = { Authorization: `Bearer ${sandbox.accessToken}`, 'Content-Type': 'application/json' };
async function post(path: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${sandbox.baseUrl}${path}`, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
  });
  return (await res.json()) as Record<string, unknown>;
}

t = performance.now();
let after: string | undefined;
let pages = 0;
do {
  const res = await fetch(
    `${sandbox.baseUrl}/crm/v3/objects/contacts?limit=100${after ? `&after=${after}` : ''}`,
    { headers },
  );
  const body = (await res.json()) as { paging?: { next?: { after?: string } } };
  after = body.paging?.next?.after;
  pages += 1;
} while (after);
console.log(`list pull: ${pages} pages in ${ms(t)} ms`);

t = performance.now();
let cursor = { ms: 0, id: 0 };
let searches = 0;
let rows = 0;
for (;;) {
  const body = await post('/crm/v3/objects/contacts/search', {
    filterGroups: [
      { filters: [{ propertyName: 'lastmodifieddate', operator: 'GT', value: String(cursor.ms) }] },
      {
        filters: [
          { propertyName: 'lastmodifieddate', operator: 'EQ', value: String(cursor.ms) },
          { propertyName: 'hs_object_id', operator: 'GT', value: String(cursor.id) },
        ],
      },
    ],
    sorts: [{ propertyName: 'lastmodifieddate', direction: 'ASCENDING' }],
    properties: ['lastmodifieddate'],
    limit: 200,
  });
  const results = body.results as Array<{ id: string; properties: { lastmodifieddate: string } }>;
  searches += 1;
  rows += results.length;
  const last = results[results.length - 1];
  if (!last || !body.paging) break;
  cursor = { ms: Date.parse(last.properties.lastmodifieddate), id: Number(last.id) };
}
console.log(`keyset search pull: ${searches} searches, ${rows} rows in ${ms(t)} ms`);

t = performance.now();
for (let k = 0; k < 50; k += 1) {
  const inputs = Array.from({ length: 100 }, (_, i) => ({
    id: String(101 + k * 100 + i),
    properties: { hs_lead_status: k % 2 ? 'OPEN' : 'CONNECTED' },
  }));
  await post('/crm/v3/objects/contacts/batch/update', { inputs });
}
console.log(`50 batch updates of 100: ${ms(t)} ms`);
await sandbox.close();
