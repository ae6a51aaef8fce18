/**
 * The terminology page in Debian chromium on both sandboxes: reached from the console's nav; the label
 * plan and the glossary show each field by its label in the CRM and its API name; Apply provisions and
 * relabels both sandboxes; a label renamed by hand afterwards shows up as drift once a check ran. Leaves
 * test/artifacts/terminology-page.png and terminology-page-phone.png.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTerminology } from '../../src/terminology/drift.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../contract/http/http-helpers.ts';
import { launchChromium, loggedInPage, screenshot } from '../helpers/admin-browser.ts';

let t: TestServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  t = await startTestServer();
  page = await loggedInPage(browser, t.url, ADMIN_TOKEN);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const planRow = (target: string) =>
  page.locator('#labels-table tbody tr').filter({ has: page.locator('code', { hasText: target }) });

describe('terminology page', () => {
  it('is its own page in the nav, beside Mappings', async () => {
    await page.getByRole('link', { name: 'Terminology', exact: true }).click();
    await page.waitForURL(/\/admin\/terminology$/);
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.locator('h1').textContent()).toBe('Terminology');
    expect(await page.locator('nav[aria-label="Pages"] a[aria-current="page"]').textContent()).toBe(
      'Terminology',
    );
    expect(await page.locator('#mapping-table').count()).toBe(0);
    expect(await page.locator('#drift-summary').textContent()).toBe('No run has checked the labels yet.');
  });

  it('shows each planned field by label and API name', async () => {
    expect(await page.locator('#labels-table tbody tr').count()).toBeGreaterThan(50);
    // A field still to create: the glossary's label, and the API name it will get.
    const create = planRow('contacts.leadloop_score').first();
    expect(await create.locator('td').nth(1).textContent()).toBe('create field');
    expect(await create.locator('td.field-name').textContent()).toBe('Lead Score contacts.leadloop_score');
    // An option of an existing field: the field's label in Salesforce, then its API name.
    const lead = await t.runtime.connectors.salesforce.describe('lead');
    const status = lead.find((f) => f.name === 'Status');
    const option = planRow('Lead.Status').filter({ hasText: 'Working - Contacted' });
    expect(await option.count()).toBe(1);
    expect(await option.locator('td.field-name').textContent()).toBe(`${status?.label} Lead.Status`);
    expect(await option.locator('td').nth(3).textContent()).toBe('Working - Contacted');
  });

  it('shows the glossary with what each CRM calls the field now', async () => {
    const stages = Object.keys(t.runtime.config.terminology.stages);
    expect(await page.locator('#glossary-stages tbody tr').count()).toBe(stages.length);
    const score = page.locator('#glossary-fields tr[data-key="score"] td.field-name');
    expect(await score.nth(0).textContent()).toBe('(not in the CRM yet) leadloop_score');
    expect(await score.nth(1).textContent()).toBe('(not in the CRM yet) Leadloop_Score__c');
    await screenshot(page, 'terminology-page.png');
  });

  it('applies the plan: the sandboxes show the glossary labels and the glossary shows them too', async () => {
    await page.getByRole('button', { name: 'Apply labels' }).click();
    await expect
      .poll(() => page.locator('#labels-status').textContent(), { timeout: 15_000 })
      .toMatch(/^Applied: .*created/);
    expect(await page.locator('#labels-table tbody tr').count()).toBe(0);

    const hsScore = t.sb.hubspot.store.listProperties().find((p) => p.name === 'leadloop_score');
    expect(hsScore?.label).toBe('Lead Score');
    const lead = await t.runtime.connectors.salesforce.describe('lead', { fresh: true });
    expect(lead.find((f) => f.name === 'Leadloop_Grade__c')?.label).toBe('Lead Rank');
    expect(
      lead.find((f) => f.name === 'Status')?.options.find((o) => o.value === 'Working - Contacted')?.label,
    ).toBe('Accepted - Working');

    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    expect(
      await page.locator('#glossary-fields tr[data-key="score"] td.field-name').nth(0).textContent(),
    ).toBe('Lead Score leadloop_score');
  });

  it('shows a label renamed by hand as drift after a check', async () => {
    t.sb.hubspot.store.setPropertyLabel('leadloop_score', 'Points');
    await checkTerminology(t.runtime, { enforce: false });
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.locator('#drift-summary').getAttribute('data-count')).toBe('1');
    const row = page.locator('#drift-table tbody tr');
    expect(await row.count()).toBe(1);
    expect(await row.locator('td').nth(2).textContent()).toBe('Points');
    expect(await row.locator('td').nth(3).textContent()).toBe('Lead Score');
    // The plan offers the rename back, by the label the field has now.
    expect(await planRow('contacts.leadloop_score').locator('td.field-name').textContent()).toBe(
      'Points contacts.leadloop_score',
    );
  });

  it('is readable on a phone', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await phone.context().addCookies(await page.context().cookies());
    await phone.goto(`${t.url}/admin/terminology`);
    await phone.waitForSelector('body[data-ready="true"]');
    expect(await phone.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(400);
    await screenshot(phone, 'terminology-page-phone.png');
    await phone.close();
  });
});
