/** API calls and quota left per CRM and day, from run records, and the overview's chart of them. */
import { describe, expect, it } from 'vitest';
import { usageByDay } from '../../../src/health/api-usage-days.ts';
import { usageChartSvg, usageTable } from '../../../src/http/render-usage-chart.ts';
import type { RunSummary } from '../../../src/state/types.ts';

const NOW = new Date('2026-03-10T15:00:00.000Z');

const run = (startedAt: string, stats: Record<string, unknown>): RunSummary => ({
  runId: `run-${startedAt}`,
  kind: 'incremental',
  startedAt,
  finishedAt: startedAt,
  status: 'succeeded',
  stats,
  error: null,
});

// Newest first, as listRuns returns them.
const RUNS = [
  run('2026-03-10T14:00:00.000Z', {
    'apiCalls.salesforce': 5,
    'quotaLeft.salesforce': 9_900,
    'quotaLimit.salesforce': 15_000,
  }),
  run('2026-03-10T09:00:00.000Z', {
    'apiCalls.salesforce': 7,
    'quotaLeft.salesforce': 14_000,
    'quotaLimit.salesforce': 15_000,
  }),
  run('2026-03-08T23:59:00.000Z', { 'apiCalls.salesforce': 3, 'apiCalls.hubspot': 40 }),
  run('2026-03-01T12:00:00.000Z', { 'apiCalls.salesforce': 1000, 'quotaLeft.salesforce': 1 }),
];

describe('usage by day', () => {
  it('sums calls per UTC day and keeps the quota the day’s last run recorded', () => {
    const days = usageByDay(RUNS, 'salesforce', NOW, 3);
    expect(days).toEqual([
      { day: '2026-03-08', calls: 3, runs: 1, quotaLeft: null, quotaLimit: null },
      { day: '2026-03-09', calls: 0, runs: 0, quotaLeft: null, quotaLimit: null },
      { day: '2026-03-10', calls: 12, runs: 2, quotaLeft: 9_900, quotaLimit: 15_000 },
    ]);
  });

  it('keeps each CRM apart and ignores runs before the window', () => {
    const days = usageByDay(RUNS, 'hubspot', NOW, 14);
    expect(days).toHaveLength(14);
    expect(days[0]?.day).toBe('2026-02-25');
    expect(days.find((d) => d.day === '2026-03-08')?.calls).toBe(40);
    expect(days.find((d) => d.day === '2026-03-01')).toMatchObject({ calls: 0, runs: 1, quotaLeft: null });
    expect(days.reduce((n, d) => n + d.calls, 0)).toBe(40);
  });
});

describe('usage chart', () => {
  const days = usageByDay(RUNS, 'salesforce', NOW, 3);
  const svg = usageChartSvg('usage-chart-salesforce', 'Salesforce', days);

  it('draws a bar per day, the busiest the full height, an empty day none', () => {
    const bars = [
      ...svg.matchAll(
        /<rect class="day" data-day="([\d-]+)" data-calls="(\d+)" x="\d+" y="(\d+)" width="\d+" height="(\d+)"/g,
      ),
    ];
    expect(bars.map((b) => [b[1], Number(b[2]), Number(b[4])])).toEqual([
      ['2026-03-08', 3, 27],
      ['2026-03-09', 0, 0],
      ['2026-03-10', 12, 108],
    ]);
  });

  it('draws the quota left only on days that recorded it, scaled to the quota', () => {
    expect(svg.match(/<circle class="quota-left"/g)).toHaveLength(1);
    // 9,900 of 15,000 on a 108-pixel plot that ends at y = 120.
    expect(svg).toContain('<polyline class="quota-left" points="500,49"');
    expect(svg).toContain(
      'aria-label="Salesforce: API calls per day over the last 3 days (bars), and the daily quota left (line)"',
    );
  });

  it('says when no quota was recorded, and lists the figures newest first', () => {
    const hubspot = usageByDay(RUNS, 'hubspot', NOW, 3);
    expect(usageChartSvg('c', 'HubSpot', hubspot)).toContain('; no quota recorded');
    const table = usageTable('t', 'Salesforce', days);
    expect([...table.matchAll(/<tr data-day="([\d-]+)">/g)].map((m) => m[1])).toEqual([
      '2026-03-10',
      '2026-03-09',
      '2026-03-08',
    ]);
    expect(table).toContain('<td class="num">12</td><td class="num">9,900</td><td class="num">15,000</td>');
  });
});
