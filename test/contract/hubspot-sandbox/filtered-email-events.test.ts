/**
 * The sandbox's marketing email events carry `filteredEvent` as HubSpot's do: a seeded share of opens and
 * clicks is flagged (machine-made: privacy proxies, link scanners), every other event type is not.
 * Documented field: https://developers.hubspot.com/docs/api-reference/legacy/email-analytics-v1/events/get-email-public-v1-events
 * (the share is assumed; real portals report anywhere from a few to over half of opens as machine-made).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startHubSpotSandbox,
  type RunningHubSpotSandbox,
} from '../../../connectors/hubspot/sandbox/index.ts';
import { generateDataset } from '../../../connectors/sandbox/generate.ts';
import { SANDBOX_TEST_NOW } from '../../helpers/sandboxes.ts';

let sandbox: RunningHubSpotSandbox;
beforeAll(async () => {
  sandbox = await startHubSpotSandbox({
    dataset: generateDataset({ people: 400, seed: 4, now: SANDBOX_TEST_NOW }),
  });
});
afterAll(() => sandbox.close());

describe('email events filteredEvent', () => {
  it('flags a share of opens and clicks and nothing else', async () => {
    const res = await fetch(`${sandbox.baseUrl}/email/public/v1/events?limit=1000`, {
      headers: { Authorization: `Bearer ${sandbox.accessToken}` },
    });
    const { events } = (await res.json()) as { events: { type: string; filteredEvent: boolean }[] };
    const opensAndClicks = events.filter((e) => e.type === 'OPEN' || e.type === 'CLICK');
    expect(opensAndClicks.length).toBeGreaterThan(100);
    const share = opensAndClicks.filter((e) => e.filteredEvent).length / opensAndClicks.length;
    expect(share).toBeGreaterThan(0.07);
    expect(share).toBeLessThan(0.25);
    expect(
      events.filter((e) => e.type !== 'OPEN' && e.type !== 'CLICK').every((e) => e.filteredEvent === false),
    ).toBe(true);
  });
});
