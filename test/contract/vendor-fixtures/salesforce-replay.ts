/**
 * The Salesforce side of the vendor-fixture test: the connector's `SalesforceClient` (jsforce underneath)
 * answered by nock with a documented body, and plain requests to the Salesforce sandbox.
 */
import nock from 'nock';
import { z } from 'zod';
import { SalesforceClient } from '../../../connectors/salesforce/connection.ts';
import type { RunningSalesforceSandbox } from '../../../connectors/salesforce/sandbox/index.ts';
import { addCustomField } from '../../../connectors/salesforce/sandbox/store/custom-fields.ts';
import type { SalesforceConnection } from '../../../src/config/connections.ts';
import { SyncError } from '../../../src/lib/errors.ts';
import { captureLogger } from '../../helpers/capture-logger.ts';
import { INSTANCE, LOGIN, TOKEN, jwtConnection } from '../salesforce-connector/helpers.ts';
import { api } from '../salesforce-sandbox/sandbox-helpers.ts';
import type { SandboxAnswer } from './vendor-case.ts';

export interface SalesforceEnv {
  readonly sb: RunningSalesforceSandbox;
}

export const JSON_TYPE = { 'content-type': 'application/json;charset=UTF-8' };
export const EXT_ID = 'Vendor_Key__c';

/** A client whose first token answer is `token` (the connector's own default otherwise). */
export function client(
  connection: SalesforceConnection = jwtConnection(),
  token: unknown = TOKEN,
): SalesforceClient {
  nock(LOGIN).post('/services/oauth2/token').reply(200, JSON.stringify(token), JSON_TYPE);
  return new SalesforceClient(connection, {
    logger: captureLogger().logger,
    clock: () => new Date(),
    retryBaseMs: 1,
  });
}

export function replay(method: 'get' | 'post', path: string, status: number, body: unknown): void {
  const scope = nock(INSTANCE);
  (method === 'get' ? scope.get(path) : scope.post(path))
    .query(true)
    .reply(status, JSON.stringify(body), JSON_TYPE);
}

/** A collections subrequest's documented body, in the /composite envelope the connector sends it in. */
export function inComposite(body: unknown) {
  return { compositeResponse: [{ body, httpHeaders: {}, httpStatusCode: 200, referenceId: 'c0' }] };
}

export async function failure(run: () => Promise<unknown>): Promise<SyncError> {
  const err: unknown = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof SyncError)) throw new Error(`expected a SyncError, got ${String(err)}`);
  return err;
}

/** The job as its create call answers it: the same info, one state earlier. */
export function withState(body: unknown, state: string): unknown {
  return typeof body === 'object' && body !== null ? { ...body, state } : body;
}

export async function first<T>(pages: AsyncGenerator<T>): Promise<T> {
  const page = await pages.next();
  if (page.done) throw new Error('no page');
  return page.value;
}

export async function token(
  sb: RunningSalesforceSandbox,
  form: Record<string, string>,
): Promise<SandboxAnswer> {
  const res = await fetch(`${sb.loginUrl}/services/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  return { status: res.status, body: await res.json() };
}

export const q = (soql: string): string => `/query?q=${encodeURIComponent(soql)}`;
export const Rows = z.object({ records: z.array(z.object({ Id: z.string() })) });
export const JobInfo = z.object({ id: z.string(), state: z.string() });

/** A live Lead of the sandbox (queries answer one row per page there). */
export async function leadId(sb: RunningSalesforceSandbox): Promise<string> {
  return Rows.parse((await api(sb, q('SELECT Id FROM Lead'))).body).records[0]?.Id ?? '';
}

/** A sandbox Lead external id field for upserts. */
export function salesforceEnv(sb: RunningSalesforceSandbox): SalesforceEnv {
  addCustomField(
    sb.store,
    'Lead',
    EXT_ID,
    {
      label: 'Vendor key',
      type: 'Text',
      length: 40,
      externalId: true,
    },
    { openToAll: true },
  );
  return { sb };
}
