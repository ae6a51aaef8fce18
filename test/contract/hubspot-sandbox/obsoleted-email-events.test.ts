/**
 * A share of the sandbox's opens and clicks is recorded again, as HubSpot's Email Events are: the first
 * copy names the follow-on in `obsoletedBy` ({id, created}), and the follow-on is in the same stream.
 * The HubSpot connector counts each such open or click once: the follow-on, never the obsoleted copy.
 * Field: https://developers.hubspot.com/docs/api-reference/legacy/email-analytics-v1/guide ("obsoletedBy");
 * which events and how many are assumed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubSpotConnector } from '../../../connectors/hubspot/index.ts';
import {
  startHubSpotSandbox,
  type RunningHubSpotSandbox,
} from '../../../connectors/hubspot/sandbox/index.ts';
import { generateDataset } from '../../../connectors/sandbox/generate.ts';
import { HubSpotConnection } from '../../../src/config/connections.ts';
import { createLogger } from '../../../src/lib/logger.ts';
import { SANDBOX_TEST_NOW } from '../../helpers/sandboxes.ts';

interface WireEvent {
  id: string;
  created: number;
  type: string;
  recipient: string;
  emailCampaignId: number;
  obsoletedBy?: { id: string; created: number };
}

let sandbox: RunningHubSpotSandbox;
let events: WireEvent[];
beforeAll(async () => {
  sandbox = await startHubSpotSandbox({
    dataset: generateDataset({ people: 400, seed: 4, now: SANDBOX_TEST_NOW }),
  });
  events = [];
  for (const type of ['OPEN', 'CLICK']) {
    let offset: string | undefined;
    for (let page = 0; page < 50; page++) {
      const qs = new URLSearchParams({ eventType: type, limit: '1000', ...(offset ? { offset } : {}) });
      const res = await fetch(`${sandbox.baseUrl}/email/public/v1/events?${qs}`, {
        headers: { Authorization: `Bearer ${sandbox.accessToken}` },
      });
      const body = (await res.json()) as { events: WireEvent[]; hasMore: boolean; offset?: string };
      events.push(...body.events);
      if (!body.hasMore) break;
      offset = body.offset;
    }
  }
});
afterAll(() => sandbox.close());

describe('email events obsoletedBy', () => {
  it('names a later copy of the same open or click on a share of events', () => {
    const byId = new Map(events.map((e) => [e.id, e]));
    const obsoleted = events.filter((e) => e.obsoletedBy);
    expect(obsoleted.length / events.length).toBeGreaterThan(0.01);
    expect(obsoleted.length / events.length).toBeLessThan(0.1);
    for (const e of obsoleted) {
      const follow = byId.get(e.obsoletedBy?.id ?? '');
      expect(follow).toMatchObject({
        type: e.type,
        recipient: e.recipient,
        emailCampaignId: e.emailCampaignId,
        created: e.obsoletedBy?.created,
      });
      expect(follow?.created).toBeGreaterThan(e.created);
      expect(follow?.obsoletedBy).toBeUndefined();
    }
  });

  it('the connector reads each superseded open or click once, as its follow-on', async () => {
    const hs = createHubSpotConnector(
      HubSpotConnection.parse({
        baseUrl: sandbox.baseUrl,
        allowLocalhost: true,
        accessToken: sandbox.accessToken,
      }),
      { logger: createLogger({ level: 'silent' }) },
    );
    const ids: string[] = [];
    for await (const page of hs.pullActivities(null, {
      signpost: new Date(SANDBOX_TEST_NOW.getTime() + 86_400_000),
    }))
      for (const a of page.items)
        if (a.type === 'email_open' || a.type === 'email_click')
          ids.push(a.sourceId.replace(/^email-event:/, ''));
    const obsoleted = new Set(events.filter((e) => e.obsoletedBy).map((e) => e.id));
    expect(ids).toHaveLength(events.length - obsoleted.size);
    expect(ids.filter((id) => obsoleted.has(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
