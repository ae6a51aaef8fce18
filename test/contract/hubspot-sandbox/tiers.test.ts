/**
 * The portal's subscription tier through @hubspot/api-client: Events v3 needs an Enterprise hub, so a
 * Professional portal (the sandbox default) answers 403 in HubSpot's error format, whatever its rate limits,
 * and an Enterprise one answers 200.
 */
import { Client } from '@hubspot/api-client';
import { afterEach, describe, expect, it } from 'vitest';
import {
  hubSpotTierLimits,
  startHubSpotSandbox,
  type RunningHubSpotSandbox,
} from '../../../connectors/hubspot/sandbox/index.ts';
import { tinyDataset } from '../../helpers/tiny-dataset.ts';

let sandbox: RunningHubSpotSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const clientOf = (sb: RunningHubSpotSandbox): Client =>
  new Client({ accessToken: sb.accessToken, basePath: sb.baseUrl, numberOfApiCallRetries: 0 });

const after = new Date('2000-01-01T00:00:00.000Z');

describe('Events v3 by subscription tier', () => {
  it('a Professional portal (the default) answers 403 MISSING_SCOPES on events and event types, limits on or off', async () => {
    sandbox = await startHubSpotSandbox({ dataset: tinyDataset({ people: 2, activitiesPerPerson: 9 }) });
    const client = clientOf(sandbox);
    await expect(
      client.events.eventsApi.getPage(
        'contact',
        'e_visited_page',
        undefined,
        undefined,
        10,
        undefined,
        after,
      ),
    ).rejects.toMatchObject({ code: 403 });
    for (const path of [
      '/events/v3/events?objectType=contact&eventType=e_visited_page',
      '/events/v3/events/event-types',
    ]) {
      const res = await fetch(`${sandbox.baseUrl}${path}`, {
        headers: { authorization: `Bearer ${sandbox.accessToken}` },
      });
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({
        status: 'error',
        category: 'MISSING_SCOPES',
        message: expect.stringContaining('required scopes'),
        correlationId: expect.any(String),
      });
    }
    // Other behaviour every tier has still answers.
    const emails = await client.apiRequest({
      method: 'GET',
      path: '/email/public/v1/events',
      qs: { eventType: 'OPEN' },
    });
    expect(emails.status).toBe(200);
    sandbox.setLimits(hubSpotTierLimits('professional'));
    await expect(
      client.events.eventsApi.getPage(
        'contact',
        'e_visited_page',
        undefined,
        undefined,
        10,
        undefined,
        after,
      ),
    ).rejects.toMatchObject({ code: 403 });
  });

  it('an Enterprise portal answers 200 with the page views, and a downgrade takes them away', async () => {
    sandbox = await startHubSpotSandbox({
      dataset: tinyDataset({ people: 2, activitiesPerPerson: 9 }),
      subscription: 'enterprise',
    });
    const client = clientOf(sandbox);
    const page = await client.events.eventsApi.getPage(
      'contact',
      'e_visited_page',
      undefined,
      undefined,
      100,
      undefined,
      after,
    );
    expect(page.results.length).toBeGreaterThan(0);
    expect(page.results.every((e) => e.eventType === 'e_visited_page')).toBe(true);
    sandbox.setSubscription('starter');
    await expect(
      client.events.eventsApi.getPage(
        'contact',
        'e_visited_page',
        undefined,
        undefined,
        10,
        undefined,
        after,
      ),
    ).rejects.toMatchObject({ code: 403 });
  });

  it('forms and their submissions answer on every tier, newest first, as documented', async () => {
    sandbox = await startHubSpotSandbox({ dataset: tinyDataset({ people: 4, activitiesPerPerson: 9 }) });
    const client = clientOf(sandbox);
    const forms = await client.marketing.forms.formsApi.getPage();
    expect(forms.results.length).toBeGreaterThan(0);
    const form = forms.results[0]!;
    const get = async (qs: Record<string, string>) => {
      const res = await client.apiRequest({
        method: 'GET',
        path: `/form-integrations/v1/submissions/forms/${form.id}`,
        qs,
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const first = await get({ limit: '1' });
    expect(first.status).toBe(200);
    const results = first.body['results'] as Array<Record<string, unknown>>;
    expect(results[0]).toMatchObject({
      conversionId: expect.any(String),
      submittedAt: expect.any(Number),
      values: [{ name: 'email', value: expect.stringContaining('@') }],
      pageUrl: expect.any(String),
    });
    const all = await get({ limit: '50' });
    const times = (all.body['results'] as Array<{ submittedAt: number }>).map((r) => r.submittedAt);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect((await get({ limit: '51' })).status).toBe(400);
  });
});
