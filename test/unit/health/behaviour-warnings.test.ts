import { describe, expect, it } from 'vitest';
import type { UnavailableStream } from '../../../src/domain/unavailable-stream.ts';
import {
  behaviourWarnings,
  engagementRuleSets,
  formatBehaviourWarning,
  unavailableCounterNames,
  unavailableFromStats,
  warningsOfLastPull,
} from '../../../src/health/behaviour-warnings.ts';
import { EngagementRule } from '../../../src/scoring/schema.ts';
import { exampleConfig } from '../sync/fixtures.ts';

const rules = [
  { name: 'Pricing page', activity: 'page_view', points: 15 },
  { name: 'Demo request', activity: 'form_submission', points: 50 },
  { name: 'Meeting', activity: 'meeting', points: 40 },
].map((r) => EngagementRule.parse(r));
const primary = [{ model: null, rules }];

const events: UnavailableStream = {
  crm: 'hubspot',
  stream: 'events',
  activityTypes: ['form_submission', 'page_view'],
  reason: 'Events v3 answered 403',
};

describe('behaviour warnings', () => {
  it('round-trips the streams through run counters (reasons are not kept)', () => {
    const names = unavailableCounterNames([events]);
    expect(names).toEqual([
      'unavailable.hubspot.events.form_submission',
      'unavailable.hubspot.events.page_view',
    ]);
    const stats = { ...Object.fromEntries(names.map((n) => [n, 1])), recordsPulled: 10 };
    expect(unavailableFromStats(stats)).toEqual([{ ...events, reason: '' }]);
  });

  it('ignores zero, non-numeric, unknown-CRM and unknown-type counters; a stream with no own type still counts', () => {
    expect(
      unavailableFromStats({
        'unavailable.hubspot.events.page_view': 0,
        'unavailable.hubspot.events.form_submission': '1',
        'unavailable.pipedrive.events.page_view': 1,
        'unavailable.salesforce.tasks.-': 1,
      }),
    ).toEqual([{ crm: 'salesforce', stream: 'tasks', activityTypes: [], reason: '' }]);
  });

  it('names the engagement rules that can never match, per CRM', () => {
    const [w] = behaviourWarnings([events], primary);
    expect(w).toEqual({
      crm: 'hubspot',
      streams: ['events'],
      activityTypes: ['form_submission', 'page_view'],
      rules: ['Pricing page', 'Demo request'],
    });
    expect(formatBehaviourWarning(w!)).toMatchInlineSnapshot(
      `"HubSpot behaviour streams unavailable on this account: events (no form_submission, page_view activities); engagement rules that can never match: Pricing page, Demo request"`,
    );
    expect(formatBehaviourWarning({ ...w!, rules: [] })).toContain('no engagement rule depends on them');
    expect(behaviourWarnings([], primary)).toEqual([]);
  });

  it('reads the newest run that pulled: not a failed run, not a records run', () => {
    const warned = {
      kind: 'incremental',
      status: 'succeeded',
      stats: { 'unavailable.hubspot.events.page_view': 1 },
    };
    const failed = { kind: 'incremental', status: 'failed', stats: {} };
    const records = { kind: 'records', status: 'succeeded', stats: {} };
    expect(warningsOfLastPull([failed, records, warned], primary).map((w) => w.rules)).toEqual([
      ['Pricing page'],
    ]);
    expect(warningsOfLastPull([{ ...warned, stats: {} }, warned], primary)).toEqual([]);
    expect(warningsOfLastPull([failed], primary)).toEqual([]);
  });
});

describe('behaviour warnings for every model', () => {
  const scoring = exampleConfig((c) => c).scoring;
  const withPageViews = (name: string) => EngagementRule.parse({ name, activity: 'page_view', points: 5 });
  const emea = {
    ...scoring,
    modelVersion: 'emea-1',
    engagement: { ...scoring.engagement, rules: [withPageViews('Docs visit')] },
  };
  const candidate = {
    ...scoring,
    modelVersion: '2026-12-b',
    engagement: { ...scoring.engagement, rules: [withPageViews('Blog visit')] },
  };

  it('names the rules of the further models and of the shadowed candidate beside the primary’s', () => {
    const sets = engagementRuleSets({ ...scoring, models: { emea } }, candidate);
    expect(sets.map((s) => s.model)).toEqual([null, 'emea', 'candidate 2026-12-b']);
    const [w] = behaviourWarnings([events], sets);
    expect(w?.rules.filter((r) => r.includes(':'))).toEqual([
      'emea: Docs visit',
      'candidate 2026-12-b: Blog visit',
    ]);
    expect(formatBehaviourWarning(w!)).toContain('emea: Docs visit, candidate 2026-12-b: Blog visit');
  });

  it('a candidate already live (published into the file) is the primary, not a second entry', () => {
    expect(engagementRuleSets(scoring, scoring).map((s) => s.model)).toEqual([null]);
    expect(engagementRuleSets(scoring, null).map((s) => s.model)).toEqual([null]);
  });
});
