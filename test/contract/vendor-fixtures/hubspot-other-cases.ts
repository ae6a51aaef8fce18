/**
 * HubSpot documented answers besides records: properties, error bodies (409, 429), account details,
 * Events v3, Email Events, OAuth. Each is replayed through the connector's pipeline, then asked of the sandbox.
 */
import { expect } from 'vitest';
import { z } from 'zod';
import { createTokenSource } from '../../../connectors/hubspot/auth.ts';
import { existingOf } from '../../../connectors/hubspot/batch-outcomes.ts';
import { describeContacts } from '../../../connectors/hubspot/properties.ts';
import { CampaignNames, readEmailEventsPage } from '../../../connectors/hubspot/read-email-events.ts';
import { readEventsPage } from '../../../connectors/hubspot/read-events.ts';
import { HsAccountDetails, HsListPage, HsTokenResponse } from '../../../connectors/hubspot/schemas.ts';
import { HubSpotConnection } from '../../../src/config/connections.ts';
import { ask, failure, hubspotApi, replay, HS_BASE, type HubSpotEnv } from './hubspot-replay.ts';
import type { VendorCase } from './vendor-case.ts';

const UNREAD = (what: string) => `${what}: not read by the connector (documented, absent from the sandbox)`;

export const hubspotOtherCases: VendorCase<HubSpotEnv>[] = [
  {
    file: 'properties-list-200.json',
    status: 200,
    endpoint: 'GET /crm/v3/properties/contacts',
    read: async (body) => {
      replay('get', '/crm/v3/properties/contacts', 200, body);
      expect(await describeContacts(hubspotApi())).toEqual([
        {
          crm: 'hubspot',
          object: 'contacts',
          name: 'my_contact_property',
          label: 'My Contact Property',
          type: 'picklist',
          length: null,
          options: [
            { value: 'A', label: 'Option A', active: true },
            { value: 'B', label: 'Option B', active: true },
          ],
          restricted: true,
          writable: true,
          custom: true,
          labelEditable: true,
          description: null,
          group: 'contactinformation',
        },
      ]);
    },
    sandbox: {
      ask: ({ sb }) => ask(sb, 'GET', '/crm/v3/properties/contacts?archived=false'),
      levels: ['', 'results[]', 'results[].options[]', 'results[].modificationMetadata'],
    },
  },
  {
    file: 'property-create-409.json',
    status: 409,
    endpoint: 'POST /crm/v3/properties/contacts',
    read: async (body) => {
      replay('post', '/crm/v3/properties/contacts', 409, body);
      const err = await failure(() =>
        hubspotApi().call(
          {
            family: 'properties',
            method: 'POST',
            path: '/crm/v3/properties/contacts',
            body: { name: 'my_contact_property' },
          },
          HsListPage,
        ),
      );
      expect([err.kind, err.code, err.context['status'], err.context['category']]).toEqual([
        'record',
        'HUBSPOT_CONFLICT',
        409,
        'OBJECT_ALREADY_EXISTS',
      ]);
    },
    sandbox: {
      ask: ({ sb }) =>
        ask(sb, 'POST', '/crm/v3/properties/contacts', {
          name: 'email',
          label: 'Email',
          type: 'string',
          fieldType: 'text',
          groupName: 'contactinformation',
        }),
      levels: [''],
    },
  },
  {
    file: 'contact-create-409.json',
    status: 409,
    endpoint: 'POST /crm/v3/objects/contacts',
    read: async (body) => {
      replay('post', '/crm/v3/objects/contacts', 409, body);
      const err = await failure(() =>
        hubspotApi().call(
          {
            family: 'create',
            method: 'POST',
            path: '/crm/v3/objects/contacts',
            body: { properties: { email: 'x@y.z' } },
          },
          HsListPage,
        ),
      );
      expect([err.kind, err.code, err.context['category']]).toEqual([
        'record',
        'HUBSPOT_CONFLICT',
        'CONFLICT',
      ]);
      // The id the refusal names is the contact the engine links to (batch-write.ts, batch-outcomes.ts).
      expect(existingOf({ category: 'CONFLICT', message: err.message })).toEqual({
        object: 'contact',
        id: '37765128953',
      });
    },
    sandbox: {
      ask: async ({ sb, ids }) => {
        const held = await ask(sb, 'GET', `/crm/v3/objects/contacts/${ids[0]}?properties=email`);
        const email = z.object({ properties: z.object({ email: z.string() }) }).parse(held.body)
          .properties.email;
        return ask(sb, 'POST', '/crm/v3/objects/contacts', { properties: { email } });
      },
      levels: [''],
    },
  },
  {
    file: 'error-429-daily.json',
    status: 429,
    endpoint: 'any call, daily limit reached',
    read: async (body) => {
      replay('get', '/crm/v3/objects/contacts', 429, body);
      const err = await failure(() =>
        hubspotApi().call(
          { family: 'list', method: 'GET', path: '/crm/v3/objects/contacts', qs: { limit: 1 } },
          HsListPage,
        ),
      );
      expect([err.kind, err.code]).toEqual(['rate_limited', 'HUBSPOT_RATE_LIMIT_DAILY']);
      // No Retry-After: the connector waits for the next UTC midnight (the account's time zone is unknown).
      expect(err.retryAfterMs).toBe(12 * 3600 * 1000);
    },
    sandbox: {
      ask: async ({ sb }) => {
        sb.setLimits({ tenSecondMax: 1000, dailyMax: 1, searchPerSecond: 5, enabled: true });
        try {
          await ask(sb, 'GET', '/crm/v3/objects/contacts?limit=1');
          return await ask(sb, 'GET', '/crm/v3/objects/contacts?limit=1');
        } finally {
          sb.setLimits(null);
        }
      },
      levels: [''],
    },
  },
  {
    file: 'account-info-details-200.json',
    status: 200,
    endpoint: 'GET /account-info/v3/details',
    read: async (body) => {
      replay('get', '/account-info/v3/details', 200, body);
      const { data } = await hubspotApi().call(
        { family: 'account', method: 'GET', path: '/account-info/v3/details' },
        HsAccountDetails,
      );
      expect(String(data.portalId)).toBe('123');
    },
    sandbox: { ask: ({ sb }) => ask(sb, 'GET', '/account-info/v3/details'), levels: [''] },
  },
  {
    file: 'events-page-200.json',
    status: 200,
    endpoint: 'GET /events/v3/events',
    read: async (body) => {
      replay('get', '/events/v3/events', 200, body);
      const step = await readEventsPage(
        hubspotApi(),
        'e_visited_page',
        0,
        Date.parse('2030-01-01'),
        undefined,
      );
      expect(step.after).toBe('Mg%3D%3D');
      expect(step.items).toEqual([
        {
          crm: 'hubspot',
          sourceId: 'event:e1239cd6-6d0a-4c0b-9a0e-6c6b8f1d2a90',
          recordId: '224834',
          type: 'page_view',
          occurredAt: '2023-02-06T20:39:41.468Z',
          name: null,
          url: 'https://www.example.com/pricing',
          tag: null,
          campaign: null,
        },
      ]);
    },
    sandbox: {
      ask: ({ sb }) =>
        ask(sb, 'GET', '/events/v3/events?objectType=contact&eventType=e_visited_page&limit=1'),
      levels: ['', 'results[]', 'results[].properties', 'paging', 'paging.next'],
      maps: ['results[].properties'],
    },
  },
  {
    file: 'email-events-page-200.json',
    status: 200,
    endpoint: 'GET /email/public/v1/events',
    read: async (body) => {
      replay('get', '/email/public/v1/events', 200, body);
      replay('get', '/email/public/v1/campaigns/71936282', 404, {
        status: 'error',
        message: 'not found',
        category: 'OBJECT_NOT_FOUND',
      });
      const api = hubspotApi();
      const step = await readEmailEventsPage(
        api,
        new CampaignNames(api),
        'OPEN',
        0,
        Date.parse('2030-01-01'),
        undefined,
      );
      expect(step.offset).toBe('CgkI1bS8rvAuEAE=');
      expect(step.items.map((a) => [a.type, a.recordId, a.occurredAt, a.campaign, a.url])).toEqual([
        ['email_open', 'email:person@example.com', '2019-10-01T16:40:00.000Z', '71936282', null],
        [
          'email_click',
          'email:person@example.com',
          '2019-10-01T16:41:00.000Z',
          '71936282',
          'https://www.example.com/webinar',
        ],
      ]);
    },
    sandbox: {
      ask: ({ sb }) => ask(sb, 'GET', '/email/public/v1/events?limit=100'),
      levels: ['', 'events[]', 'events[].sentBy'],
      known: {
        'events[].browser: missing': UNREAD('browser'),
        'events[].location: missing': UNREAD('location'),
        'events[].userAgent: missing': UNREAD('userAgent'),
      },
    },
  },
  {
    file: 'oauth-token-200.json',
    status: 200,
    endpoint: 'POST /oauth/v1/token (refresh_token grant)',
    read: async (body) => {
      replay('post', '/oauth/v1/token', 200, body);
      const { data } = await hubspotApi().call(
        {
          family: 'oauth',
          kind: 'oauth',
          method: 'POST',
          path: '/oauth/v1/token',
          auth: false,
          form: { grant_type: 'refresh_token' },
        },
        HsTokenResponse,
      );
      const connection = HubSpotConnection.parse({
        baseUrl: HS_BASE,
        oauth: { clientId: 'client', clientSecret: 'secret', refreshToken: 'r0' },
      });
      const tokens = createTokenSource(connection, { now: () => 0, refresh: () => Promise.resolve(data) });
      expect(await tokens.get()).toBe('CIrToaiiMhIHAAEAQAAAARiO1ooBIOP0sgEokC4yGQAGTQ');
      expect([data.expires_in, data.refresh_token]).toEqual([1800, '1e8fbfb1-8e96-4826-8b8d-c8af73715']);
    },
    sandbox: {
      ask: async ({ sb }) => {
        const res = await fetch(`${sb.baseUrl}/oauth/v1/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'refresh_token',
            client_id: sb.clientId,
            client_secret: sb.clientSecret,
            refresh_token: sb.refreshToken,
          }),
        });
        return { status: res.status, body: await res.json() };
      },
      levels: [''],
    },
  },
];
