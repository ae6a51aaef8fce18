/**
 * Small, hand-readable sandbox worlds for contract tests: `tinyDataset({ people: 5 })` gives five
 * HubSpot contacts (person-0 … person-4, emails person-N@example.com) with a few activities each.
 */
import type { SandboxActivity, SandboxDataset, SandboxPerson } from '../../connectors/sandbox/dataset.ts';

export const TINY_NOW = '2026-03-01T00:00:00.000Z';

export interface TinyOptions {
  people?: number;
  /** Activities per person: page view, form, email open, email click, meeting (cycled). */
  activitiesPerPerson?: number;
  /** All contacts share this `updatedAt` (timestamp ties for keyset tests). */
  sameUpdatedAt?: string;
  now?: string;
}

const ACTIVITY_CYCLE: Array<Pick<SandboxActivity, 'type' | 'name' | 'url' | 'tag'>> = [
  { type: 'page_view', name: 'Pricing', url: 'https://example.com/pricing' },
  { type: 'form_submission', name: 'Contact us', url: 'https://example.com/contact' },
  { type: 'email_open', name: 'March newsletter' },
  { type: 'email_click', name: 'March newsletter', url: 'https://example.com/blog' },
  { type: 'meeting', name: 'Discovery call' },
  { type: 'content_download', name: 'Scoring whitepaper', tag: 'whitepaper' },
  { type: 'webinar', name: 'Lead scoring 101' },
  { type: 'call', name: 'Intro call' },
  { type: 'email_reply', name: 'Following up' },
];

export function tinyPerson(
  i: number,
  overrides: Partial<SandboxPerson> = {},
  updatedAt?: string,
): SandboxPerson {
  const created = new Date(Date.parse('2025-06-01T00:00:00.000Z') + i * 60_000).toISOString();
  return {
    key: `person-${i}`,
    firstName: `First${i}`,
    lastName: `Last${i}`,
    email: `person-${i}@example.com`,
    jobTitle: i % 2 === 0 ? 'VP Marketing' : 'Engineer',
    phone: null,
    companyKey: `company-${i % 3}`,
    leadSource: i % 2 === 0 ? 'Organic Search' : 'Webinar',
    country: 'Germany',
    optedOutOfEmail: false,
    doNotCall: false,
    hubspot: {
      createdAt: created,
      updatedAt: updatedAt ?? new Date(Date.parse(created) + 86_400_000).toISOString(),
      lifecyclestage: 'lead',
      hs_lead_status: 'NEW',
      properties: {},
    },
    ...overrides,
  };
}

export function tinyDataset(options: TinyOptions = {}): SandboxDataset {
  const count = options.people ?? 5;
  const perPerson = options.activitiesPerPerson ?? 0;
  const now = options.now ?? TINY_NOW;
  const people = Array.from({ length: count }, (_, i) => tinyPerson(i, {}, options.sameUpdatedAt));
  const activities: SandboxActivity[] = [];
  for (let i = 0; i < count; i += 1) {
    for (let k = 0; k < perPerson; k += 1) {
      const template = ACTIVITY_CYCLE[k % ACTIVITY_CYCLE.length];
      if (!template) continue;
      activities.push({
        key: `act-${i}-${k}`,
        personKey: `person-${i}`,
        crm: 'hubspot',
        occurredAt: new Date(Date.parse('2026-01-01T00:00:00.000Z') + (i * 100 + k) * 60_000).toISOString(),
        ...template,
      });
    }
  }
  return {
    format: 'leadloop-sandbox/1',
    seed: 1,
    generatedAt: now,
    users: [
      {
        id: '005000000000001AAA',
        name: 'Owner One',
        email: 'owner@example.com',
        isActive: true,
        hubspotOwnerId: '9001',
      },
    ],
    companies: [0, 1, 2].map((c) => ({
      key: `company-${c}`,
      name: `Company ${c}`,
      domain: `company${c}.example.com`,
      industry: c === 0 ? 'Software' : 'Manufacturing',
      numberOfEmployees: [12, 240, 5000][c] ?? 10,
      annualRevenue: null,
      country: 'Germany',
    })),
    people,
    activities,
    opportunities: [],
  };
}
