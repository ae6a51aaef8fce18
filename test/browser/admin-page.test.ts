/**
 * The mappings page in a real browser (Debian chromium driven by playwright-core) against `leadloop
 * serve`'s app on both sandboxes: log in, add a mapping, see the type error next to the field, fix it,
 * save, reload and see it persisted, each mapped field by its label and API name. Terminology has its own
 * page (terminology-page.test.ts). Leaves test/artifacts/admin-page.png and admin-page-phone.png.
 */
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../contract/http/http-helpers.ts';
import { launchChromium, screenshot } from '../helpers/admin-browser.ts';

let t: TestServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium([
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ]);
  t = await startTestServer();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const mappingRows = (p: Page) => p.locator('#mapping-table tbody tr:not(.row-error)');

describe('admin page', () => {
  it('logs in with the admin token, using the keyboard', async () => {
    await page.goto(`${t.url}/admin`);
    await page.getByLabel('Admin token').fill('wrong-token');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#login-error').textContent()).toContain('not right');
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.keyboard.press('Enter');
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.locator('h1').textContent()).toBe('Overview');
    await page.getByRole('link', { name: 'Mappings', exact: true }).first().click();
    await page.waitForURL(/\/admin\/mappings$/);
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.locator('h1').textContent()).toBe('Mappings');
    expect(await page.locator('#labels-table').count()).toBe(0);
    expect(await page.locator('#fields-hubspot tbody tr').count()).toBeGreaterThan(20);
    expect(await page.locator('#fields-lead tbody tr').count()).toBeGreaterThan(20);
  });

  it('labels every form control', async () => {
    const unlabelled = await page.$$eval('input, select, textarea', (els) =>
      els
        .filter((e) => {
          const labels: unknown = Reflect.get(e, 'labels');
          return !(
            typeof labels === 'object' &&
            labels !== null &&
            'length' in labels &&
            Number(labels.length) > 0
          );
        })
        .map((e) => e.id),
    );
    expect(unlabelled).toEqual([]);
  });

  it('adds a mapping, shows the type error next to the field, saves nothing, then saves the fix', async () => {
    const before = await t.readConfigText();
    const initial = await mappingRows(page).count();
    expect(initial).toBeGreaterThan(3);

    await page.getByLabel('Direction').selectOption('to-salesforce');
    await page.getByLabel('HubSpot property').selectOption('website');
    await page.getByLabel('Salesforce Lead field').selectOption('AnnualRevenue');
    await expect
      .poll(() => page.locator('#check-lead').textContent())
      .toMatch(/Type error: .*coerce: number/);
    expect(await page.locator('#m-lead').getAttribute('aria-invalid')).toBe('true');

    await page.getByRole('button', { name: 'Add mapping' }).click();
    expect(await mappingRows(page).count()).toBe(initial + 1);
    await page.getByRole('button', { name: 'Save mappings to the config file' }).click();
    await expect.poll(() => page.locator('#save-status').textContent()).toMatch(/^Nothing saved/);
    expect(await page.locator('#err-lead').textContent()).toMatch(/coerce/);
    expect(await t.readConfigText()).toBe(before);

    // The failing mapping is open in the editor: fix the Salesforce field.
    await page.getByLabel('Salesforce Lead field').selectOption('Website');
    await expect.poll(() => page.locator('#check-lead').textContent()).toMatch(/^Compatible/);
    await page.getByRole('button', { name: 'Update mapping' }).click();
    await page.getByRole('button', { name: 'Save mappings to the config file' }).click();
    await expect.poll(() => page.locator('#save-status').textContent()).toMatch(/^Saved \d+ mappings/);
    expect(await t.readConfigText()).toContain('hubspot: website');

    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    expect(await mappingRows(page).count()).toBe(initial + 1);
    const last = mappingRows(page).nth(initial);
    // Each field by the label its CRM shows and its API name.
    const hubspotLabel = t.sb.hubspot.store.listProperties().find((p) => p.name === 'website')?.label;
    expect(hubspotLabel).toBeTruthy();
    expect(await last.locator('td').nth(0).locator('code').textContent()).toBe('website');
    expect(await last.locator('td').nth(0).textContent()).toBe(`${hubspotLabel} website`);
    expect(await last.locator('td').nth(1).locator('code').textContent()).toBe('Website');
    expect(await last.locator('td').nth(1).textContent()).toMatch(/^\S.* Website$/);
    expect(await last.locator('td').nth(3).textContent()).toBe('to-salesforce');
  });

  it('drops a slow, stale live check: the newest choice decides what the check says', async () => {
    let delayed = 0;
    // The first check (AnnualRevenue, a type error) answers late; the second (Website) at once.
    await page.route('**/api/mappings/check', async (route) => {
      const body = route.request().postDataJSON() as { salesforce: { field: string } };
      if (body.salesforce.field === 'AnnualRevenue') {
        delayed++;
        await new Promise((resolve) => setTimeout(resolve, 1_500));
      }
      await route.continue().catch(() => undefined); // the page may have cancelled it meanwhile
    });
    try {
      await page.locator('#m-cancel').click();
      await page.getByLabel('Direction').selectOption('to-salesforce');
      await page.getByLabel('HubSpot property').selectOption('website');
      await page.getByLabel('Salesforce Lead field').selectOption('AnnualRevenue');
      await page.getByLabel('Salesforce Lead field').selectOption('Website');
      await expect.poll(() => page.locator('#check-lead').textContent()).toMatch(/^Compatible/);
      await page.waitForTimeout(2_000); // past the stale answer's arrival
      expect(delayed).toBe(1);
      expect(await page.locator('#check-lead').textContent()).toMatch(/^Compatible/);
      expect(await page.locator('#m-lead').getAttribute('aria-invalid')).toBeNull();
    } finally {
      await page.unroute('**/api/mappings/check');
      await page.locator('#m-cancel').click();
    }
  });

  it('says so when a request fails instead of waiting forever', async () => {
    await page.route('**/api/mappings/preview', (route) => route.abort('connectionrefused'));
    try {
      await page.locator('#preview-run').click();
      await expect
        .poll(() => page.locator('#preview-status').textContent())
        .toMatch(/^Preview failed: the server did not answer/);
    } finally {
      await page.unroute('**/api/mappings/preview');
    }
  });

  it('previews the effect of the mappings (dry run) and saves a screenshot', async () => {
    // A preview needs leadloop's own fields in the CRMs; Apply on the terminology page has its own test.
    expect((await t.admin('/api/labels/apply', { method: 'POST', json: {} })).status).toBe(200);
    await page.getByLabel('Records to show').fill('5');
    await page.getByRole('button', { name: 'Preview the effect' }).click();
    await expect
      .poll(() => page.locator('#preview-status').textContent(), { timeout: 20_000 })
      .toMatch(/would change/);
    expect(await page.locator('#preview-table tbody tr').count()).toBeGreaterThan(0);
    expect(existsSync(await screenshot(page, 'admin-page.png'))).toBe(true);
  });

  it('is usable on a phone', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await phone.context().addCookies(await page.context().cookies());
    await phone.goto(`${t.url}/admin/mappings`);
    await phone.waitForSelector('body[data-ready="true"]');
    expect(await phone.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(400);
    await screenshot(phone, 'admin-page-phone.png');
    await phone.close();
  });
});
