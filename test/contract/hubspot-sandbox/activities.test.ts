/**
 * Engagements, associations v4, Events v3 and legacy email events through @hubspot/api-client, and the
 * contact rollups that must stay consistent with them.
 */
import { Client } from '@hubspot/api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startHubSpotSandbox,
  type RunningHubSpotSandbox,
} from '../../../connectors/hubspot/sandbox/index.ts';
import { tinyDataset } from '../../helpers/tiny-dataset.ts';

let sandbox: RunningHubSpotSandbox;
let client: Client;
let now = new Date('2026-03-01T00:00:00.000Z');

async function get(path: string, qs?: Record<string, string>): Promise<Record<string, unknown>> {
  const res = await client.apiRequest({ method: 'GET', path, ...(qs ? { qs } : {}) });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

beforeAll(async () => {
  sandbox = await startHubSpotSandbox({
    dataset: tinyDataset({ people: 4, activitiesPerPerson: 9 }),
    clock: () => now,
    // Events v3 is Enterprise-only; the tier's 403 has its own test (tiers.test.ts).
    subscription: 'enterprise',
  });
  client = new Client({
    accessToken: sandbox.accessToken,
    basePath: sandbox.baseUrl,
    numberOfApiCallRetries: 0,
  });
});
afterAll(() => sandbox.close());

describe('engagements and associations', () => {
  it('batch-reads contact → meeting/call/email associations, with 207 errors for contacts without any', async () => {
    const { associations } = client.crm;
    const res = await associations.v4.batchApi.getPage('contacts', 'meetings', {
      inputs: [{ id: '101' }, { id: '102' }],
    });
    expect(res.results.map((r) => r._from.id)).toEqual(['101', '102']);
    expect(res.results[0]?.to[0]?.associationTypes[0]).toMatchObject({
      category: 'HUBSPOT_DEFINED',
      typeId: 199,
    });
    const none = await associations.v4.batchApi.getPage('contacts', 'tasks', { inputs: [{ id: '101' }] });
    expect(none).toMatchObject({ results: [], numErrors: 1 });
    const tooMany = { inputs: Array.from({ length: 1_001 }, (_, i) => ({ id: String(i) })) };
    await expect(associations.v4.batchApi.getPage('contacts', 'calls', tooMany)).rejects.toMatchObject({
      code: 400,
    });
  });

  it('serves the engagement records with hs_timestamp and type-specific properties', async () => {
    const assoc = await client.crm.associations.v4.basicApi.getPage('contacts', '101', 'emails');
    const emailId = assoc.results[0]?.toObjectId ?? '';
    const email = await client.crm.objects.emails.basicApi.getById(emailId, [
      'hs_timestamp',
      'hs_email_direction',
    ]);
    expect(email.properties).toMatchObject({
      hs_email_direction: 'INCOMING_EMAIL',
      hs_timestamp: '2026-01-01T00:08:00.000Z',
    });
    const meetings = await client.crm.objects.meetings.basicApi.getPage(10, undefined, ['hs_meeting_title']);
    expect(meetings.results).toHaveLength(4);
    expect(meetings.results[0]?.properties.hs_meeting_title).toBe('Discovery call');
  });
});

describe('marketing behaviour', () => {
  it('lists Events v3 occurrences per contact, per type and window, with cursor paging', async () => {
    const perContact = await get('/events/v3/events', { objectType: 'contact', objectId: '101' });
    const types = (perContact.results as Array<{ eventType: string }>).map((e) => e.eventType).sort();
    expect(types).toEqual([
      'e_submitted_form',
      'e_visited_page',
      `pe${sandbox.portalId}_content_download`,
      `pe${sandbox.portalId}_webinar_attended`,
    ]);
    const first = await get('/events/v3/events', {
      eventType: 'e_visited_page',
      limit: '3',
      sort: 'ASCENDING',
    });
    const page1 = first.results as Array<{
      objectId: string;
      occurredAt: string;
      properties: Record<string, string>;
    }>;
    expect(page1.map((e) => e.objectId)).toEqual(['101', '102', '103']);
    expect(page1[0]?.properties).toEqual({ hs_url: 'https://example.com/pricing', hs_page_title: 'Pricing' });
    const after = (first.paging as { next: { after: string } }).next.after;
    const second = await get('/events/v3/events', {
      eventType: 'e_visited_page',
      limit: '3',
      sort: 'ASCENDING',
      after,
    });
    expect((second.results as Array<{ objectId: string }>).map((e) => e.objectId)).toEqual(['104']);
    expect(second.paging).toBeUndefined();
    const windowed = await get('/events/v3/events', {
      eventType: 'e_visited_page',
      occurredAfter: '2026-01-01T01:00:00.000Z',
      occurredBefore: '2026-01-01T05:00:00.000Z',
    });
    expect((windowed.results as unknown[]).length).toBe(2);
    const eventTypes = await get('/events/v3/events/event-types');
    expect(eventTypes.eventTypes).toContain('e_submitted_form');
  });

  it('lists marketing email events newest first with offset paging', async () => {
    const first = await get('/email/public/v1/events', { limit: '5' });
    const events = first.events as Array<{ type: string; created: number; recipient: string; url?: string }>;
    expect(events).toHaveLength(5);
    expect(first.hasMore).toBe(true);
    expect(events[0]!.created).toBeGreaterThanOrEqual(events[1]!.created);
    const clicks = await get('/email/public/v1/events', {
      eventType: 'CLICK',
      recipient: 'person-0@example.com',
    });
    expect(clicks.events).toEqual([
      expect.objectContaining({
        type: 'CLICK',
        url: 'https://example.com/blog',
        recipient: 'person-0@example.com',
      }),
    ]);
    const rest = await get('/email/public/v1/events', { limit: '1000', offset: String(first.offset) });
    // Eight events, one of them recorded again by a follow-on that obsoletes it (email-event-history.ts).
    expect((rest.events as unknown[]).length).toBe(4);
    expect(rest.hasMore).toBe(false);
  });

  it('keeps rollups consistent and bumps lastmodifieddate when an activity arrives', async () => {
    const before = sandbox.store.getContact('102');
    expect(before?.properties).toMatchObject({
      hs_analytics_num_page_views: '1',
      num_conversion_events: '1',
      hs_email_open: '1',
      hs_email_click: '1',
      num_contacted_notes: '3',
    });
    now = new Date('2026-03-05T10:00:00.000Z');
    sandbox.store.addActivity('person-1', {
      type: 'form_submission',
      occurredAt: '2026-03-05T09:59:00.000Z',
      name: 'Demo request',
    });
    sandbox.store.addActivity('102', { type: 'unsubscribe', occurredAt: '2026-03-05T09:59:30.000Z' });
    const after = await client.crm.contacts.basicApi.getById('102', [
      'num_conversion_events',
      'recent_conversion_event_name',
      'hs_email_optout',
    ]);
    expect(after.properties).toMatchObject({
      num_conversion_events: '2',
      recent_conversion_event_name: 'Demo request',
      hs_email_optout: 'true',
    });
    expect(after.updatedAt.toISOString()).toBe('2026-03-05T10:00:00.000Z');
    const unsub = await get('/email/public/v1/events', { eventType: 'STATUSCHANGE' });
    expect(unsub.events).toEqual([
      expect.objectContaining({
        recipient: 'person-1@example.com',
        portalSubscriptionStatus: 'UNSUBSCRIBED',
      }),
    ]);
  });

  it('drives the same mutations over the /__sandbox HTTP endpoints', async () => {
    const res = await fetch(`${sandbox.baseUrl}/__sandbox/contacts/person-2/activities`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        type: 'page_view',
        occurredAt: '2026-03-05T11:00:00.000Z',
        url: 'https://example.com/x',
        name: 'X',
      }),
    });
    expect(res.status).toBe(201);
    const patched = await fetch(`${sandbox.baseUrl}/__sandbox/contacts/103`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ properties: { jobtitle: 'CMO' } }),
    });
    expect(((await patched.json()) as { properties: Record<string, string> }).properties).toMatchObject({
      jobtitle: 'CMO',
      hs_analytics_num_page_views: '2',
    });
    const bad = await fetch(`${sandbox.baseUrl}/__sandbox/contacts/103`, {
      method: 'PATCH',
      body: JSON.stringify({ properties: { nope: 'x' } }),
    });
    expect(bad.status).toBe(400);
  });
});
