/** Small inline datasets and a connector pointed at a running HubSpot sandbox. */
import nock from 'nock';
import { afterAll, beforeAll } from 'vitest';
import { HubSpotConnection } from '../../../src/config/connections.ts';
import type { SandboxActivity, SandboxDataset, SandboxPerson } from '../../../connectors/sandbox/dataset.ts';
import {
  startHubSpotSandbox,
  type HubSpotSandboxOptions,
  type RunningHubSpotSandbox,
} from '../../../connectors/hubspot/sandbox/index.ts';
import { createHubSpotConnector, type HubSpotConnectorOptions } from '../../../connectors/hubspot/index.ts';
import { captureLogger } from './helpers.ts';

export const GENERATED_AT = '2026-03-01T00:00:00.000Z';

/** The file's tests talk to the sandbox on the loopback only: any other host fails the request. */
export function loopbackOnly(): void {
  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
  });
  afterAll(() => nock.enableNetConnect());
}

/** A modification time per person, one second apart. */
export const stamp = (i: number): string =>
  new Date(Date.parse('2026-02-01T00:00:00.000Z') + i * 1000).toISOString();

export function people(n: number, updatedAt: (i: number) => string): SandboxPerson[] {
  return Array.from({ length: n }, (_, i) => ({
    key: `p${i}`,
    firstName: `First${i}`,
    lastName: `Last${i}`,
    email: `person${i}@example.com`,
    optedOutOfEmail: false,
    doNotCall: false,
    hubspot: { createdAt: '2025-01-01T00:00:00.000Z', updatedAt: updatedAt(i), properties: {} },
  }));
}

export function dataset(persons: SandboxPerson[], activities: SandboxActivity[] = []): SandboxDataset {
  return {
    format: 'leadloop-sandbox/1',
    seed: 1,
    generatedAt: GENERATED_AT,
    users: [],
    companies: [],
    people: persons,
    activities,
    opportunities: [],
  };
}

export async function withSandbox(
  options: HubSpotSandboxOptions,
  run: (sb: RunningHubSpotSandbox) => Promise<void>,
): Promise<void> {
  // These tests edit and pull at once; the lag has its own tests (pass `searchLag` to have it here).
  // Enterprise, so Events v3 answers (lower tiers: pass `subscription`; see tiers.sandbox.test.ts).
  const sb = await startHubSpotSandbox({ searchLag: false, subscription: 'enterprise', ...options });
  try {
    await run(sb);
  } finally {
    await sb.close();
  }
}

export function sandboxConnector(
  sb: RunningHubSpotSandbox,
  conn: Record<string, unknown> = {},
  extra: Partial<HubSpotConnectorOptions> = {},
) {
  const logs = captureLogger();
  const connection = HubSpotConnection.parse({
    baseUrl: sb.baseUrl,
    allowLocalhost: true,
    accessToken: sb.accessToken,
    searchLookbackSeconds: 0,
    ...conn,
  });
  return { hs: createHubSpotConnector(connection, { logger: logs.logger, ...extra }), logs };
}

/** Sandbox calls by endpoint family, as the sandbox counted them. */
export function served(sb: RunningHubSpotSandbox, endpoint: string): number {
  return sb.stats().byEndpoint[endpoint] ?? 0;
}
