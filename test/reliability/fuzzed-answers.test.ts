/**
 * Fuzzed CRM answers campaign. A rewriting proxy in front of each sandbox spoils one answer per trial, seeded
 * (answer-mutations.ts: a value of the wrong type, a missing field, truncated JSON, an HTML page with status
 * 200, a 1 MB string, control characters, a page naming its own cursor as the next). Each trial is one sync
 * run; between trials the same seeded title edits reach a clean reference world and this one. Pass criteria:
 * - the run ends within its deadline (no hang: a repeated cursor stops the stream instead of looping);
 * - it either succeeds, or fails with a leadloop error whose message names the CRM and what was read,
 *   and every failure it records per record names the CRM and the record (no TypeError, no crash);
 * - after the trials one clean incremental run brings both CRMs to the reference's state (no cursor moved
 *   past data it did not read) except records carrying a spoilt value the CRM appeared to hold, and one
 *   clean full run makes them equal too (nothing spoilt stays written).
 *
 * CI: 21 trials (3 per mutation, both CRMs); `LEADLOOP_CAMPAIGN=full`: 140, with counts printed.
 */
import { afterAll, expect, it } from 'vitest';
import { generateDataset } from '../../connectors/sandbox/generate.ts';
import { Prng } from '../../connectors/sandbox/prng.ts';
import type { LeadloopConfig } from '../../src/config/schema.ts';
import type { CrmName } from '../../src/domain/crm.ts';
import { LeadloopError } from '../../src/lib/errors.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { openRuntime, type Runtime } from '../../src/main/runtime.ts';
import { runSync } from '../../src/sync/run-sync.ts';
import { diffCrmStates, readCrmState, timeStable } from '../e2e/crm-state.ts';
import { startRewritingProxy, type Exchange, type Rewritten } from '../helpers/rewriting-proxy.ts';
import { SANDBOX_TEST_NOW, withSandboxes, type TestSandboxes } from '../helpers/sandboxes.ts';
import { CONTROL, CursorLoop, HUGE, MUTATIONS, mutateAnswer, type MutationKind } from './answer-mutations.ts';

const FULL = process.env['LEADLOOP_CAMPAIGN'] === 'full';
const TRIALS = FULL ? 140 : 21;
const SEED = 1_515;
const PEOPLE = 200;
const RUN_DEADLINE_MS = 60_000;

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

interface Armed {
  crm: CrmName;
  kind: MutationKind;
  /** Data answers of `crm` still to let through before spoiling one. */
  skip: number;
  applied?: string;
  loop?: CursorLoop;
}
let armed: Armed | undefined;
const prng = new Prng(SEED);
/** Data answers per CRM in the run so far; the previous run's count bounds where the next spoils one. */
const seen: Record<CrmName, number> = { hubspot: 0, salesforce: 0 };

/** Data answers only: token answers are the auth tests' subject. */
function spoil(crm: CrmName, ex: Exchange): Rewritten | undefined {
  if (ex.url.pathname.includes('/oauth')) return undefined;
  if (armed?.crm === crm && armed.loop) {
    const looped = armed.loop.answer(ex);
    if (armed.loop.served > 0) armed.applied ??= `${ex.method} ${ex.url.pathname}`;
    return looped;
  }
  if (ex.status < 200 || ex.status >= 300 || !ex.contentType.includes('json') || ex.body === '')
    return undefined;
  seen[crm]++;
  if (!armed || armed.crm !== crm || armed.applied) return undefined;
  if (armed.skip > 0) {
    armed.skip--;
    return undefined;
  }
  if (armed.kind === 'repeated-cursor') return undefined;
  const spoilt = mutateAnswer(armed.kind, ex, prng);
  if (spoilt) armed.applied = `${ex.method} ${ex.url.pathname}`;
  return spoilt;
}

async function world(name: string, proxied: boolean): Promise<{ sb: TestSandboxes; rt: Runtime }> {
  const dataset = generateDataset({ people: PEOPLE, seed: SEED, now: SANDBOX_TEST_NOW });
  // The org's Title flow rewrites some edited titles; it is tested where it is the subject.
  // Pages of 200 rows, Salesforce's smallest batch, so queries span pages that can repeat a cursor.
  const sb = await withSandboxes({ dataset, salesforce: { flows: false, maxQueryBatchSize: 200 } });
  cleanups.push(() => sb.close());
  let hubspotUrl = sb.hubspot.baseUrl;
  let salesforceUrl = sb.salesforce.loginUrl;
  if (proxied) {
    const hs = await startRewritingProxy(sb.hubspot.baseUrl, (ex) => spoil('hubspot', ex));
    const sf = await startRewritingProxy(sb.salesforce.loginUrl, (ex) => {
      // Later calls go to the instance the token names: keep them on the proxy.
      if (ex.url.pathname === '/services/oauth2/token' && ex.status === 200)
        return { ...ex, body: JSON.stringify({ ...(JSON.parse(ex.body) as object), instance_url: ex.self }) };
      return spoil('salesforce', ex);
    });
    cleanups.push(
      () => hs.close(),
      () => sf.close(),
    );
    hubspotUrl = hs.url;
    salesforceUrl = sf.url;
  }
  const config: LeadloopConfig = timeStable({
    ...sb.config,
    connections: {
      hubspot: { ...sb.config.connections.hubspot, baseUrl: hubspotUrl },
      // The refresh-token grant: a JWT's audience would name the sandbox, not the proxy.
      salesforce: {
        ...sb.config.connections.salesforce,
        loginUrl: salesforceUrl,
        auth: {
          type: 'refresh-token',
          clientId: sb.connections.salesforce.clientId,
          clientSecret: sb.connections.salesforce.clientSecret,
          refreshToken: sb.connections.salesforce.refreshToken,
        },
      },
    },
  });
  const rt = await openRuntime(config, { logger: createLogger({ level: 'silent' }).child({ world: name }) });
  cleanups.push(() => rt.close());
  return { sb, rt };
}

/**
 * Trial `n`'s edits, the same in both worlds: a new title on one HubSpot contact and on one Salesforce
 * Lead. A person is only ever edited on one side (even places in HubSpot, odd in Salesforce): edits of
 * one person on both sides resolve by which run saw them, and the reference sees them all at once.
 */
function edit(sb: TestSandboxes, n: number): void {
  const people = sb.dataset.people;
  const person = people[(n * 14) % people.length];
  const other = people[(n * 22 + 3) % people.length];
  const contactId = person && sb.hubspot.store.contactIdForPersonKey(person.key);
  if (contactId) sb.hubspot.store.updateContact(contactId, { jobtitle: `Head of Trial ${n}` });
  const leadId = other && sb.salesforce.store.leadIdForPersonKey(other.key);
  if (leadId) sb.salesforce.store.update('Lead', leadId, { Title: `VP of Trial ${n}` });
}

type Outcome = 'succeeded' | 'record failures' | 'run failed';

function withinDeadline<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`hang: no end within ${RUN_DEADLINE_MS} ms`)), RUN_DEADLINE_MS);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

const CRM_NAME: Readonly<Record<CrmName, RegExp>> = { hubspot: /HubSpot/, salesforce: /Salesforce/ };
/** A run's error names what was read: the call, the query's object, or the stream. */
const WHAT_WAS_READ = /\b(GET|POST|PATCH|PUT|DELETE) \/\S+|\bthe \w+ query\b|\breading [\w ]+;/;

it(`${TRIALS} runs with one spoilt CRM answer each: clear errors, no hang, nothing lost or spoilt in the CRMs`, async () => {
  const [reference, fuzzed] = await Promise.all([world('reference', false), world('fuzzed', true)]);
  // Both worlds link everyone before the first edit: an edit made before two records were ever linked
  // meets no snapshot and resolves otherwise than one made after.
  await runSync(reference.rt, { kind: 'full' });
  const tally = new Map<string, number>();
  const count = (key: string): void => void tally.set(key, (tally.get(key) ?? 0) + 1);
  let applied = 0;
  const messages = new Set<string>();

  for (let n = 0; n < TRIALS; n++) {
    const kind = MUTATIONS[n % MUTATIONS.length] as MutationKind;
    const crm: CrmName = Math.floor(n / MUTATIONS.length) % 2 === 0 ? 'hubspot' : 'salesforce';
    if (n > 0) edit(fuzzed.sb, n);
    // A cursor loops from the first paged read; other spoils land anywhere in the run.
    const span = Math.max(1, seen[crm]);
    armed = {
      crm,
      kind,
      skip: prng.int(span),
      ...(kind === 'repeated-cursor' ? { loop: new CursorLoop() } : {}),
    };
    seen.hubspot = 0;
    seen.salesforce = 0;
    const before = new Set(
      (await fuzzed.rt.store.listFailures({ limit: 1_000 })).map((f) => JSON.stringify(f)),
    );
    const where = (): string => `trial ${n}: ${kind} on ${crm} ${armed?.applied ?? '(not applied)'}`;
    const run = await withinDeadline(
      runSync(fuzzed.rt, {
        // An incremental run's pages are short enough to end without following a next cursor.
        kind: n % 5 === 0 || kind === 'repeated-cursor' ? 'full' : 'incremental',
        retry: { attempts: 1, backoffMs: 0 },
      }),
    ).then(
      (report) => ({ report, error: undefined }),
      (error: unknown) => ({ report: undefined, error }),
    );
    let outcome: Outcome = 'succeeded';
    if (run.error !== undefined) {
      expect(run.error, `${where()}: ${String(run.error)}`).toBeInstanceOf(LeadloopError);
      expect((run.error as LeadloopError).message, where()).toMatch(CRM_NAME[crm]);
      expect((run.error as LeadloopError).message, where()).toMatch(WHAT_WAS_READ);
      messages.add(`${crm} ${kind} run: ${(run.error as LeadloopError).message.slice(0, 300)}`);
      outcome = 'run failed';
    } else {
      const fresh = (await fuzzed.rt.store.listFailures({ limit: 1_000 })).filter(
        (f) => !before.has(JSON.stringify(f)),
      );
      for (const f of fresh) {
        expect(f.message, where()).toMatch(CRM_NAME[f.crm]);
        messages.add(`${crm} ${kind} record ${f.object} ${f.code}: ${f.message.slice(0, 300)}`);
      }
      if (fresh.length > 0 || run.report?.status !== 'succeeded') outcome = 'record failures';
    }
    if (armed.applied) applied++;
    messages.add(`trial ${n}: ${kind} on ${crm} ${armed.applied ?? '(not applied)'}: ${outcome}`);
    count(`${crm} ${kind}: ${armed.applied ? outcome : 'not applied'}`);
  }
  armed = undefined;

  // The reference gets every edit, then one clean run.
  for (let n = 1; n < TRIALS; n++) edit(reference.sb, n);
  await runSync(reference.rt, { kind: 'full' });
  const clean = await runSync(fuzzed.rt, { kind: 'incremental' });
  expect(clean.status).toBe('succeeded');
  const want = await readCrmState(reference.sb);
  const spoilt = (line: string): boolean =>
    line.includes(HUGE.slice(0, 64)) || line.includes(CONTROL.slice(-1));
  const afterIncremental = diffCrmStates(want, await readCrmState(fuzzed.sb)).filter((d) => !spoilt(d));
  expect(afterIncremental).toEqual([]);
  await runSync(fuzzed.rt, { kind: 'full' });
  const got = await readCrmState(fuzzed.sb);
  expect(diffCrmStates(want, got)).toEqual([]);
  expect(got.counts).toEqual(want.counts);

  const lines = [...tally.entries()].sort().map(([k, v]) => `  ${k}: ${v}`);
  process.stdout.write(
    `fuzzed answers: ${TRIALS} runs, ${applied} with a spoilt answer, ${applied} survived (clear error or success, no hang); ` +
      `CRMs equal to the reference after a clean incremental and a clean full run\n${lines.join('\n')}\n` +
      (process.env['LEADLOOP_FUZZ_MESSAGES'] ? `${[...messages].join('\n')}\n` : ''),
  );
  expect(applied).toBeGreaterThanOrEqual(Math.floor(TRIALS * 0.6));
}, 600_000);
