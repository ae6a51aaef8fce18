/** Small inline sandbox worlds for the Salesforce connector's sandbox tests. */
import type { SandboxDataset, SandboxPerson } from '../../../connectors/sandbox/dataset.ts';
import { KEY_PREFIX, makeId } from '../../../connectors/salesforce/sandbox/ids.ts';
import {
  startSalesforceSandbox,
  type RunningSalesforceSandbox,
  type SalesforceSandboxOptions,
} from '../../../connectors/salesforce/sandbox/index.ts';
import { createSalesforceConnector, type SalesforceConnector } from '../../../connectors/salesforce/index.ts';
import type { SalesforceConnection } from '../../../src/config/connections.ts';
import { captureLogger } from './helpers.ts';

export const OWNER = makeId(KEY_PREFIX.User, 1);
export const GENERATED_AT = '2026-03-01T12:00:00.000Z';

/** `count` people with a Lead each; lead `i` last modified at `stampOf(i)`. */
export function leadPeople(count: number, stampOf: (i: number) => string, prefix = 'p'): SandboxPerson[] {
  return Array.from({ length: count }, (_, i) => ({
    key: `${prefix}${i}`,
    firstName: 'Lead',
    lastName: `Number ${i}`,
    email: `${prefix}${i}@example.com`,
    optedOutOfEmail: false,
    doNotCall: false,
    salesforceLead: {
      createdAt: '2025-01-01T00:00:00.000Z',
      updatedAt: stampOf(i),
      status: 'Open - Not Contacted',
      ownerId: OWNER,
      isConverted: false,
      fields: {},
    },
  }));
}

export function world(people: SandboxPerson[], extra: Partial<SandboxDataset> = {}): SandboxDataset {
  return {
    format: 'leadloop-sandbox/1',
    seed: 1,
    generatedAt: GENERATED_AT,
    users: [{ id: OWNER, name: 'Sam Rep', email: 'sam@acme.example', isActive: true }],
    companies: [],
    people,
    activities: [],
    opportunities: [],
    ...extra,
  };
}

export interface Harness {
  sandbox: RunningSalesforceSandbox;
  sf: SalesforceConnector;
  logText: () => string;
  storedRefreshTokens: string[];
}

/** A sandbox plus a connector pointed at it (JWT by default, refresh-token flow on request). */
export async function harness(
  dataset: SandboxDataset,
  options: Omit<SalesforceSandboxOptions, 'dataset'> = {},
  connection: {
    auth?: 'jwt' | 'refresh-token';
    overrides?: Partial<SalesforceConnection>;
    clock?: () => Date;
    /** The connector's `assignmentRules` option (hand-off Leads get the org's rule's owner). */
    assignmentRules?: boolean;
    /** The connector's `lookbackMs` option. */
    lookbackMs?: number;
    /** Base delay of the connection's bounded retry; default 5 ms. */
    retryBaseMs?: number;
  } = {},
): Promise<Harness> {
  const sandbox = await startSalesforceSandbox({ dataset, ...options });
  const auth: SalesforceConnection['auth'] =
    connection.auth === 'refresh-token'
      ? {
          type: 'refresh-token',
          clientId: sandbox.clientId,
          clientSecret: sandbox.clientSecret,
          refreshToken: sandbox.refreshToken,
        }
      : {
          type: 'jwt',
          clientId: sandbox.clientId,
          username: sandbox.username,
          privateKey: sandbox.privateKeyPem,
        };
  const { logger, text } = captureLogger();
  const storedRefreshTokens: string[] = [];
  const sf = createSalesforceConnector(
    {
      loginUrl: sandbox.loginUrl,
      allowLocalhost: true,
      apiVersion: '62.0',
      auth,
      dailyBudgetShare: 0.8,
      bulkThreshold: 50_000,
      lookbackSeconds: 300,
      ...connection.overrides,
    },
    {
      logger,
      retryBaseMs: connection.retryBaseMs ?? 5,
      ...(connection.clock ? { clock: connection.clock } : {}),
      ...(connection.assignmentRules === undefined ? {} : { assignmentRules: connection.assignmentRules }),
      ...(connection.lookbackMs === undefined ? {} : { lookbackMs: connection.lookbackMs }),
      onRefreshToken: async (t) => {
        storedRefreshTokens.push(t);
      },
    },
  );
  return { sandbox, sf, logText: text, storedRefreshTokens };
}

export async function drain<T>(
  pages: AsyncIterable<{ items: readonly T[]; cursor: string }>,
): Promise<{ items: T[]; cursors: string[] }> {
  const items: T[] = [];
  const cursors: string[] = [];
  for await (const page of pages) {
    items.push(...page.items);
    cursors.push(page.cursor);
  }
  return { items, cursors };
}

/** Calls the sandbox counted under the given endpoint names. */
export function counted(sandbox: RunningSalesforceSandbox, ...endpoints: string[]): number {
  const by = sandbox.stats().byEndpoint;
  return endpoints.reduce((sum, e) => sum + (by[e] ?? 0), 0);
}
