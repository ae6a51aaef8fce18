/**
 * Salesforce documented answers for sessions and jobs: OAuth token answers (JWT bearer, refresh, a refused
 * refresh), the REST error arrays for an expired session and an exhausted allocation, a Bulk 2.0 query job.
 */
import nock from 'nock';
import { expect } from 'vitest';
import { buildJwtAssertion } from '../../../connectors/salesforce/auth.ts';
import { bulkQueryChunks } from '../../../connectors/salesforce/bulk-query.ts';
import { SalesforceClient } from '../../../connectors/salesforce/connection.ts';
import { SfLimits } from '../../../connectors/salesforce/schemas.ts';
import { captureLogger } from '../../helpers/capture-logger.ts';
import { api } from '../salesforce-sandbox/sandbox-helpers.ts';
import {
  INSTANCE,
  LOGIN,
  TOKEN,
  V,
  jwtConnection,
  refreshConnection,
} from '../salesforce-connector/helpers.ts';
import {
  client,
  failure,
  JobInfo,
  JSON_TYPE,
  replay,
  token,
  withState,
  type SalesforceEnv,
} from './salesforce-replay.ts';
import type { VendorCase } from './vendor-case.ts';

export const salesforceAuthCases: VendorCase<SalesforceEnv>[] = [
  {
    file: 'oauth-token-jwt-200.json',
    status: 200,
    endpoint: 'POST /services/oauth2/token (JWT bearer grant)',
    read: async (body) => {
      // The documented instance host is a classic one: refused unless the admin allows it (My Domain only).
      const refused = await failure(() => client(jwtConnection(), body).ensureSession());
      expect(refused.code).toBe('SF_INSTANCE_URL_REJECTED');
      const allowed = client(jwtConnection({ allowedHosts: ['yourinstance.salesforce.com'] }), body);
      await allowed.ensureSession();
      expect([allowed.organizationId, allowed.conn.instanceUrl, allowed.tokens.minted]).toEqual([
        '00Dxx0000001gPLEAY',
        'https://yourInstance.salesforce.com',
        1,
      ]);
    },
    sandbox: {
      ask: ({ sb }) =>
        token(sb, {
          grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
          assertion: buildJwtAssertion({
            clientId: sb.clientId,
            username: sb.username,
            privateKey: sb.privateKeyPem,
            audience: sb.loginUrl,
            now: new Date(),
          }),
        }),
      levels: [''],
    },
  },
  {
    file: 'oauth-token-refresh-200.json',
    status: 200,
    endpoint: 'POST /services/oauth2/token (refresh_token grant)',
    read: async (body) => {
      const c = client(refreshConnection(), body);
      await c.ensureSession();
      expect([c.organizationId, c.conn.instanceUrl, c.conn.accessToken]).toEqual([
        '00DKZ000000KZ6A2AW',
        'https://MyDomainName.my.salesforce.com',
        '00DKZ000000KZ6A!AQQAQHdJ5zQ2q9WqGZ0xjFp2cS1Gk3nYlJrQ0bJb5r7KVW1M8nCq0ZBuQ9q1c3vFJzS6Yh8rTqBvN5tJmL2yP4xW9e0',
      ]);
    },
    sandbox: {
      ask: ({ sb }) =>
        token(sb, {
          grant_type: 'refresh_token',
          client_id: sb.clientId,
          client_secret: sb.clientSecret,
          refresh_token: sb.refreshToken,
        }),
      levels: [''],
    },
  },
  {
    file: 'error-oauth-invalid-grant-400.json',
    status: 400,
    endpoint: 'POST /services/oauth2/token (refresh_token grant, revoked token)',
    read: async (body) => {
      nock(LOGIN).post('/services/oauth2/token').reply(400, JSON.stringify(body), JSON_TYPE);
      const c = new SalesforceClient(refreshConnection(), {
        logger: captureLogger().logger,
        clock: () => new Date(),
      });
      const err = await failure(() => c.ensureSession());
      expect([err.kind, err.code]).toEqual(['auth', 'SF_OAUTH_INVALID_GRANT']);
    },
    sandbox: {
      ask: ({ sb }) =>
        token(sb, {
          grant_type: 'refresh_token',
          client_id: sb.clientId,
          client_secret: sb.clientSecret,
          refresh_token: 'revoked',
        }),
      levels: [''],
    },
  },
  {
    file: 'error-invalid-session-id-401.json',
    status: 401,
    endpoint: 'any REST call with an expired session',
    read: async (body) => {
      const c = client();
      replay('get', `${V}/limits`, 401, body);
      // jsforce refreshes the session once (a new JWT token) and replays the call.
      nock(LOGIN).post('/services/oauth2/token').reply(200, JSON.stringify(TOKEN), JSON_TYPE);
      replay('get', `${V}/limits`, 200, { DailyApiRequests: { Max: 15000, Remaining: 14998 } });
      expect(SfLimits.parse(await c.request({ method: 'GET', path: '/limits' })).DailyApiRequests.Max).toBe(
        15000,
      );
      expect(c.tokens.minted).toBe(2);
    },
    sandbox: { ask: ({ sb }) => api(sb, '/limits', {}, 'expired-token'), levels: ['[]'] },
  },
  {
    file: 'error-request-limit-exceeded-403.json',
    status: 403,
    endpoint: 'any REST call over the daily allocation',
    read: async (body) => {
      replay('get', `${V}/limits`, 403, body);
      const err = await failure(() => client().request({ method: 'GET', path: '/limits' }));
      expect([err.kind, err.code, err.retryAfterMs]).toEqual([
        'rate_limited',
        'REQUEST_LIMIT_EXCEEDED',
        3_600_000,
      ]);
    },
    sandbox: {
      ask: async ({ sb }) => {
        sb.setDailyApiUsage(1_000_000);
        try {
          return await api(sb, '/limits');
        } finally {
          sb.setDailyApiUsage(0);
        }
      },
      levels: ['[]'],
    },
  },
  {
    file: 'bulk2-query-job-info-200.json',
    status: 200,
    endpoint: 'GET /services/data/vXX.X/jobs/query/{jobId}',
    read: async (body) => {
      // SfBulkQueryJob reads `id`, `state` and `columnDelimiter` (JobComplete ends the poll).
      const c = client();
      await c.ensureSession();
      replay('post', `${V}/jobs/query`, 200, withState(body, 'UploadComplete'));
      replay('get', `${V}/jobs/query/750R0000000zlh9IAA`, 200, body);
      nock(INSTANCE)
        .get(`${V}/jobs/query/750R0000000zlh9IAA/results`)
        .query(true)
        .reply(200, 'Id,IsDeleted,SystemModstamp\n00Q5g000000000AAAA,false,2024-05-01T10:00:00.000+0000\n', {
          'content-type': 'text/csv',
          'sforce-locator': 'null',
          'sforce-numberofrecords': '1',
        });
      const rows: unknown[] = [];
      for await (const chunk of bulkQueryChunks(c, 'SELECT Id, IsDeleted, SystemModstamp FROM Lead', [], 10))
        rows.push(...chunk);
      expect(rows).toEqual([
        { Id: '00Q5g000000000AAAA', IsDeleted: false, SystemModstamp: '2024-05-01T10:00:00.000+0000' },
      ]);
    },
    sandbox: {
      ask: async ({ sb }) => {
        const job = await api(sb, '/jobs/query', {
          method: 'POST',
          body: JSON.stringify({ operation: 'queryAll', query: 'SELECT Id FROM Lead' }),
        });
        const { id } = JobInfo.parse(job.body);
        let info = await api(sb, `/jobs/query/${id}`);
        for (let i = 0; i < 5 && JobInfo.parse(info.body).state !== 'JobComplete'; i++)
          info = await api(sb, `/jobs/query/${id}`);
        return info;
      },
      levels: [''],
    },
  },
];
