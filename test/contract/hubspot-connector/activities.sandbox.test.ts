import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityType } from '../../../src/domain/activity.ts';
import type { SandboxActivity } from '../../../connectors/sandbox/dataset.ts';
import { collect } from './helpers.ts';
import { dataset, people, sandboxConnector, served, withSandbox } from './sandbox-helpers.ts';

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterAll(() => nock.enableNetConnect());

const TYPES: ActivityType[] = [
  'page_view',
  'form_submission',
  'content_download',
  'webinar',
  'email_open',
  'email_click',
  'email_bounce',
  'unsubscribe',
  'meeting',
  'call',
  'email_reply',
];

function activities(personCount: number, meetings: number): SandboxActivity[] {
  const out: SandboxActivity[] = TYPES.map((type, i) => ({
    key: `a-${type}`,
    personKey: `p${i % personCount}`,
    crm: 'hubspot',
    type,
    occurredAt: new Date(Date.parse('2026-02-01T00:00:00.000Z') + i * 60_000).toISOString(),
    name: type === 'form_submission' ? 'Demo request' : `${type} name`,
    url: type === 'page_view' ? 'https://acme.example/pricing' : null,
    tag: type === 'content_download' ? 'whitepaper' : null,
    campaign: type.startsWith('email') ? 'March newsletter' : null,
  }));
  for (let i = 0; i < meetings; i++) {
    out.push({
      key: `m${i}`,
      personKey: `p${i % personCount}`,
      crm: 'hubspot',
      type: 'meeting',
      occurredAt: new Date(Date.parse('2026-01-01T00:00:00.000Z') + i * 1000).toISOString(),
    });
  }
  return out;
}

describe('activities against the sandbox', () => {
  it('reads every behaviour type back, normalised, with one association read per 1,000 engagements', async () => {
    const meetings = 1500;
    const persons = people(20, () => '2026-02-20T00:00:00.000Z');
    await withSandbox({ dataset: dataset(persons, activities(20, meetings)) }, async (sb) => {
      const { hs } = sandboxConnector(sb, { limits: { searchPerSecond: 50 } });
      sb.resetStats();
      const { items, cursors } = await collect(hs.pullActivities(null, { signpost: new Date() }));
      const byType = new Map<string, number>();
      for (const a of items) byType.set(a.type, (byType.get(a.type) ?? 0) + 1);
      for (const type of TYPES) expect(byType.get(type) ?? 0, type).toBeGreaterThan(0);
      expect(byType.get('meeting')).toBe(meetings + 1);
      const p0 = sb.store.contactIdForPersonKey('p0');
      expect(items.find((a) => a.type === 'page_view')).toMatchObject({
        recordId: p0,
        url: 'https://acme.example/pricing',
      });
      expect(items.find((a) => a.type === 'email_open')?.recordId).toBe('email:person4@example.com');
      expect(items.find((a) => a.type === 'form_submission')?.name).toBe('Demo request');
      expect(items.find((a) => a.type === 'content_download')?.tag).toBe('whitepaper');
      expect(new Set(items.map((a) => a.sourceId)).size).toBe(items.length);
      // 1,501 meetings: ⌈1501/200⌉ = 8 searches, ⌈1501/1000⌉ = 2 association reads.
      expect(served(sb, 'meetings.search')).toBe(8);
      expect(served(sb, 'associations.batch.read')).toBe(2 + 1 + 1);
      expect(sb.stats().errors4xx).toBe(0);

      // Incremental: one new call; nothing else is sent again.
      const contact = sb.store.contactIdForPersonKey('p7') ?? '';
      sb.store.addActivity(contact, { type: 'call', occurredAt: new Date(), name: 'Follow-up' });
      const next = await collect(
        hs.pullActivities(cursors.at(-1) ?? null, { signpost: new Date(Date.now() + 1000) }),
      );
      expect(next.items.map((a) => [a.type, a.recordId, a.name])).toEqual([['call', contact, 'Follow-up']]);
    });
  }, 60_000);
});
