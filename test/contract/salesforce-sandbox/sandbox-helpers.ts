/**
 * A hand-readable Salesforce-side world for the sandbox fidelity tests, and helpers to start the sandbox
 * and point jsforce at it.
 */
import { Connection } from '@jsforce/jsforce-node';
import type {
  SandboxActivity,
  SandboxDataset,
  SandboxOpportunity,
  SandboxPerson,
} from '../../../connectors/sandbox/dataset.ts';
import {
  startSalesforceSandbox,
  type RunningSalesforceSandbox,
  type SalesforceSandboxOptions,
} from '../../../connectors/salesforce/sandbox/index.ts';

export const NOW = '2026-03-01T00:00:00.000Z';
export const OWNER = '005000000000001AAA';

export interface SfWorldOptions {
  /** Open Leads lead-0 … */
  leads?: number;
  /** Contacts contact-0 … (each with an Account from its company). */
  contacts?: number;
  /** Converted Leads (conv-0 …): a Lead marked converted plus its Contact. */
  converted?: number;
  /** A call, an email, a meeting and a webinar response per Lead/Contact person. */
  activities?: boolean;
  opportunities?: SandboxOpportunity[];
  /** Every Lead shares this updatedAt (timestamp ties). */
  sameUpdatedAt?: string;
}

function at(base: string, minutes: number): string {
  return new Date(Date.parse(base) + minutes * 60_000).toISOString();
}

function person(key: string, i: number, extra: Partial<SandboxPerson>): SandboxPerson {
  return {
    key,
    firstName: `First${i}`,
    lastName: `Last${i}`,
    email: `${key}@example.com`,
    jobTitle: i % 2 === 0 ? 'VP Marketing' : 'Engineer',
    phone: null,
    companyKey: `company-${i % 3}`,
    leadSource: 'Web',
    country: 'Germany',
    optedOutOfEmail: false,
    doNotCall: false,
    ...extra,
  };
}

export function sfWorld(options: SfWorldOptions = {}): SandboxDataset {
  const people: SandboxPerson[] = [];
  for (let i = 0; i < (options.leads ?? 0); i++) {
    const created = at('2026-01-01T00:00:00.000Z', i);
    people.push(
      person(`lead-${i}`, i, {
        salesforceLead: {
          createdAt: created,
          updatedAt: options.sameUpdatedAt ?? at(created, 60),
          status: 'Open - Not Contacted',
          ownerId: OWNER,
          isConverted: false,
          fields: {},
        },
      }),
    );
  }
  for (let i = 0; i < (options.contacts ?? 0); i++) {
    const created = at('2026-01-02T00:00:00.000Z', i);
    people.push(
      person(`contact-${i}`, i, {
        salesforceContact: { createdAt: created, updatedAt: at(created, 60), ownerId: OWNER, fields: {} },
      }),
    );
  }
  for (let i = 0; i < (options.converted ?? 0); i++) {
    const created = at('2026-01-03T00:00:00.000Z', i);
    people.push(
      person(`conv-${i}`, i, {
        salesforceLead: {
          createdAt: created,
          updatedAt: at(created, 30),
          status: 'Closed - Converted',
          ownerId: OWNER,
          isConverted: true,
          convertedAt: at(created, 30),
          fields: {},
        },
        salesforceContact: {
          createdAt: at(created, 30),
          updatedAt: at(created, 30),
          ownerId: OWNER,
          fields: {},
        },
      }),
    );
  }
  const activities: SandboxActivity[] = [];
  if (options.activities) {
    const kinds: Array<Pick<SandboxActivity, 'type' | 'name'>> = [
      { type: 'call', name: 'Intro call' },
      { type: 'email_reply', name: 'Re: pricing' },
      { type: 'meeting', name: 'Demo' },
      { type: 'webinar', name: 'Scoring 101' },
    ];
    people.forEach((p, i) =>
      kinds.forEach((k, j) =>
        activities.push({
          key: `act-${i}-${j}`,
          personKey: p.key,
          crm: 'salesforce',
          occurredAt: at('2026-02-01T00:00:00.000Z', i * 10 + j),
          ...k,
        }),
      ),
    );
  }
  return {
    format: 'leadloop-sandbox/1',
    seed: 1,
    generatedAt: NOW,
    users: [{ id: OWNER, name: 'Owner One', email: 'owner@example.com', isActive: true }],
    companies: [0, 1, 2].map((c) => ({
      key: `company-${c}`,
      name: `Company ${c}`,
      domain: `company${c}.example.com`,
      industry: c === 0 ? 'Technology' : 'Manufacturing',
      numberOfEmployees: [12, 240, 5000][c] ?? 10,
      annualRevenue: null,
      country: 'Germany',
    })),
    people,
    activities,
    opportunities: options.opportunities ?? [],
  };
}

/** A controllable clock (the sandbox reads it for stamps, token expiry and the daily counter). */
export class TestClock {
  private t: number;
  constructor(iso = NOW) {
    this.t = Date.parse(iso);
  }
  now = (): Date => new Date(this.t);
  advance(ms: number): void {
    this.t += ms;
  }
}

export async function startSf(
  world: SfWorldOptions = {},
  options: Partial<SalesforceSandboxOptions> = {},
): Promise<RunningSalesforceSandbox> {
  return startSalesforceSandbox({ dataset: sfWorld(world), ...options });
}

/** jsforce pointed at the sandbox with a fresh access token. */
export function connect(sb: RunningSalesforceSandbox, accessToken = sb.issueAccessToken()): Connection {
  return new Connection({ instanceUrl: sb.instanceUrl, accessToken, version: '62.0' });
}

/** Raw authenticated fetch against the data API (for headers and exact bodies). */
export async function api(
  sb: RunningSalesforceSandbox,
  path: string,
  init: RequestInit = {},
  token = sb.issueAccessToken(),
) {
  const res = await fetch(`${sb.instanceUrl}/services/data/v62.0${path}`, {
    ...init,
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
      ...(init.headers ?? {}),
    },
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // CSV or empty bodies stay text.
  }
  return { status: res.status, headers: res.headers, body };
}

/**
 * The per-record error code of a SaveResult. jsforce types it as `errorCode`, but it returns the body as
 * Salesforce sends it, where per-record errors carry `statusCode`.
 */
export function statusCodeOf(
  result: { success: boolean; errors: unknown[] } | undefined,
): string | undefined {
  if (!result || result.success) return result ? 'ok' : undefined;
  return (result.errors[0] as { statusCode?: string } | undefined)?.statusCode;
}
