/**
 * The closed-loop page against `leadloop report --json`, in Debian chromium: a fixture world with dated
 * stage histories (test/fixtures/report/loop-world.ts) is seeded into the server's store and into the state
 * file the CLI reads; for two periods the page shows the CLI's funnel, conversion, median time in stage,
 * sources, campaigns, SLA compliance and recycle reasons; the period selector is plain links a keyboard
 * follows; the CSV carries the same blocks; the account section shows the CLI's account cells. Leaves test/artifacts/closed-loop-30d.png and
 * closed-loop-30d-phone.png and closed-loop-accounts.png.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli.ts';
import { loadConfig } from '../../src/config/load.ts';
import type { LoopReport, LoopRow } from '../../src/report/closed-loop.ts';
import { loadLoopReport } from '../../src/report/load-report.ts';
import type { ReportPeriod } from '../../src/report/report-period.ts';
import { openStateStore } from '../../src/state/open-store.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../contract/http/http-helpers.ts';
import { launchChromium, loggedInPage, screenshot } from '../helpers/admin-browser.ts';
import type { AccountView } from '../../src/report/account-view.ts';
import { seedLoopAccounts, seedLoopWorld } from '../fixtures/report/loop-world.ts';

let t: TestServer;
let browser: Browser;
let page: Page;

/** What `leadloop report --json --period <p>` prints for the server's config and state file. */
async function cliReport(period: ReportPeriod): Promise<LoopReport> {
  const out: string[] = [];
  const spy = vi
    .spyOn(process.stdout, 'write')
    .mockImplementation((chunk) => (out.push(String(chunk)), true));
  const code = await main([
    'node',
    'leadloop',
    'report',
    '--json',
    '--period',
    period,
    '--config',
    t.configPath,
  ]).finally(() => spy.mockRestore());
  expect(code).toBe(0);
  return JSON.parse(out.join('')) as LoopReport;
}

/** The report without its window's instants (the CLI ran a moment later than the server). */
const figures = (r: LoopReport) => ({ ...r, period: r.period.period });

beforeAll(async () => {
  browser = await launchChromium();
  t = await startTestServer();
  const now = new Date();
  await seedLoopWorld(t.store, now);
  await seedLoopAccounts(t.store, now);
  const cliStore = await openStateStore((await loadConfig(t.configPath)).state);
  try {
    await seedLoopWorld(cliStore, now);
    await seedLoopAccounts(cliStore, now);
  } finally {
    await cliStore.close();
  }
  page = await loggedInPage(browser, t.url, ADMIN_TOKEN);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const value = async (selector: string): Promise<number | null> => {
  const raw = await page.locator(selector).getAttribute('data-value');
  return raw === null || raw === '' ? null : Number(raw);
};

async function expectGroup(id: string, rows: readonly LoopRow[]): Promise<void> {
  const keys = await page
    .locator(`#${id} tbody tr`)
    .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-key')));
  expect(keys).toEqual(rows.map((r) => r.key));
  for (const r of rows) {
    const cells = page.locator(`#${id} tbody tr[data-key="${r.key}"] td`);
    expect(await cells.nth(0).textContent()).toBe(String(r.people));
    expect(await cells.nth(3).textContent()).toBe(String(r.sql));
    const mql = await cells.nth(7).getAttribute('data-value');
    expect(mql === '' ? null : Number(mql)).toBe(r.timeInStage.MQL.medianHours);
  }
}

/** Every figure of the page against the CLI's JSON for the same period. */
async function expectPageShows(cli: LoopReport): Promise<void> {
  expect(Number(await page.locator('#people-count').textContent())).toBe(cli.people);
  const funnel: [
    string,
    number,
    keyof LoopReport['funnel']['conversion'] | null,
    'MIL' | 'MQL' | 'SAL' | 'SQL' | null,
  ][] = [
    ['MIL (scored)', cli.funnel.people, null, 'MIL'],
    ['MQL', cli.funnel.mql, 'MQL', 'MQL'],
    ['SAL', cli.funnel.sal, 'SAL', 'SAL'],
    ['SQL', cli.funnel.sql, 'SQL', 'SQL'],
    ['Won', cli.funnel.won, 'WON', null],
  ];
  for (const [stage, people, conversion, timed] of funnel) {
    const row = `#funnel tr[data-stage="${stage}"]`;
    expect(Number(await page.locator(`${row} td`).first().textContent())).toBe(people);
    if (conversion)
      expect(await value(`${row} td:nth-of-type(2)`)).toBeCloseTo(
        cli.funnel.conversion[conversion] ?? NaN,
        10,
      );
    if (timed)
      expect(await value(`${row} td:nth-of-type(3)`)).toBe(cli.funnel.timeInStage[timed].medianHours);
  }
  expect(await value('#sla-compliance')).toBe(cli.sla.compliance);
  expect(await value('#sla-median-accept')).toBe(cli.sla.medianHoursToAccept);
  await expectGroup('by-source', cli.bySource);
  await expectGroup('by-campaign', cli.byCampaign);
  const reasons = await page
    .locator('#recycle-reasons tbody tr[data-reason]')
    .evaluateAll((trs) =>
      trs.map((tr) => [tr.getAttribute('data-reason'), Number(tr.querySelector('td')?.textContent)]),
    );
  expect(reasons).toEqual(cli.recycleReasons.map((r) => [r.reason, r.count]));
}

describe('closed-loop page and leadloop report --json', () => {
  it('compute one report: the CLI prints what the server computes, for every period', async () => {
    for (const period of ['30d', 'all'] as const) {
      const server = await loadLoopReport(t.store, {
        now: t.runtime.clock(),
        period,
        stages: t.runtime.config.stages,
      });
      const {
        duplicates: _duplicates,
        accounts: _accounts,
        ...cli
      } = (await cliReport(period)) as LoopReport & {
        duplicates: unknown;
        accounts: unknown;
      };
      expect(figures(cli)).toEqual(figures(JSON.parse(JSON.stringify(server)) as LoopReport));
    }
  });

  it('shows every figure of report --json for all time', async () => {
    await page.goto(`${t.url}/admin/report`);
    const cli = await cliReport('all');
    expect(cli.people).toBe(6);
    expect(await page.locator('nav[aria-label="Period"] a[aria-current="true"]').textContent()).toBe(
      'All time',
    );
    await expectPageShows(cli);
  });

  it('switches to the last 30 days by keyboard, and the figures change to the CLI’s for 30 days', async () => {
    await page.getByRole('link', { name: 'Last 30 days' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/period=30d/);
    const cli = await cliReport('30d');
    expect(cli.people).toBe(3);
    expect(Number(await page.locator('#people-count').textContent())).toBe(3);
    await expectPageShows(cli);
    // The heat map view keeps the period.
    expect(await page.getByRole('link', { name: 'Conversion to SQL' }).getAttribute('href')).toBe(
      '/admin/report?period=30d&view=sql',
    );
    await screenshot(page, 'closed-loop-30d.png');
  });

  it('is readable on a phone', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await phone.context().addCookies(await page.context().cookies());
    await phone.goto(`${t.url}/admin/report?period=30d`);
    expect(await phone.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(400);
    await screenshot(phone, 'closed-loop-30d-phone.png');
    await phone.close();
  });

  it('exports the period as CSV: rows per funnel, cell, source and campaign, then SLA and recycle reasons', async () => {
    const cli = await cliReport('30d');
    const res = await t.admin('/admin/report.csv?period=30d');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('leadloop-closed-loop-30d.csv');
    const blocks = (await res.text()).trim().split('\n\n');
    expect(blocks).toHaveLength(4);
    const rows = (blocks[0] ?? '').split('\n');
    expect(rows.filter((l) => l.startsWith('campaign,')).map((l) => l.split(',')[1])).toEqual(
      cli.byCampaign.map((r) => r.key),
    );
    const sla = (blocks[1] ?? '').split('\n')[1]?.split(',') ?? [];
    expect(sla[0]).toBe('30d');
    expect(Number(sla[4])).toBe(cli.sla.mqls);
    expect(Number(sla[8])).toBeCloseTo(cli.sla.compliance ?? NaN, 4);
    expect((blocks[2] ?? '').split('\n').slice(1)).toEqual(
      cli.recycleReasons.map((r) => `${r.reason},${r.count}`),
    );
  });

  it('shows account cells against pipeline and won amount, as report --json prints them, and in the CSV', async () => {
    const { accounts } = (await cliReport('all')) as LoopReport & { accounts: AccountView };
    const held = accounts.cells.filter((c) => c.accounts > 0);
    // acme (A1): p1 won 5,000 and p3 lost; beta (B3): p5 open 700 (test/fixtures/report/loop-world.ts).
    expect(held).toEqual([
      { cell: 'A1', accounts: 1, withPipeline: 0, withWon: 1, openPipeline: 0, wonAmount: 5000 },
      { cell: 'B3', accounts: 1, withPipeline: 1, withWon: 0, openPipeline: 700, wonAmount: 0 },
    ]);
    await page.goto(`${t.url}/admin/report`);
    expect(Number(await page.locator('#account-count').textContent())).toBe(2);
    const rows = await page
      .locator('#by-account-cell tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [
          tr.getAttribute('data-cell'),
          ...[...tr.querySelectorAll('td')].map((td) => td.textContent),
        ]),
      );
    expect(rows.map((r) => r.slice(0, 4))).toEqual(
      held.map((c) => [c.cell, String(c.accounts), String(c.withPipeline), String(c.withWon)]),
    );
    await screenshot(page.locator('section[aria-labelledby="accounts-h"]'), 'closed-loop-accounts.png', {});
    const csv = await (await t.admin('/admin/report.csv?period=all')).text();
    const block = (csv.trim().split('\n\n')[3] ?? '').split('\n');
    expect(block[0]).toBe('account_cell,accounts,with_pipeline,with_won,open_pipeline,won_amount,scored_at');
    expect(block.slice(1).map((l) => l.split(',').slice(0, 6).join(','))).toEqual([
      'A1,1,0,1,0,5000',
      'B3,1,1,0,700,0',
    ]);
  });

  it('refuses an unknown period with a message naming it', async () => {
    const res = await t.admin('/admin/report?period=7d');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toBe(
      'query parameter period: period "7d" is not one of 30d, 90d, 365d, all',
    );
  });
});
