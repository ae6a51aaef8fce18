/**
 * The connector on every tier: on a Professional portal Events v3 answers 403, which is a capability, not a
 * failure. The activities pull goes on with email events and engagements, the Events stream is reported
 * unavailable with the activity types only it carries, and a later pull asks Events nothing more.
 */
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

const TYPES: ActivityType[] = ['page_view', 'form_submission', 'webinar', 'email_open', 'meeting', 'call'];

const activities: SandboxActivity[] = TYPES.map((type, i) => ({
  key: `a-${type}`,
  personKey: `p${i % 3}`,
  crm: 'hubspot',
  type,
  occurredAt: new Date(Date.parse('2026-02-01T00:00:00.000Z') + i * 60_000).toISOString(),
  name: `${type} name`,
  campaign: type === 'email_open' ? 'March newsletter' : null,
}));

const typesOf = (items: readonly { type: string }[]): string[] =>
  [...new Set(items.map((a) => a.type))].sort();

describe('Events v3 by tier, through the connector', () => {
  it('Professional: the pull succeeds without Events and reports the stream and its activity types unavailable', async () => {
    const persons = people(3, () => '2026-02-20T00:00:00.000Z');
    await withSandbox({ dataset: dataset(persons, activities), subscription: 'professional' }, async (sb) => {
      const { hs, logs } = sandboxConnector(sb);
      const first = await collect(hs.pullActivities(null, { signpost: new Date() }));
      expect(typesOf(first.items)).toEqual(['call', 'email_open', 'form_submission', 'meeting']);
      // The form submission comes from the Forms API, naming its submitter by email.
      const form = first.items.find((a) => a.type === 'form_submission');
      expect(form).toMatchObject({
        sourceId: expect.stringMatching(/^form-submission:/),
        recordId: expect.stringMatching(/^email:.+@/),
        name: 'form_submission name',
        occurredAt: '2026-02-01T00:01:00.000Z',
      });
      expect(await hs.unavailableStreams?.()).toEqual([
        {
          crm: 'hubspot',
          stream: 'events',
          activityTypes: ['campaign_response', 'content_download', 'custom', 'page_view', 'webinar'],
          reason: 'Events v3 answered 403 MISSING_SCOPES (it needs an Enterprise hub)',
        },
      ]);
      // One refused probe per connector, none per event type, none on the next pull.
      expect(served(sb, 'events.types')).toBe(1);
      expect(served(sb, 'events.list')).toBe(0);
      const next = await collect(hs.pullActivities(first.cursors.at(-1) ?? null, { signpost: new Date() }));
      expect(served(sb, 'events.types')).toBe(1);
      // The next pass starts at the last one's end: the submission is not read again.
      expect(next.items.filter((a) => a.type === 'form_submission')).toEqual([]);
      expect(logs.lines.filter((l) => Number(l['level']) >= 50)).toEqual([]);
    });
  });

  it('Enterprise: every type is read and nothing is unavailable; a downgrade mid-pull ends the stream, not the run', async () => {
    const persons = people(3, () => '2026-02-20T00:00:00.000Z');
    await withSandbox({ dataset: dataset(persons, activities), subscription: 'enterprise' }, async (sb) => {
      const { hs } = sandboxConnector(sb);
      const all = await collect(hs.pullActivities(null, { signpost: new Date() }));
      expect(typesOf(all.items)).toEqual([...TYPES].sort());
      expect(await hs.unavailableStreams?.()).toEqual([]);
      // Forms come from Events alone here: one submission, counted once, and the Forms API is not asked.
      expect(all.items.filter((a) => a.type === 'form_submission')).toHaveLength(1);
      expect(served(sb, 'forms.list') + served(sb, 'forms.submissions')).toBe(0);

      sb.setSubscription('professional');
      const later = await collect(hs.pullActivities(null, { signpost: new Date(), full: true }));
      expect(typesOf(later.items)).toEqual(['call', 'email_open', 'meeting']);
      expect((await hs.unavailableStreams?.())?.map((s) => s.stream)).toEqual(['events']);
    });
  });
});
