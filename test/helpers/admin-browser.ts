/**
 * Debian chromium for the console's browser tests: launched headless, never downloaded, and a test fails
 * (never skips) when it is missing. Screenshots go to test/artifacts so a person can look at the pages.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = join(import.meta.dirname, '..', 'artifacts');

export const DESKTOP = { width: 1280, height: 900 } as const;
export const PHONE = { width: 390, height: 844 } as const;

export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium); this test never skips`,
    );
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', ...extraArgs],
  });
}

/** A page logged in to the console at `baseUrl` with `token`, on the overview once it has loaded. */
export async function loggedInPage(
  browser: Browser,
  baseUrl: string,
  token: string,
  viewport: { width: number; height: number } = DESKTOP,
): Promise<Page> {
  const page = await browser.newPage({ viewport });
  await page.goto(`${baseUrl}/admin`);
  await page.getByLabel('Admin token').fill(token);
  await page.keyboard.press('Enter');
  await page.waitForSelector('body[data-ready="true"]');
  return page;
}

/** Saves a screenshot as test/artifacts/<name> and returns its path. */
export async function screenshot(
  target: Pick<Page, 'screenshot'>,
  name: string,
  options: { fullPage?: boolean } = { fullPage: true },
): Promise<string> {
  await mkdir(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, name);
  await target.screenshot({ path, ...options });
  return path;
}
