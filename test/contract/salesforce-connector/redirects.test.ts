/**
 * Issue 10: a redirect from the Salesforce instance to another origin is followed without the session's
 * `Authorization` header (as the Fetch standard does). The instance and the other origin are real listeners
 * on 127.0.0.1 (different ports, so different origins); nock answers only the token call.
 */
import nock from 'nock';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createSalesforceConnector } from '../../../connectors/salesforce/index.ts';
import { recordingListener, type RecordingListener } from '../../helpers/recording-listener.ts';
import { LOGIN, TOKEN, V, captureLogger, jwtConnection } from './helpers.ts';

const LIMITS = JSON.stringify({ DailyApiRequests: { Max: 100000, Remaining: 99000 } });

let instance: RecordingListener;
let other: RecordingListener;
let status = 307;
let location = (_origin: string): string => '';

beforeEach(async () => {
  other = await recordingListener((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(LIMITS);
  });
  instance = await recordingListener((req, res) => {
    if (req.url === `${V}/limits`) {
      res.writeHead(status, { location: location(other.origin) });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(LIMITS);
  });
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  nock(LOGIN)
    .post('/services/oauth2/token')
    .reply(200, { ...TOKEN, instance_url: instance.origin });
});
afterEach(async () => {
  nock.cleanAll();
  nock.enableNetConnect();
  await Promise.all([instance.close(), other.close()]);
});

function connector() {
  const logs = captureLogger();
  const sf = createSalesforceConnector(jwtConnection({ allowLocalhost: true }), { logger: logs.logger });
  return { sf, logs };
}

it.each([307, 302])(
  'a %i from the instance to another origin never carries Authorization there',
  async (code) => {
    status = code;
    location = (origin) => `${origin}${V}/limits`;
    const { sf, logs } = connector();
    await sf.check();
    expect(instance.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${TOKEN.access_token}`]);
    expect(other.requests).toHaveLength(1);
    expect(other.requests[0]?.path).toBe(`${V}/limits`);
    expect(other.requests[0]?.headers.authorization).toBeUndefined();
    expect(
      logs.lines.find(
        (l) => l['msg'] === 'salesforce redirect to another origin followed without Authorization',
      ),
    ).toMatchObject({
      from: instance.origin,
      to: other.origin,
    });
  },
);

it('a redirect on the instance itself keeps Authorization', async () => {
  location = () => `${V}/limits/moved`;
  const { sf } = connector();
  await sf.check();
  expect(instance.requests.map((r) => [r.path, r.headers.authorization])).toEqual([
    [`${V}/limits`, `Bearer ${TOKEN.access_token}`],
    [`${V}/limits/moved`, `Bearer ${TOKEN.access_token}`],
  ]);
  expect(other.requests).toEqual([]);
});
