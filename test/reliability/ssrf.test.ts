/**
 * SSRF at request time: a Salesforce token answer or a redirect that points leadloop at the cloud
 * metadata address or the local machine is refused before any request goes there. nock stands in for
 * Salesforce; net connect is disabled, so an attempt to reach the trap would also surface as an error,
 * and the trap interceptors prove that nothing was sent.
 */
import nock from 'nock';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createSalesforceConnector } from '../../connectors/salesforce/index.ts';
import { SyncError } from '../../src/lib/errors.ts';
import {
  INSTANCE,
  LIMIT_HEADER,
  LOGIN,
  TOKEN,
  V,
  captureLogger,
  jwtConnection,
} from '../contract/salesforce-connector/helpers.ts';

beforeEach(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

async function failure(run: () => Promise<unknown>): Promise<SyncError> {
  const err: unknown = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof SyncError)) throw new Error(`expected a SyncError, got ${String(err)}`);
  return err;
}

it.each([
  ['http://169.254.169.254', 'link-local / cloud metadata address'],
  ['https://evil.nip.io', 'not a Salesforce API host'],
  ['http://127.0.0.1:8080', 'points at the local machine'],
])(
  'a token answer pointing instance_url at %s is an auth error, logged, and nothing is called there',
  async (instanceUrl, why) => {
    const token = nock(LOGIN)
      .post('/services/oauth2/token')
      .reply(200, { ...TOKEN, instance_url: instanceUrl });
    const trap = nock(instanceUrl).get(/.*/).reply(200, {});
    const logs = captureLogger();
    const sf = createSalesforceConnector(jwtConnection(), { logger: logs.logger });
    const err = await failure(() => sf.check());
    expect(err.kind).toBe('auth');
    expect(err.code).toBe('SF_INSTANCE_URL_REJECTED');
    expect(err.message).toContain(why);
    expect(token.isDone()).toBe(true);
    expect(trap.isDone()).toBe(false);
    const audit = logs.lines.find((l) => l['msg'] === 'salesforce instance_url rejected by the SSRF guard');
    expect(audit).toMatchObject({ level: 50, code: 'SF_INSTANCE_URL_REJECTED', instanceUrl });
    // The access token the spoofed answer carried never reaches the log sink.
    expect(logs.text()).not.toContain(TOKEN.access_token);
  },
);

it('allowedHosts lets a listed instance host through', async () => {
  nock(LOGIN)
    .post('/services/oauth2/token')
    .reply(200, { ...TOKEN, instance_url: 'https://crm-proxy.example.com' });
  const api = nock('https://crm-proxy.example.com')
    .get(`${V}/limits`)
    .reply(200, { DailyApiRequests: { Max: 100000, Remaining: 99000 } }, LIMIT_HEADER);
  const sf = createSalesforceConnector(jwtConnection({ allowedHosts: ['crm-proxy.example.com'] }), {
    logger: captureLogger().logger,
  });
  await sf.check();
  expect(api.isDone()).toBe(true);
});

it('a redirect to the local machine is refused without following it, and not retried', async () => {
  nock(LOGIN).post('/services/oauth2/token').reply(200, TOKEN);
  const api = nock(INSTANCE)
    .get(`${V}/limits`)
    .times(3)
    .reply(302, '', { Location: 'http://127.0.0.1:9/latest/meta-data' });
  const trap = nock('http://127.0.0.1:9').get(/.*/).reply(200, {});
  const logs = captureLogger();
  const sf = createSalesforceConnector(jwtConnection(), { logger: logs.logger, retryBaseMs: 1 });
  const err = await failure(() => sf.check());
  expect(err.kind).toBe('config');
  expect(err.code).toBe('SF_REDIRECT_REJECTED');
  expect(err.message).toContain('points at the local machine');
  expect(trap.isDone()).toBe(false);
  // One GET: a refused redirect is a config error, so the bounded retry does not resend it.
  expect(api.pendingMocks()).toHaveLength(1);
  expect(logs.lines.some((l) => l['msg'] === 'salesforce redirect rejected by the SSRF guard')).toBe(true);
});

it('a redirect within Salesforce’s own hosts is still followed', async () => {
  nock(LOGIN).post('/services/oauth2/token').reply(200, TOKEN);
  nock(INSTANCE)
    .get(`${V}/limits`)
    .reply(302, '', { Location: `https://acme2.my.salesforce.com${V}/limits` });
  const moved = nock('https://acme2.my.salesforce.com')
    .get(`${V}/limits`)
    .reply(200, { DailyApiRequests: { Max: 100000, Remaining: 99000 } }, LIMIT_HEADER);
  const sf = createSalesforceConnector(jwtConnection(), { logger: captureLogger().logger });
  await sf.check();
  expect(moved.isDone()).toBe(true);
});
