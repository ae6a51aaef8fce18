/**
 * §B5 #25, the secret leak probe: one full sync on OAuth connections to both CRMs meets a 401 (a revoked
 * session: the refresh path) and a 500 from each, and everything it logs at trace level, the error it ends
 * with and what it stores for `leadloop status` are searched for every credential: those configured
 * (client secrets, refresh tokens, the JWT private key) and those the run itself sent or was handed, as
 * seen on the wire by a proxy (each Authorization header value, every access and rotated refresh token,
 * each JWT assertion). Salesforce runs once per grant: the refresh-token grant through the proxy, the JWT
 * grant direct (its audience names the org), its 5xx and revoked sessions from the sandbox itself.
 */
import { Writable } from 'node:stream';
import { afterEach, expect, it } from 'vitest';
import type { LeadloopConfig } from '../../src/config/schema.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { openRuntime } from '../../src/main/runtime.ts';
import { runSync } from '../../src/sync/run-sync.ts';
import { startRewritingProxy, type Exchange, type Rewritten } from '../helpers/rewriting-proxy.ts';
import { withSandboxes } from '../helpers/sandboxes.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Credentials the run met, by where they were seen (the name says which leaked). */
class SecretBook {
  readonly values = new Map<string, string>();

  add(name: string, value: string | undefined | null): void {
    if (typeof value === 'string' && value.length >= 8 && !this.values.has(value))
      this.values.set(value, name);
  }

  /** What a proxy sees: the Authorization header, a token request's form, a token answer. */
  observe(crm: string, ex: Exchange): void {
    const auth = ex.requestHeaders['authorization'];
    if (typeof auth === 'string') {
      this.add(`${crm} Authorization header`, auth);
      this.add(`${crm} bearer token`, auth.replace(/^Bearer\s+/i, ''));
    }
    if (!/\/oauth/.test(ex.url.pathname)) return;
    const form = new URLSearchParams(ex.requestBody);
    for (const key of ['client_secret', 'refresh_token', 'assertion', 'code'])
      this.add(`${crm} token request ${key}`, form.get(key));
    try {
      const answer = JSON.parse(ex.body) as Record<string, unknown>;
      for (const key of ['access_token', 'refresh_token'])
        this.add(`${crm} token answer ${key}`, typeof answer[key] === 'string' ? answer[key] : undefined);
    } catch {
      // Not JSON: no token in it.
    }
  }

  leaks(text: string): string[] {
    const found = [...this.values].filter(([value]) => text.includes(value)).map(([, name]) => name);
    if (/![A-Z]{2}[A-Za-z0-9_.-]{24,}/.test(text)) found.push('a Salesforce session id');
    if (/eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\./.test(text)) found.push('a JWT');
    if (/PRIVATE KEY-----/.test(text)) found.push('a PEM private key');
    return found;
  }
}

const HUBSPOT_500: Rewritten = {
  status: 500,
  contentType: 'application/json',
  body: JSON.stringify({
    status: 'error',
    message: 'internal error',
    correlationId: '5c3f1e2a-0d1b-4c8e-9f3a-2b7d6e5f4a10',
  }),
};
const SALESFORCE_500: Rewritten = {
  status: 500,
  contentType: 'application/json',
  body: JSON.stringify([
    {
      errorCode: 'UNKNOWN_EXCEPTION',
      message:
        'An unexpected error occurred. Please include this ErrorId if you contact support: 1946-2718 (-99)',
    },
  ]),
};

/** Reads are resent after a 500 by both connectors; a write answered 500 may have landed, so none is spoiled. */
const isRead = (ex: Exchange): boolean =>
  ex.method === 'GET' || /\/search$|\/batch\/read$/.test(ex.url.pathname);

it.each(['refresh-token', 'jwt'] as const)(
  'Salesforce %s grant: 401s and 500s from both CRMs in one sync, and no credential in anything it logged or stored',
  async (grant) => {
    const sb = await withSandboxes({
      people: 30,
      seed: 25,
      hubspot: { host: '127.0.0.1', port: 0, rotateRefreshTokens: true },
      salesforce: { host: '127.0.0.1', port: 0, rotateRefreshTokens: true },
    });
    cleanups.push(() => sb.close());
    const book = new SecretBook();
    const injected = { hubspot500: 0, hubspot401: 0, salesforce500: 0, salesforce401: 0 };

    let hubspotCalls = 0;
    const hubspot = await startRewritingProxy(sb.hubspot.baseUrl, (ex) => {
      book.observe('HubSpot', ex);
      if (/\/oauth/.test(ex.url.pathname)) return undefined;
      hubspotCalls += 1;
      // The next call meets a revoked token: 401, then one refresh and a replay.
      if (hubspotCalls === 8 && injected.hubspot401 === 0) {
        sb.hubspot.expireAccessTokens();
        injected.hubspot401 += 1;
      }
      // JWT world: the org revokes its sessions now and then, so a later Salesforce call meets a 401.
      if (grant === 'jwt' && hubspotCalls % 6 === 0 && injected.salesforce401 < 3) {
        sb.salesforce.expireAccessTokens();
        injected.salesforce401 += 1;
      }
      // JWT world: past the start (fields provisioned), the org answers a share of calls 503.
      if (grant === 'jwt' && hubspotCalls === 10) sb.salesforce.setFaults({ errorRate5xx: 0.1, seed: 7 });
      if (hubspotCalls >= 4 && injected.hubspot500 === 0 && isRead(ex) && ex.status === 200) {
        injected.hubspot500 += 1;
        return HUBSPOT_500;
      }
      return undefined;
    });
    cleanups.push(() => hubspot.close());

    let salesforceCalls = 0;
    const salesforce = await startRewritingProxy(sb.salesforce.loginUrl, (ex) => {
      book.observe('Salesforce', ex);
      if (ex.url.pathname === '/services/oauth2/token') {
        // Later calls go to the instance the token names: keep them on the proxy.
        if (ex.status !== 200) return undefined;
        return { ...ex, body: JSON.stringify({ ...(JSON.parse(ex.body) as object), instance_url: ex.self }) };
      }
      salesforceCalls += 1;
      if (salesforceCalls === 6 && injected.salesforce401 === 0) {
        sb.salesforce.expireAccessTokens();
        injected.salesforce401 += 1;
      }
      if (salesforceCalls >= 3 && injected.salesforce500 === 0 && isRead(ex) && ex.status === 200) {
        injected.salesforce500 += 1;
        return SALESFORCE_500;
      }
      return undefined;
    });
    cleanups.push(() => salesforce.close());

    const sfAuth: LeadloopConfig['connections']['salesforce']['auth'] =
      grant === 'jwt'
        ? sb.config.connections.salesforce.auth
        : {
            type: 'refresh-token',
            clientId: sb.connections.salesforce.clientId,
            clientSecret: sb.connections.salesforce.clientSecret,
            refreshToken: sb.connections.salesforce.refreshToken,
          };
    const config: LeadloopConfig = {
      ...sb.config,
      log: { ...sb.config.log, level: 'trace' },
      connections: {
        hubspot: {
          ...sb.config.connections.hubspot,
          baseUrl: hubspot.url,
          accessToken: undefined,
          oauth: {
            clientId: sb.hubspot.clientId,
            clientSecret: sb.hubspot.clientSecret,
            refreshToken: sb.hubspot.refreshToken,
          },
        },
        salesforce: {
          ...sb.config.connections.salesforce,
          ...(grant === 'jwt' ? {} : { loginUrl: salesforce.url }),
          auth: sfAuth,
        },
      },
    };
    book.add('HubSpot client secret', sb.hubspot.clientSecret);
    book.add('HubSpot refresh token', sb.hubspot.refreshToken);
    book.add('HubSpot webhook secret', sb.config.connections.hubspot.webhookClientSecret);
    if (sfAuth.type === 'refresh-token') {
      book.add('Salesforce client secret', sfAuth.clientSecret);
      book.add('Salesforce refresh token', sfAuth.refreshToken);
    }
    if (sfAuth.type === 'jwt')
      for (const line of sfAuth.privateKey.split('\n').map((l) => l.trim()))
        if (line.length >= 40 && !line.startsWith('-----')) book.add('Salesforce private key line', line);

    const sink: string[] = [];
    const logger = createLogger({
      level: 'trace',
      destination: new Writable({
        write(chunk: Buffer, _enc, done) {
          sink.push(chunk.toString('utf8'));
          done();
        },
      }),
    });
    const rt = await openRuntime(config, { logger });
    cleanups.push(() => rt.close());
    const outcome = await runSync(rt, { kind: 'full' }).then(
      (report) => JSON.stringify(report),
      (err: unknown) =>
        `${String(err)}\n${err instanceof Error ? (err.stack ?? '') : ''}\n${JSON.stringify(err)}`,
    );
    const stored = JSON.stringify([
      await rt.store.listRuns(10),
      await rt.store.listFailures({ limit: 1_000 }),
    ]);

    // The faults happened: each CRM refreshed after its 401, and answered a 500 that was logged.
    const hsTokens = sb.hubspot.stats().byEndpoint['oauth.token'] ?? 0;
    const sfTokens = sb.salesforce.stats().byEndpoint['oauth.token'] ?? 0;
    expect({ ...injected, hsTokens: hsTokens >= 2, sfTokens: sfTokens >= 2 }).toMatchObject({
      hubspot401: 1,
      hubspot500: 1,
      hsTokens: true,
      sfTokens: true,
    });
    expect(injected.salesforce401).toBeGreaterThan(0);
    if (grant === 'refresh-token') expect(injected.salesforce500).toBe(1);
    else expect(sb.salesforce.stats().http5xx).toBeGreaterThan(0);
    const text = sink.join('');
    // Trace logs every request: the search is not vacuous.
    expect(text.length).toBeGreaterThan(8_000);
    expect(text).toMatch(/"msg":"salesforce request"/);
    expect(book.values.size).toBeGreaterThan(grant === 'jwt' ? 10 : 8);
    // Each fault was logged with its status (so the error paths' logging is what is searched).
    const lines = text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { crm?: string; status?: number });
    const logged = (crm: string, match: (status: number) => boolean): boolean =>
      lines.some((l) => l.crm === crm && typeof l.status === 'number' && match(l.status));
    expect({
      hubspot401: logged('hubspot', (s) => s === 401),
      hubspot500: logged('hubspot', (s) => s === 500),
      salesforce401: logged('salesforce', (s) => s === 401),
      salesforce5xx: logged('salesforce', (s) => s >= 500),
    }).toEqual({ hubspot401: true, hubspot500: true, salesforce401: true, salesforce5xx: true });
    // The search finds what it looks for.
    const [someSecret] = [...book.values.keys()];
    expect(book.leaks(`{"msg":"x","v":"${someSecret ?? ''}"}`)).toHaveLength(1);

    expect(book.leaks(text)).toEqual([]);
    expect(book.leaks(outcome)).toEqual([]);
    expect(book.leaks(stored)).toEqual([]);
  },
  120_000,
);
