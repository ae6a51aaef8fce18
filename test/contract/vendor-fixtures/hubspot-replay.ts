/**
 * The HubSpot side of the vendor-fixture test: the connector's own call pipeline (`createHubSpotApi`:
 * status handling, the endpoint's zod schema, error classification) answered by nock with a documented
 * body, and plain requests to the HubSpot sandbox.
 */
import nock from 'nock';
import { z } from 'zod';
import { createHubSpotApi, type HubSpotApi } from '../../../connectors/hubspot/api.ts';
import { createTokenSource } from '../../../connectors/hubspot/auth.ts';
import { createSdkClient } from '../../../connectors/hubspot/client.ts';
import { HubSpotRateLimiter } from '../../../connectors/hubspot/rate-limiter.ts';
import { UsageCounter } from '../../../connectors/hubspot/usage.ts';
import type { RunningHubSpotSandbox } from '../../../connectors/hubspot/sandbox/index.ts';
import { HubSpotConnection } from '../../../src/config/connections.ts';
import { SyncError } from '../../../src/lib/errors.ts';
import { captureLogger } from '../../helpers/capture-logger.ts';
import type { SandboxAnswer } from './vendor-case.ts';

export const HS_BASE = 'https://api-eu1.hubapi.com';
export const UNIQUE_PROPERTY = 'vendor_external_key';
export const Results = z.object({ results: z.array(z.object({ id: z.string() })) });
const TOKEN = 'pat-eu1-11111111-2222-3333-4444-555555555555';

export interface HubSpotEnv {
  readonly sb: RunningHubSpotSandbox;
  /** Two contact ids the sandbox holds. */
  readonly ids: readonly [string, string];
}

/** The connector's pipeline against nock, on a clock that never waits. */
export function hubspotApi(): HubSpotApi {
  const connection = HubSpotConnection.parse({ baseUrl: HS_BASE, accessToken: TOKEN });
  let ms = Date.parse('2026-03-02T12:00:00.000Z');
  const now = (): number => ms;
  const sleep = (wait: number): Promise<void> => {
    ms += wait;
    return Promise.resolve();
  };
  return createHubSpotApi({
    client: createSdkClient(HS_BASE),
    tokens: () =>
      createTokenSource(connection, { now, refresh: () => Promise.reject(new Error('no refresh')) }),
    limiter: new HubSpotRateLimiter(connection, { now, sleep }),
    usage: new UsageCounter(),
    logger: captureLogger().logger,
    now,
    sleep,
    random: () => 0,
  });
}

/** nock answers the documented body once, as HubSpot would (JSON text). */
export function replay(method: 'get' | 'post', path: string, status: number, body: unknown): void {
  const scope = nock(HS_BASE);
  const json = { 'content-type': 'application/json;charset=utf-8' };
  (method === 'get' ? scope.get(path) : scope.post(path))
    .query(true)
    .reply(status, JSON.stringify(body), json);
}

export async function failure(run: () => Promise<unknown>): Promise<SyncError> {
  const err: unknown = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof SyncError)) throw new Error(`expected a SyncError, got ${String(err)}`);
  return err;
}

export async function ask(
  sb: RunningHubSpotSandbox,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<SandboxAnswer> {
  const res = await fetch(`${sb.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${sb.accessToken}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: await res.json() };
}

/** Two contacts the sandbox holds, and a unique-value property batch upsert can key on. */
export async function hubspotEnv(sb: RunningHubSpotSandbox): Promise<HubSpotEnv> {
  const created = await ask(sb, 'POST', '/crm/v3/properties/contacts', {
    name: UNIQUE_PROPERTY,
    label: 'Vendor external key',
    type: 'string',
    fieldType: 'text',
    groupName: 'contactinformation',
    hasUniqueValue: true,
  });
  if (created.status !== 201) throw new Error(`could not create ${UNIQUE_PROPERTY}: ${created.status}`);
  const listed = await ask(sb, 'GET', '/crm/v3/objects/contacts?limit=2');
  const ids = Results.parse(listed.body).results.map((r) => r.id);
  return { sb, ids: [ids[0] ?? '', ids[1] ?? ''] };
}
