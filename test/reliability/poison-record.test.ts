/**
 * §B5 #28, a poison record: one row of a pulled page carries a value that fails the connector's schema
 * (a HubSpot property that is not a string; a Salesforce Lead whose SystemModstamp is not a datetime).
 * A rewriting proxy between leadloop and each sandbox injects the bad value into the real API answers.
 * The run completes; the bad record is reported by id (an error log line and an INVALID_RECORD failure
 * that `leadloop status` lists), everyone else on its page is synced; once the record is fixed in the
 * CRM the next run syncs it and the failure disappears.
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import { Writable } from 'node:stream';
import { afterEach, expect, it } from 'vitest';
import type { LeadloopConfig } from '../../src/config/schema.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { openRuntime, type Runtime } from '../../src/main/runtime.ts';
import { runSync } from '../../src/sync/run-sync.ts';
import { withSandboxes, type TestSandboxes } from '../helpers/sandboxes.ts';

type Json = Record<string, unknown>;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** An HTTP proxy to `target` that lets `rewrite` edit JSON answers (`self` is the proxy's own URL). */
async function rewritingProxy(
  target: string,
  rewrite: (path: string, body: Json, self: string) => void,
): Promise<string> {
  let self = '';
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', target);
      const upstream = request(
        url,
        { method: req.method, headers: { ...req.headers, host: url.host } },
        (answer: IncomingMessage) => {
          const parts: Buffer[] = [];
          answer.on('data', (c: Buffer) => parts.push(c));
          answer.on('end', () => {
            let body = Buffer.concat(parts);
            if (String(answer.headers['content-type'] ?? '').includes('json') && body.length > 0) {
              const json = JSON.parse(body.toString('utf8')) as Json;
              rewrite(url.pathname, json, self);
              body = Buffer.from(JSON.stringify(json));
            }
            const headers = { ...answer.headers, 'content-length': String(body.length) };
            delete headers['transfer-encoding'];
            res.writeHead(answer.statusCode ?? 502, headers).end(body);
          });
        },
      );
      upstream.on('error', () => res.writeHead(502).end());
      upstream.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  self = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return self;
}

/** The records of an answer, also those inside a `/composite` answer's subrequest bodies. */
function records(body: Json, key: 'results' | 'records'): Json[] {
  const list = body[key];
  const own = Array.isArray(list) ? (list as Json[]) : [];
  const subs = body['compositeResponse'];
  if (!Array.isArray(subs)) return own;
  return [
    ...own,
    ...(subs as Json[]).flatMap((sub) => {
      const inner = sub['body'];
      return inner && typeof inner === 'object' && !Array.isArray(inner) ? records(inner as Json, key) : [];
    }),
  ];
}

it('a record failing the connector schema is reported by id; the rest of its page syncs; fixed, it syncs too', async () => {
  const sb: TestSandboxes = await withSandboxes({ people: 120, seed: 28 });
  cleanups.push(() => sb.close());
  const contact = sb.dataset.people.find((p) => p.hubspot && !p.salesforceLead && !p.salesforceContact);
  const lead = sb.dataset.people.find((p) => p.salesforceLead && !p.salesforceLead.isConverted && !p.hubspot);
  const hubspotId = contact && sb.hubspot.store.contactIdForPersonKey(contact.key);
  const leadId = lead && sb.salesforce.store.leadIdForPersonKey(lead.key);
  if (!hubspotId || !leadId) throw new Error('the seeded world lacks a HubSpot-only or Lead-only person');
  let poison = true;

  const hubspotProxy = await rewritingProxy(sb.hubspot.baseUrl, (path, body) => {
    if (!poison || !path.startsWith('/crm/v3/objects/contacts')) return;
    for (const r of records(body, 'results'))
      if (r['id'] === hubspotId) (r['properties'] as Json)['jobtitle'] = { value: 'CEO' };
  });
  const salesforceProxy = await rewritingProxy(sb.salesforce.loginUrl, (path, body, self) => {
    // Later calls go to the instance the token names: keep them on the proxy.
    if (path === '/services/oauth2/token') body['instance_url'] = self;
    if (!poison) return;
    for (const r of records(body, 'records')) if (r['Id'] === leadId) r['SystemModstamp'] = 'yesterday-ish';
  });
  const config: LeadloopConfig = {
    ...sb.config,
    connections: {
      hubspot: { ...sb.config.connections.hubspot, baseUrl: hubspotProxy },
      // The refresh-token grant: a JWT's audience would name the sandbox, not the proxy.
      salesforce: {
        ...sb.config.connections.salesforce,
        loginUrl: salesforceProxy,
        auth: {
          type: 'refresh-token',
          clientId: sb.connections.salesforce.clientId,
          clientSecret: sb.connections.salesforce.clientSecret,
          refreshToken: sb.connections.salesforce.refreshToken,
        },
      },
    },
  };
  const lines: Json[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Json);
      done();
    },
  });
  const rt: Runtime = await openRuntime(config, {
    logger: createLogger({ level: 'info', destination: sink }),
  });
  cleanups.push(() => rt.close());

  const first = await runSync(rt, { kind: 'full' });
  expect(first.status).toBe('succeeded');
  expect(first.counters['recordsRejected']).toBe(2);
  const failures = await rt.store.listFailures({ limit: 50 });
  expect(failures.map((f) => [f.crm, f.object, f.source, f.recordId, f.code, f.permanent])).toEqual(
    expect.arrayContaining([
      ['hubspot', 'contact', 'pull', hubspotId, 'INVALID_RECORD', true],
      ['salesforce', 'lead', 'pull', leadId, 'INVALID_RECORD', true],
    ]),
  );
  expect(failures.find((f) => f.source === 'pull' && f.recordId === hubspotId)?.message).toBe(
    `HubSpot contact ${hubspotId} does not match the contact schema: properties.jobtitle: Invalid input: expected string, received object`,
  );
  expect(failures.find((f) => f.source === 'pull' && f.recordId === leadId)?.message).toContain(
    `Salesforce Lead ${leadId} does not match the record schema: SystemModstamp`,
  );
  const logged = lines.filter((l) => String(l['msg']).startsWith('record rejected'));
  expect(logged.map((l) => l['recordId']).sort()).toEqual([hubspotId, leadId].sort());

  // Everyone else was synced: every other live HubSpot contact and Lead now carries a score.
  const unscoredContacts = sb.dataset.people
    .map((p) => sb.hubspot.store.contactIdForPersonKey(p.key))
    .filter((id): id is string => id !== undefined)
    .filter((id) => (sb.hubspot.store.getContact(id)?.properties['leadloop_score'] ?? null) === null);
  expect(unscoredContacts).toEqual([hubspotId]);
  const unscoredLeads = [...(sb.salesforce.store.tables.get('Lead')?.rows.values() ?? [])]
    .filter((r) => r['IsDeleted'] !== true && r['IsConverted'] !== true)
    .filter((r) => r['Leadloop_Score__c'] === null || r['Leadloop_Score__c'] === undefined)
    .map((r) => r['Id']);
  expect(unscoredLeads).toEqual([leadId]);

  // Fixed in the CRMs (a new modification stamp): the next incremental run reads, links and scores them.
  poison = false;
  sb.hubspot.store.updateContact(hubspotId, { jobtitle: 'Chief Executive Officer' });
  sb.salesforce.store.update('Lead', leadId, { Title: 'Chief Executive Officer' });
  const healed = await runSync(rt, { kind: 'incremental' });
  expect(healed.status).toBe('succeeded');
  expect(healed.counters['recordsRejected'] ?? 0).toBe(0);
  expect((await rt.store.listFailures({ limit: 50 })).filter((f) => f.code === 'INVALID_RECORD')).toEqual([]);
  expect(sb.hubspot.store.getContact(hubspotId)?.properties['leadloop_score']).not.toBeNull();
  expect(sb.salesforce.store.get('Lead', leadId)?.['Leadloop_Score__c']).not.toBeNull();
}, 90_000);
