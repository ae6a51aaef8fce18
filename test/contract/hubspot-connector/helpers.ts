/** Shared fixtures for the HubSpot connector contract tests: connection, fake clock, captured logs. */
import { captureLogger } from '../../helpers/capture-logger.ts';
import { HubSpotConnection, type HubSpotConnection as Connection } from '../../../src/config/connections.ts';
import { createHubSpotConnector, type HubSpotConnectorOptions } from '../../../connectors/hubspot/index.ts';

/** The EU data centre: proves the base URL comes from config. */
export const BASE = 'https://api-eu1.hubapi.com';
export const TOKEN = 'pat-eu1-11111111-2222-3333-4444-555555555555';
export const NOW = new Date('2026-03-02T12:00:00.000Z');

export function connection(overrides: Record<string, unknown> = {}): Connection {
  return HubSpotConnection.parse({ baseUrl: BASE, accessToken: TOKEN, ...overrides });
}

/** A clock that only moves when the connector sleeps: waits are asserted, never slept. */
export class FakeClock {
  ms: number;
  readonly sleeps: number[] = [];

  constructor(start: Date = NOW) {
    this.ms = start.getTime();
  }

  readonly now = (): Date => new Date(this.ms);
  readonly sleep = (ms: number): Promise<void> => {
    this.sleeps.push(ms);
    this.ms += ms;
    return Promise.resolve();
  };
}

export function makeConnector(
  conn: Connection = connection(),
  extra: Partial<HubSpotConnectorOptions> = {},
): {
  hs: ReturnType<typeof createHubSpotConnector>;
  clock: FakeClock;
  logs: ReturnType<typeof captureLogger>;
} {
  const clock = new FakeClock();
  const logs = captureLogger();
  const hs = createHubSpotConnector(conn, {
    logger: logs.logger,
    clock: clock.now,
    sleep: clock.sleep,
    random: () => 0,
    ...extra,
  });
  return { hs, clock, logs };
}

export async function collect<T>(
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

export function decode(cursor: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
}

export function contact(id: string, modified: string, extra: Record<string, string> = {}) {
  return {
    id,
    properties: {
      email: `p${id}@example.com`,
      lastmodifieddate: modified,
      createdate: '2025-01-01T00:00:00.000Z',
      hs_object_id: id,
      ...extra,
    },
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: modified,
    archived: false,
  };
}

export const JSON_HEADERS = { 'Content-Type': 'application/json;charset=utf-8' };
export const RATE_HEADERS = {
  ...JSON_HEADERS,
  'X-HubSpot-RateLimit-Max': '190',
  'X-HubSpot-RateLimit-Remaining': '189',
  'X-HubSpot-RateLimit-Interval-Milliseconds': '10000',
  'X-HubSpot-RateLimit-Daily': '625000',
  'X-HubSpot-RateLimit-Daily-Remaining': '600000',
};

export { captureLogger };
