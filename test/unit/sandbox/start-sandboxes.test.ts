import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { generateDataset } from '../../../connectors/sandbox/generate.ts';
import { connectionsJson, startSandboxes } from '../../../connectors/sandbox/start-sandboxes.ts';
import { SANDBOX_TEST_NOW, withSandboxes } from '../../helpers/sandboxes.ts';

const contactsUrl = (baseUrl: string) => `${baseUrl}/crm/v3/objects/contacts?limit=1`;
const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

describe('startSandboxes and withSandboxes', () => {
  it('starts both servers on one world and builds a config pointing at them', async () => {
    const sb = await withSandboxes({ people: 120, seed: 3 });
    try {
      expect(sb.config.connections.hubspot.baseUrl).toBe(sb.hubspot.baseUrl);
      expect(sb.config.connections.salesforce.loginUrl).toBe(sb.salesforce.loginUrl);
      expect(sb.config.connections.salesforce.auth).toMatchObject({
        type: 'jwt',
        clientId: sb.salesforce.clientId,
      });
      expect(sb.config.state).toMatchObject({ type: 'sqlite', path: expect.stringContaining(sb.dir) });
      const hubspotPeople = sb.dataset.people.filter((p) => p.hubspot).length;
      const res = await fetch(contactsUrl(sb.hubspot.baseUrl), bearer(sb.hubspot.accessToken));
      expect(res.status).toBe(200);
      expect(res.headers.get('x-hubspot-ratelimit-max')).toBeNull();
      expect(hubspotPeople).toBeGreaterThan(50);
      const line = JSON.parse(connectionsJson(sb.connections)) as Record<string, Record<string, string>>;
      expect(Object.keys(line.hubspot ?? {})).toEqual(['baseUrl', 'accessToken']);
      expect(Object.keys(line.salesforce ?? {})).toEqual([
        'loginUrl',
        'instanceUrl',
        'apiVersion',
        'clientId',
        'clientSecret',
        'username',
        'refreshToken',
        'privateKeyPem',
      ]);
    } finally {
      await sb.close();
    }
    await expect(fetch(contactsUrl(sb.hubspot.baseUrl), bearer(sb.hubspot.accessToken))).rejects.toThrow();
  });

  it('turns HubSpot limits on for a tier', async () => {
    const sb = await withSandboxes({ people: 30, seed: 1, hubspotTier: 'starter' });
    try {
      const res = await fetch(contactsUrl(sb.hubspot.baseUrl), bearer(sb.hubspot.accessToken));
      expect(res.headers.get('x-hubspot-ratelimit-max')).toBe('100');
      expect(sb.config.connections.hubspot.tier).toBe('starter');
    } finally {
      await sb.close();
    }
  });

  it('closes the HubSpot sandbox again when the Salesforce one cannot start', async () => {
    const listen = async (port: number) => {
      const server = createServer();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', resolve);
      });
      const address = server.address();
      return { server, port: typeof address === 'object' && address ? address.port : 0 };
    };
    const free = await listen(0);
    await new Promise((resolve) => free.server.close(resolve));
    const blocker = await listen(0);
    const dataset = generateDataset({ people: 20, seed: 2, now: SANDBOX_TEST_NOW });
    try {
      await expect(
        startSandboxes({
          dataset,
          hubspot: { host: '127.0.0.1', port: free.port },
          salesforce: { host: '127.0.0.1', port: blocker.port },
        }),
      ).rejects.toThrow(/EADDRINUSE/);
    } finally {
      blocker.server.close();
    }
    // The HubSpot port is free again: the half-started pair was cleaned up.
    const again = await listen(free.port);
    await new Promise((resolve) => again.server.close(resolve));
  });
});
