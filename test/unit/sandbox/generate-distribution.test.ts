import { describe, expect, it } from 'vitest';
import { checkDatasetReferences } from '../../../connectors/sandbox/dataset-references.ts';
import { ROUND_ROBIN_USER_IDS } from '../../../connectors/sandbox/generate-accounts.ts';
import { generateDataset } from '../../../connectors/sandbox/generate.ts';
import { countPresences, PRESENCE_MIX } from '../../../connectors/sandbox/presence.ts';

const PEOPLE = 20_000;
const dataset = generateDataset({ people: PEOPLE, seed: 42, now: new Date('2026-11-23T00:00:00.000Z') });
const share = (n: number, of = PEOPLE) => n / of;

describe('generated distribution (20,000 people, seed 42)', () => {
  it('has no dangling references and HubSpot emails are unique ignoring case', () => {
    expect(checkDatasetReferences(dataset)).toEqual([]);
  });

  it('matches the presence mix within 2.5 points', () => {
    const counts = countPresences(dataset.people);
    expect(counts.none).toBe(0);
    for (const [presence, target] of PRESENCE_MIX) {
      expect(Math.abs(share(counts[presence]) - target), presence).toBeLessThan(0.025);
    }
  });

  it('averages about 5 activities per person with a long tail', () => {
    const perPerson = new Map<string, number>();
    for (const a of dataset.activities) perPerson.set(a.personKey, (perPerson.get(a.personKey) ?? 0) + 1);
    const counts = dataset.people.map((p) => perPerson.get(p.key) ?? 0).sort((a, b) => b - a);
    const mean = dataset.activities.length / PEOPLE;
    expect(mean).toBeGreaterThan(4.3);
    expect(mean).toBeLessThan(5.7);
    expect(share(counts.filter((c) => c <= 3).length)).toBeGreaterThan(0.55);
    expect(counts[0]).toBeGreaterThanOrEqual(60);
    const top1 = counts.slice(0, PEOPLE / 100).reduce((s, c) => s + c, 0);
    expect(top1 / dataset.activities.length).toBeGreaterThan(0.1);
  });

  it('covers every behaviour the example scoring model reads', () => {
    const seen = (pred: (a: (typeof dataset.activities)[number]) => boolean) => dataset.activities.some(pred);
    expect(seen((a) => a.type === 'page_view' && (a.url ?? '').endsWith('/pricing'))).toBe(true);
    expect(seen((a) => a.type === 'page_view' && (a.url ?? '').endsWith('/careers'))).toBe(true);
    for (const form of ['Request a demo', 'Contact us', 'Newsletter signup']) {
      expect(
        seen((a) => a.type === 'form_submission' && a.name === form),
        form,
      ).toBe(true);
    }
    for (const tag of ['whitepaper', 'product-flyer', 'case-study']) {
      expect(
        seen((a) => a.type === 'content_download' && a.tag === tag),
        tag,
      ).toBe(true);
    }
    for (const type of ['email_open', 'email_click', 'email_bounce', 'unsubscribe', 'webinar'] as const) {
      expect(
        seen((a) => a.type === type && a.crm === 'hubspot'),
        type,
      ).toBe(true);
    }
    for (const type of ['meeting', 'call', 'email_reply', 'campaign_response'] as const) {
      expect(
        seen((a) => a.type === type && a.crm === 'salesforce'),
        type,
      ).toBe(true);
    }
    expect(seen((a) => a.type === 'meeting' && a.crm === 'hubspot')).toBe(true);
  });

  it('has a realistic title mix: C-level rare, IT managers and students present', () => {
    const titles = dataset.people.map((p) => p.jobTitle ?? '');
    const cLevel = titles.filter((t) => /\b(ceo|chief|founder|president)\b/i.test(t)).length;
    expect(share(cLevel)).toBeGreaterThan(0.005);
    expect(share(cLevel)).toBeLessThan(0.04);
    expect(titles.filter((t) => t === 'IT Manager').length).toBeGreaterThan(100);
    expect(titles.filter((t) => /\b(student|intern)\b/i.test(t)).length).toBeGreaterThan(100);
  });

  it('has target industries, a long tail of company sizes, and several countries', () => {
    const industries = new Set(dataset.companies.map((c) => c.industry));
    expect(industries).toContain('Manufacturing');
    expect(industries).toContain('Industrial Machinery');
    const sizes = dataset.companies.flatMap((c) =>
      c.numberOfEmployees == null ? [] : [c.numberOfEmployees],
    );
    sizes.sort((a, b) => a - b);
    const median = sizes[Math.floor(sizes.length / 2)] ?? 0;
    expect(median).toBeLessThan(200);
    expect(sizes[sizes.length - 1]).toBeGreaterThan(20_000);
    expect(new Set(dataset.people.map((p) => p.country)).size).toBeGreaterThan(10);
  });

  it('includes purchased-list, web, event and referral sources, opt-outs and do-not-call', () => {
    const sources = new Set(dataset.people.map((p) => p.leadSource));
    for (const s of ['OFFLINE_PURCHASED_LIST', 'ORGANIC_SEARCH', 'OFFLINE_EVENT', 'REFERRALS'])
      expect(sources).toContain(s);
    expect(share(dataset.people.filter((p) => p.optedOutOfEmail).length)).toBeGreaterThan(0.03);
    expect(dataset.people.some((p) => p.doNotCall)).toBe(true);
  });

  it('contains junk records and duplicate emails that differ only by case', () => {
    const names = new Set(dataset.people.map((p) => `${p.firstName} ${p.lastName}`));
    expect(names).toContain('Mickey Mouse');
    expect(names).toContain('Donald Duck');
    expect(dataset.people.some((p) => p.email === 'test@test.com')).toBe(true);
    const byLower = new Map<string, Set<string>>();
    for (const p of dataset.people) {
      if (!p.email) continue;
      const variants = byLower.get(p.email.toLowerCase()) ?? new Set<string>();
      variants.add(p.email);
      byLower.set(p.email.toLowerCase(), variants);
    }
    expect([...byLower.values()].filter((v) => v.size > 1).length).toBeGreaterThan(20);
  });

  it('gives converted Leads a Contact and the four Lead Status values', () => {
    const leads = dataset.people.flatMap((p) => (p.salesforceLead ? [{ p, lead: p.salesforceLead }] : []));
    for (const { p, lead } of leads.filter((l) => l.lead.isConverted)) {
      expect(p.salesforceContact).toBeDefined();
      expect(lead.status).toBe('Closed - Converted');
      expect(Date.parse(lead.convertedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(lead.createdAt));
    }
    expect(new Set(leads.map((l) => l.lead.status))).toEqual(
      new Set([
        'Open - Not Contacted',
        'Working - Contacted',
        'Closed - Converted',
        'Closed - Not Converted',
      ]),
    );
  });

  it('has open, won and lost opportunities whose contact roles are Salesforce Contacts', () => {
    const people = new Map(dataset.people.map((p) => [p.key, p]));
    expect(new Set(dataset.opportunities.map((o) => o.status))).toEqual(new Set(['open', 'won', 'lost']));
    for (const o of dataset.opportunities) {
      expect(o.contactPersonKeys.length).toBeGreaterThan(0);
      for (const key of o.contactPersonKeys) expect(people.get(key)?.salesforceContact).toBeDefined();
      if (o.status !== 'open')
        expect(Date.parse(o.closeDate)).toBeGreaterThanOrEqual(Date.parse(o.createdAt));
    }
    const won = dataset.opportunities.find(
      (o) => o.status === 'won' && people.get(o.contactPersonKeys[0] ?? '')?.hubspot,
    );
    expect(people.get(won?.contactPersonKeys[0] ?? '')?.hubspot?.lifecyclestage).toBe('customer');
  });

  it('has 18-character owner ids, round-robin users and an inactive rep', () => {
    for (const u of dataset.users) expect(u.id).toMatch(/^005[0-9A-Za-z]{15}$/);
    const ids = dataset.users.map((u) => u.id);
    for (const id of ROUND_ROBIN_USER_IDS) expect(ids).toContain(id);
    expect(dataset.users.some((u) => !u.isActive)).toBe(true);
    const owners = new Set(
      dataset.people.flatMap((p) => (p.salesforceLead ? [p.salesforceLead.ownerId] : [])),
    );
    expect(owners).toContain(ROUND_ROBIN_USER_IDS[0]);
  });

  it('carries custom fields but none of leadloop’s own', () => {
    const withLanguage = dataset.people.filter((p) => p.hubspot?.properties['preferred_language']);
    expect(withLanguage.length).toBeGreaterThan(1000);
    expect(dataset.people.some((p) => p.salesforceLead?.fields['Preferred_Language__c'])).toBe(true);
    const own = dataset.people.filter((p) =>
      Object.keys(p.hubspot?.properties ?? {}).some((k) => k.startsWith('leadloop')),
    );
    expect(own).toEqual([]);
  });
});
