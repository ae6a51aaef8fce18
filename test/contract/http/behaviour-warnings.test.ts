/**
 * The served console overview and `/metrics` of a server whose HubSpot portal is Professional: after a
 * sync, both say which behaviour stream is unavailable and how many engagement rules can never match; on
 * Enterprise the overview has no warnings area.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runSync } from '../../../src/sync/run-sync.ts';
import { startTestServer, type TestServer } from './http-helpers.ts';

let t: TestServer | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('behaviour warnings on the console and /metrics', () => {
  it('Professional: the overview lists the warning and /metrics has a gauge per unavailable stream', async () => {
    t = await startTestServer({
      sandboxes: { people: 30, seed: 5, hubspot: { subscription: 'professional' } },
    });
    expect((await runSync(t.runtime, { kind: 'full' })).status).toBe('succeeded');
    const page = await t.admin('/admin');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(
      '<ul id="warnings"><li>HubSpot behaviour streams unavailable on this account: events',
    );
    expect(html).toContain('engagement rules that can never match: Pricing page, Careers page');
    const metrics = await (await t.admin('/metrics')).text();
    expect(metrics).toContain('leadloop_behaviour_stream_unavailable{crm="hubspot",stream="events"} 1');
    expect(metrics).toMatch(/leadloop_engagement_rules_unmatchable\{crm="hubspot"\} [1-9]/);
  });

  it('Enterprise: no warnings area', async () => {
    t = await startTestServer({ sandboxes: { people: 30, seed: 5 } });
    await runSync(t.runtime, { kind: 'full' });
    expect(await (await t.admin('/admin')).text()).not.toContain('id="warnings"');
  });
});
