/**
 * The console pages in Debian chromium on a synced sandbox world. Closed loop: the heat map holds each
 * cell's people as `leadloop report --json` counts them (the same module), the funnel agrees too, the view
 * toggles to conversion by keyboard, a phone reads it, and the CSV carries the same rows. Person: a search
 * by email shows what `leadloop explain` says (score, contributions, stage history, linked records).
 * Leaves test/artifacts/report-page.png, report-page-phone.png and person-page.png.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoopReport } from '../../src/report/closed-loop.ts';
import { loadLoopReport } from '../../src/report/load-report.ts';
import { explainPeople, findPeople } from '../../src/sync/explain-person.ts';
import { prepareRun } from '../../src/sync/prepare.ts';
import { runSync } from '../../src/sync/run-sync.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../contract/http/http-helpers.ts';
import { launchChromium, loggedInPage, screenshot } from '../helpers/admin-browser.ts';

let t: TestServer;
let browser: Browser;
let page: Page;
let report: LoopReport;

beforeAll(async () => {
  browser = await launchChromium();
  t = await startTestServer({ sandboxes: { people: 400, seed: 42 } });
  await runSync(t.runtime, { kind: 'full' });
  report = await loadLoopReport(t.runtime.store, {
    now: t.runtime.clock(),
    period: 'all',
    stages: t.runtime.config.stages,
  });
  page = await loggedInPage(browser, t.url, ADMIN_TOKEN);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('overview page', () => {
  it('is the first page after logging in: last runs, waiting people, failures, drift, quota', async () => {
    expect(await page.locator('h1').textContent()).toBe('Overview');
    expect(await page.locator('#runs-chart rect.run').count()).toBe(
      (await t.runtime.store.listRuns(30)).length,
    );
    expect(await page.locator('#tile-last-run .value').textContent()).toBe('succeeded');
    expect(await page.locator('#tile-waiting .value').textContent()).toBe(
      String(await t.runtime.store.countDirty()),
    );
    expect(await page.locator('#tile-failures a').getAttribute('href')).toBe('/admin/health');
    expect(await page.locator('#quota li').count()).toBe(2);
    await screenshot(page, 'overview-page.png');
  });

  it('charts API calls per CRM and day, and the quota left Salesforce reported', async () => {
    const runs = await t.runtime.store.listRuns(100);
    // The day of the last run (UTC), not the wall clock's: a run just before midnight stays on its day.
    const today = runs[0]?.startedAt.slice(0, 10) ?? 'no run';
    for (const crm of ['hubspot', 'salesforce'] as const) {
      expect(await page.locator(`#usage-chart-${crm} rect.day`).count()).toBe(14);
      const calls = runs
        .filter((r) => r.startedAt.startsWith(today))
        .reduce((n, r) => n + Number(r.stats[`apiCalls.${crm}`] ?? 0), 0);
      expect(calls).toBeGreaterThan(0);
      expect(
        await page.locator(`#usage-chart-${crm} rect.day[data-day="${today}"]`).getAttribute('data-calls'),
      ).toBe(String(calls));
    }
    // Salesforce reports its daily quota on every answer (Sforce-Limit-Info); the run recorded what was left.
    const left = runs[0]?.stats['quotaLeft.salesforce'];
    expect(typeof left).toBe('number');
    expect(await page.locator('#usage-chart-salesforce circle.quota-left').count()).toBe(1);
    expect(
      await page.locator(`#usage-table-salesforce tr[data-day="${today}"] td`).nth(3).textContent(),
    ).toBe(Number(left).toLocaleString('en-US'));
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await phone.context().addCookies(await page.context().cookies());
    await phone.goto(`${t.url}/admin`);
    expect(await phone.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(400);
    await screenshot(phone, 'overview-page-phone.png');
    await phone.close();
  });
});

describe('closed-loop page', () => {
  it('is one link away from the overview', async () => {
    await page.getByRole('link', { name: 'Closed loop' }).first().click();
    await page.waitForSelector('#heat-map');
    expect(await page.locator('h1').textContent()).toBe('Closed loop');
  });

  it('shows every matrix cell with the people the report counts', async () => {
    expect(report.people).toBeGreaterThan(300);
    const cells = page.locator('#heat-map g.cell');
    expect(await cells.count()).toBe(16);
    for (const row of report.byCell) {
      const cell = page.locator(`#heat-map g.cell[data-cell="${row.key}"]`);
      expect(await cell.getAttribute('data-people')).toBe(String(row.people));
      expect(await cell.locator('text').first().textContent()).toBe(String(row.people));
    }
  });

  it('shows the funnel as the report computes it', async () => {
    const people = async (stage: string) =>
      Number(await page.locator(`#funnel tr[data-stage="${stage}"] td`).first().textContent());
    expect(await people('MIL (scored)')).toBe(report.funnel.people);
    expect(await people('MQL')).toBe(report.funnel.mql);
    expect(await people('SQL')).toBe(report.funnel.sql);
    expect(await people('Won')).toBe(report.funnel.won);
    await screenshot(page, 'report-page.png');
  });

  it('switches the heat map to conversion to SQL, by keyboard', async () => {
    await page.getByRole('link', { name: 'Conversion to SQL' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/view=sql/);
    const busiest = [...report.byCell].sort((a, b) => b.people - a.people)[0];
    if (!busiest) throw new Error('no cells');
    const text = await page
      .locator(`#heat-map g.cell[data-cell="${busiest.key}"] text`)
      .first()
      .textContent();
    expect(text).toBe(
      `${((busiest.sql / busiest.people) * 100).toFixed(busiest.sql / busiest.people < 0.1 && busiest.sql > 0 ? 1 : 0)} %`,
    );
  });

  it('is readable on a phone', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await phone.context().addCookies(await page.context().cookies());
    await phone.goto(`${t.url}/admin/report`);
    const width = await phone.evaluate<number>('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(400);
    await screenshot(phone, 'report-page-phone.png');
    await phone.close();
  });

  it('exports the same rows as CSV', async () => {
    const res = await t.admin('/admin/report.csv');
    expect(res.status).toBe(200);
    const lines = (await res.text()).trim().split('\n');
    expect(lines[0]).toMatch(/^group,key,people,mql,sal,sql,won,recycled,sql_rate,open_pipeline,won_amount,/);
    expect(lines.filter((l) => l.startsWith('cell,'))).toHaveLength(16);
    expect(lines[1]?.split(',')[2]).toBe(String(report.funnel.people));
  });
});

describe('person page', () => {
  it('finds a person by email and shows what explain says', async () => {
    const withBoth = t.sb.dataset.people.find(
      (p) => p.hubspot && p.salesforceLead && !p.salesforceLead.isConverted,
    );
    const email = withBoth?.email;
    if (!email) throw new Error('world has no HubSpot + Lead person');
    const [expected] = await explainPeople(
      t.runtime,
      await prepareRun(t.runtime, { dryRun: true }),
      await findPeople(t.runtime, email),
    );
    if (!expected) throw new Error('explain found nobody');

    await page.getByRole('link', { name: 'Person' }).first().click();
    await page.getByLabel('Email or record id').fill(email);
    await page.keyboard.press('Enter');
    await page.waitForSelector('section.person');
    expect(await page.locator('section.person').count()).toBe(1);
    expect(await page.locator('section.person .explanation').textContent()).toBe(expected.score.explanation);
    expect(await page.locator('section.person h2').textContent()).toContain(`${expected.score.total} points`);
    expect(await page.locator('table.contributions tbody tr').count()).toBe(
      expected.score.contributions.length,
    );
    expect(await page.locator('table.history tbody tr').count()).toBe(expected.stage.state.history.length);
    const hubspotLink = page.locator('ul.records a').first();
    expect(await hubspotLink.getAttribute('href')).toBe(
      `https://app.hubspot.com/contacts/${t.sb.hubspot.portalId}/record/0-1/${t.sb.hubspot.store.contactIdForPersonKey(withBoth.key)}`,
    );
    await screenshot(page, 'person-page.png');
  });

  it('says so when nobody matches', async () => {
    await page.goto(`${t.url}/admin/people?q=${encodeURIComponent('nobody@nowhere.example')}`);
    expect(await page.locator('#no-person').textContent()).toContain('No person found');
  });
});

describe('sync health page', () => {
  it('groups failures by error with the CRM message, and Retry all queues their people again', async () => {
    const people = t.sb.dataset.people.filter(
      (p) => p.hubspot && p.salesforceLead && !p.salesforceLead.isConverted,
    );
    const leadIds = people.slice(0, 2).map((p) => t.sb.salesforce.store.leadIdForPersonKey(p.key) ?? '');
    const failure = (recordId: string) => ({
      at: new Date().toISOString(),
      runId: 'run-health-test',
      crm: 'salesforce' as const,
      object: 'lead' as const,
      source: 'write' as const,
      recordId,
      code: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
      message: 'Rating must be Hot for Enterprise leads',
      fields: ['Rating'],
      permanent: true,
    });
    await t.runtime.store.putFailures(leadIds.map(failure));
    expect(await t.runtime.store.countDirty()).toBe(0);

    await page.goto(`${t.url}/admin/health`);
    const group = page.locator('section.failure-group');
    expect(await group.count()).toBe(1);
    expect(await group.getAttribute('data-count')).toBe('2');
    expect(await group.locator('.crm-message').textContent()).toBe('Rating must be Hot for Enterprise leads');
    expect(await group.locator('tbody tr').count()).toBe(2);
    await screenshot(page, 'health-page.png');

    await page.getByRole('button', { name: 'Retry all 2 FIELD_CUSTOM_VALIDATION_EXCEPTION' }).click();
    await page.waitForSelector('#notice');
    expect(await page.locator('#notice').textContent()).toBe('2 records queued for the next run.');
    expect(await page.locator('#no-failures').count()).toBe(1);
    expect(await t.runtime.store.countDirty()).toBe(2);
    expect(await t.runtime.store.listFailures({ limit: 10 })).toEqual([]);
  });

  it('lists recent runs', async () => {
    await page.goto(`${t.url}/admin/health`);
    expect(await page.locator('#runs tbody tr').count()).toBeGreaterThan(0);
  });
});
