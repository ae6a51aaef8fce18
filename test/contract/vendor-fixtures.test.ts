/**
 * Tests that are not their own oracle: the vendors' documented answers (test/fixtures/vendor/, sources in
 * each folder's README) are (a) replayed through the connectors, which must read them with their own
 * schemas and get the fields they use right, and (b) compared in shape with what the sandboxes answer to
 * the same request. A sandbox that drifts from the documented shape fails here, not in production.
 */
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHubSpotSandbox } from '../../connectors/hubspot/sandbox/index.ts';
import { tinyDataset } from '../helpers/tiny-dataset.ts';
import { hubspotOtherCases } from './vendor-fixtures/hubspot-other-cases.ts';
import { hubspotRecordCases } from './vendor-fixtures/hubspot-record-cases.ts';
import { hubspotEnv, type HubSpotEnv } from './vendor-fixtures/hubspot-replay.ts';
import { salesforceAuthCases } from './vendor-fixtures/salesforce-auth-cases.ts';
import { salesforceRecordCases } from './vendor-fixtures/salesforce-record-cases.ts';
import { salesforceEnv, type SalesforceEnv } from './vendor-fixtures/salesforce-replay.ts';
import { startSf } from './salesforce-sandbox/sandbox-helpers.ts';
import { sameShape } from './vendor-fixtures/shape.ts';
import { loadFixture, readmeFiles, type VendorCase } from './vendor-fixtures/vendor-case.ts';

beforeEach(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  nock.enableNetConnect();
  expect(pending, 'every documented answer was asked for').toEqual([]);
});

function suite<Env>(crm: 'hubspot' | 'salesforce', cases: readonly VendorCase<Env>[], env: () => Env): void {
  it('covers every fixture listed in the README, and only those', () => {
    expect(cases.map((c) => c.file).sort()).toEqual(readmeFiles(crm).sort());
  });
  for (const c of cases) {
    describe(`${c.file} (${c.status} ${c.endpoint})`, () => {
      it('is read by the connector', async () => {
        await c.read(loadFixture(crm, c.file));
      });
      const check = c.sandbox;
      if ('unavailable' in check) {
        // Shown as skipped on purpose, with the case's reason in its name: the sandbox does not model this
        // answer (e.g. Salesforce duplicate rules), so there is nothing to compare the documented one with.
        it.skip(`the sandbox cannot be asked: ${check.unavailable}`, () => undefined);
        return;
      }
      it('is answered by the sandbox in the same shape', async () => {
        const answer = await check.ask(env());
        expect(answer.status).toBe(c.status);
        const problems = sameShape(loadFixture(crm, c.file), answer.body, check);
        expect(problems).toEqual(Object.keys(check.known ?? {}).sort());
      });
    });
  }
}

describe('sameShape', () => {
  const doc = { a: 1, b: [{ c: 'x', d: null }], m: { k1: 's' } };
  it('reports missing keys and type changes at the given levels only', () => {
    expect(
      sameShape(doc, { a: '1', b: [{ c: 'y', e: 2 }], m: { other: 's' } }, { levels: ['', 'b[]'] }),
    ).toEqual(['a: documented number, sandbox string', 'b[].d: missing']);
  });
  it('compares map levels by value type, and says when a level is absent', () => {
    expect(sameShape(doc, { m: { other: 2 } }, { levels: ['m', 'b[]'], maps: ['m'] })).toEqual([
      'b[]: no object here in the sandbox answer',
      'm.*: documented string, sandbox number',
    ]);
  });
});

describe('HubSpot documented answers', () => {
  let env: HubSpotEnv | undefined;
  beforeAll(async () => {
    const sb = await startHubSpotSandbox({
      dataset: tinyDataset({ people: 6, activitiesPerPerson: 9 }),
      subscription: 'enterprise',
    });
    env = await hubspotEnv(sb);
  });
  afterAll(() => env?.sb.close());
  suite('hubspot', [...hubspotRecordCases, ...hubspotOtherCases], () => {
    if (!env) throw new Error('the HubSpot sandbox did not start');
    return env;
  });
});

describe('Salesforce documented answers', () => {
  let env: SalesforceEnv | undefined;
  beforeAll(async () => {
    // One row per query page, so a three-row query answers with a nextRecordsUrl.
    env = salesforceEnv(await startSf({ leads: 3, contacts: 3 }, { maxQueryBatchSize: 1 }));
  });
  afterAll(() => env?.sb.close());
  suite('salesforce', [...salesforceRecordCases, ...salesforceAuthCases], () => {
    if (!env) throw new Error('the Salesforce sandbox did not start');
    return env;
  });
});
