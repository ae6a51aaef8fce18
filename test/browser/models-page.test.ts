/**
 * The models page in Debian chromium on a synced sandbox world with a shadowed candidate (the live model
 * with its profile points doubled): it shows the live version and its history, and the movement matrix and
 * MQL figures `loadComparison` computes for `leadloop model compare --json`; the nav reaches it by keyboard.
 * Leaves test/artifacts/models-page.png.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompareReport } from '../../src/models/compare.ts';
import { loadComparison } from '../../src/models/load-comparison.ts';
import { candidateMeta } from '../../src/models/model-meta.ts';
import { markEveryoneDirty } from '../../src/sync/pull.ts';
import { runSync } from '../../src/sync/run-sync.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../contract/http/http-helpers.ts';
import { launchChromium, loggedInPage, screenshot } from '../helpers/admin-browser.ts';

let t: TestServer;
let browser: Browser;
let page: Page;
let report: CompareReport;

beforeAll(async () => {
  browser = await launchChromium();
  t = await startTestServer({ sandboxes: { people: 200, seed: 42 } });
  const rt = t.runtime;
  await runSync(rt, { kind: 'full' });
  const scoring = rt.config.scoring;
  await candidateMeta.write(rt.store, {
    scoring: {
      ...scoring,
      modelVersion: 'candidate-b',
      profile: {
        ...scoring.profile,
        rules: scoring.profile.rules.map((r) => ({ ...r, points: r.points * 2 })),
      },
    },
    modelVersion: 'candidate-b',
    file: 'candidate.yaml',
    startedAt: rt.clock().toISOString(),
    liveVersion: scoring.modelVersion,
  });
  await markEveryoneDirty(rt);
  await runSync(rt, { kind: 'incremental' });
  const compared = await loadComparison(rt.store, rt.config);
  if (!compared) throw new Error('no comparison');
  report = compared;
  page = await loggedInPage(browser, t.url, ADMIN_TOKEN);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('models page', () => {
  it('is reached from the nav by keyboard', async () => {
    await page.locator('nav a[href="/admin/models"]').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/admin\/models$/);
    expect(await page.locator('h1').textContent()).toBe('Models');
    expect(await page.locator('nav a[aria-current="page"]').getAttribute('href')).toBe('/admin/models');
  });

  it('shows the live version and its history', async () => {
    expect(await page.locator('#live-version').textContent()).toBe(t.runtime.config.scoring.modelVersion);
    expect(await page.locator('#history tbody tr').count()).toBe(1);
    expect(await page.locator('#history tbody tr td').nth(2).textContent()).toBe('config file');
  });

  it("shows the candidate's movement matrix and MQLs as model compare computes them", async () => {
    expect(report.people).toBeGreaterThan(150);
    expect(report.movement.moved).toBeGreaterThan(0);
    expect(await page.locator('#candidate-version').textContent()).toBe('candidate-b');
    expect(Number(await page.locator('#people-scored').textContent())).toBe(report.people);
    expect(Number(await page.locator('#moved').textContent())).toBe(report.movement.moved);
    expect(Number(await page.locator('#mql-gained').textContent())).toBe(report.mql.gained);
    expect(Number(await page.locator('#mql-lost').textContent())).toBe(report.mql.lost);
    // Every non-empty matrix entry, cell by cell.
    const shown = await page
      .locator('#movement td[data-live]')
      .evaluateAll((tds) =>
        tds
          .filter((td) => td.textContent !== '')
          .map((td) => [
            td.getAttribute('data-live'),
            td.getAttribute('data-candidate'),
            Number(td.textContent),
          ]),
      );
    const expected = report.movement.counts.flatMap((row, i) =>
      row.flatMap((count, j) =>
        count > 0 ? [[report.movement.cells[i], report.movement.cells[j], count]] : [],
      ),
    );
    expect(shown).toEqual(expected);
    expect(await page.locator('#gained li').count()).toBe(report.mql.gainedExamples.length);
    await screenshot(page, 'models-page.png');
  });
});
