/**
 * The closed-loop report on a fixture world (test/fixtures/report/loop-world.ts) read back from a state
 * store: the funnel with step conversion and median time in stage, sources and first campaigns, SLA
 * compliance, recycle reasons, and how each period (by stage-entry date) changes them. Figures worked out
 * by hand from the fixture's dates; SLA 24 plain hours.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { closedLoopReport, type LoopPerson } from '../../../src/report/closed-loop.ts';
import { collectLoopPeople, firstCampaign } from '../../../src/report/collect.ts';
import { formatLoopReport } from '../../../src/report/format-report.ts';
import { recycleReason } from '../../../src/report/recycle-reasons.ts';
import { parseReportPeriod, type ReportPeriod } from '../../../src/report/report-period.ts';
import { median } from '../../../src/report/stage-times.ts';
import { SlaConfig } from '../../../src/stages/schema.ts';
import { createMemoryStore } from '../../../src/state/memory/memory-store.ts';
import { seedLoopWorld } from '../../fixtures/report/loop-world.ts';

const NOW = new Date('2026-06-30T12:00:00.000Z');
const sla = SlaConfig.parse({ acceptWithinHours: 24, businessHours: false });
let people: LoopPerson[];
const report = (period: ReportPeriod) => closedLoopReport(people, { now: NOW, period, sla });

beforeAll(async () => {
  const store = createMemoryStore();
  await seedLoopWorld(store, NOW);
  people = await collectLoopPeople(store);
});

describe('closed-loop report over all time', () => {
  it('counts the funnel and the step conversion', () => {
    const r = report('all');
    expect(r.people).toBe(6);
    const { people: n, mql, sal, sql, won, recycled, conversion } = r.funnel;
    expect({ n, mql, sal, sql, won, recycled }).toEqual({
      n: 6,
      mql: 5,
      sal: 3,
      sql: 1,
      won: 1,
      recycled: 3,
    });
    expect(conversion).toEqual({ MQL: 5 / 6, SAL: 3 / 5, SQL: 1 / 3, WON: 1 });
  });

  it('takes the median of finished stays only', () => {
    const t = report('all').funnel.timeInStage;
    // MQL stays: 4 h (p1), 72 h (p2), 96 h (p3), 30 h (p6); p5 still waits.
    expect(t.MQL).toEqual({ completed: 4, medianHours: 51 });
    expect(t.SQL).toEqual({ completed: 1, medianHours: 120 });
    // p2 and p6 are still recycled; p3's recycle never ended either.
    expect(t.RECYCLED).toEqual({ completed: 0, medianHours: null });
  });

  it('groups by lead source (HubSpot first, then Salesforce) and by first campaign', () => {
    const r = report('all');
    expect(r.bySource.map((x) => [x.key, x.people, x.sql])).toEqual([
      ['PAID_SEARCH', 2, 0],
      ['Partner Referral', 2, 0],
      ['(none)', 1, 0],
      ['ORGANIC_SEARCH', 1, 1],
    ]);
    expect(r.byCampaign.map((x) => [x.key, x.people, x.mql])).toEqual([
      ['(none)', 3, 2],
      ['Spring webinar', 2, 2],
      ['Partner Day', 1, 1],
    ]);
    expect(r.byCampaign.find((x) => x.key === 'Spring webinar')?.wonAmount).toBe(5000);
  });

  it('measures SLA compliance per MQL episode and the time to accept', () => {
    expect(report('all').sla).toEqual({
      acceptWithinHours: 24,
      businessHours: false,
      mqls: 5,
      onTime: 1,
      breached: 3,
      pending: 1,
      compliance: 0.25,
      accepted: 3,
      medianHoursToAccept: 30,
      recordedBreaches: 1,
    });
  });

  it('counts recycle reasons by the cause the stage machine recorded', () => {
    expect(report('all').recycleReasons).toEqual([
      { reason: 'Lead Status: Closed - Not Converted', count: 2 },
      { reason: 'Opportunity lost', count: 1 },
    ]);
  });
});

describe('closed-loop report by period (stage-entry date)', () => {
  it('last 30 days: the people who entered a stage in them, and only those entries', () => {
    const r = report('30d');
    expect(r.period).toEqual({ period: '30d', from: '2026-05-31T12:00:00.000Z', to: NOW.toISOString() });
    expect(r.people).toBe(3);
    const { mql, sal, sql, won, recycled, conversion, timeInStage } = r.funnel;
    expect({ mql, sal, sql, won, recycled }).toEqual({ mql: 3, sal: 1, sql: 1, won: 1, recycled: 1 });
    expect(conversion).toEqual({ MQL: 1, SAL: 1 / 3, SQL: 1, WON: 1 });
    expect(timeInStage.MQL).toEqual({ completed: 2, medianHours: 38 });
    expect(timeInStage.MIL).toEqual({ completed: 1, medianHours: 114 });
    expect(r.sla).toMatchObject({ mqls: 3, onTime: 1, breached: 1, pending: 1, compliance: 0.5 });
    expect(r.sla.medianHoursToAccept).toBe(4);
    expect(r.recycleReasons).toEqual([{ reason: 'Lead Status: Closed - Not Converted', count: 1 }]);
    expect(r.slaBreaches).toBe(1);
    expect(r.stages).toEqual({ WON: 1, RECYCLED: 1, MQL: 1 });
  });

  it('last 90 days add p2 entering MIL; last 365 days add p6 and p1 entering MIL', () => {
    expect(report('90d').funnel.timeInStage.MIL).toEqual({ completed: 2, medianHours: 597 });
    const year = report('365d');
    expect(year.people).toBe(4);
    expect(year.funnel).toMatchObject({ mql: 4, sal: 2, sql: 1, won: 1, recycled: 2 });
    expect(year.sla).toMatchObject({ mqls: 4, onTime: 1, breached: 2, pending: 1, medianHoursToAccept: 17 });
    expect(year.recycleReasons).toEqual([{ reason: 'Lead Status: Closed - Not Converted', count: 2 }]);
  });

  it('has no compliance without an SLA, but still the time to accept', () => {
    const r = closedLoopReport(people, { now: NOW, period: 'all' });
    expect(r.sla).toMatchObject({ acceptWithinHours: null, compliance: null, onTime: 0, breached: 0 });
    expect(r.sla.medianHoursToAccept).toBe(30);
  });

  it('measures an episode against the SLA rule its recorded steps name, else stages.sla', () => {
    const T = '2026-06-01T08:00:00.000Z';
    const person = (slaActions: LoopPerson['slaActions']): LoopPerson => ({
      cell: 'A1',
      stage: 'SAL',
      source: null,
      campaign: null,
      opportunities: [],
      slaBreaches: [],
      history: [
        { from: null, to: 'MIL', at: '2026-05-01T08:00:00.000Z', cause: 'created' },
        { from: 'MIL', to: 'MQL', at: T, cause: 'score' },
        { from: 'MQL', to: 'SAL', at: '2026-06-02T14:00:00.000Z', cause: 'sales_feedback' },
      ],
      ...(slaActions ? { slaActions } : {}),
    });
    const options = {
      now: NOW,
      sla: SlaConfig.parse({ acceptWithinHours: 48, businessHours: false }),
      slaRules: [{ name: 'fast', sla: SlaConfig.parse({ acceptWithinHours: 4, businessHours: false }) }],
    };
    // Accepted after 30 hours: on time against the 48-hour default, late against the 4-hour rule.
    const byRule = closedLoopReport([person([{ mqlAt: T, sla: 'fast' }])], options).sla;
    expect(byRule).toMatchObject({ onTime: 0, breached: 1, compliance: 0 });
    const byDefault = closedLoopReport([person(undefined)], options).sla;
    expect(byDefault).toMatchObject({ onTime: 1, breached: 0, compliance: 1 });
  });

  it('prints the new sections in text', () => {
    const text = formatLoopReport(report('30d'));
    expect(text).toContain('period: 30d (stage entries from 2026-05-31 to 2026-06-30)');
    expect(text).toContain('-> MQL 3 100.0% (38.0 h) -> SAL 1 33.3% (10.0 d)');
    expect(text).toContain(
      'SLA 24 hours: 50.0% on time (1 on time, 1 breached, 1 pending of 3 MQLs), median time to accept 4.0 h over 1 accepted',
    );
    expect(text).toContain('recycle reasons: Lead Status: Closed - Not Converted 1');
    expect(text).toContain('by first campaign:');
  });
});

describe('report parts', () => {
  it('refuses an unknown period, naming where and what is allowed', () => {
    expect(() => parseReportPeriod('7d', '--period')).toThrowErrorMatchingInlineSnapshot(
      `[LeadloopError: --period: period "7d" is not one of 30d, 90d, 365d, all]`,
    );
  });

  it('medians of odd and even counts', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('first campaign is the oldest activity naming one', () => {
    const a = (occurredAt: string, campaign: string | null) => ({
      crm: 'hubspot' as const,
      sourceId: occurredAt,
      recordId: 'h',
      type: 'email_open' as const,
      occurredAt,
      campaign,
    });
    expect(
      firstCampaign([
        a('2026-02-01T00:00:00Z', 'B'),
        a('2026-01-01T00:00:00Z', null),
        a('2026-01-15T00:00:00Z', 'A'),
      ]),
    ).toBe('A');
    expect(firstCampaign([a('2026-01-01T00:00:00Z', '')])).toBeNull();
  });

  it('names a recycle by its cause', () => {
    expect(recycleReason({ cause: 'override' })).toBe('Manual override');
    expect(recycleReason({ cause: 'sales_feedback' })).toBe('Lead Status');
  });
});
