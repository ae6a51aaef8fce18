/**
 * The admin surface against an attacker on the network: brute force is braked per address and overall
 * (and the right token works again once the window ends), a malformed cookie is no cookie, cookies are
 * Secure and HSTS is sent behind https, client addresses come from X-Forwarded-For only when trusted,
 * and /metrics is open only on its own listener.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestServer, type TestServer } from './http-helpers.ts';

let t: TestServer | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const bearer = (token: string, extra: Record<string, string> = {}): RequestInit => ({
  headers: { Authorization: `Bearer ${token}`, ...extra },
});

const login = (url: string, token: string, extra: Record<string, string> = {}): Promise<Response> =>
  fetch(`${url}/admin/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...extra },
    body: `token=${encodeURIComponent(token)}`,
    redirect: 'manual',
  });

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('brute-force brake', () => {
  it('answers 429 after N wrong bearer tokens, the right token included, and lets it in after the window', async () => {
    t = await startTestServer({
      app: { authFailureLimits: { perAddress: 3, overall: 100, windowSeconds: 1 } },
    });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await fetch(`${t.url}/api/status`, bearer(`wrong-${i}`))).status);
    expect(statuses).toEqual([401, 401, 429]);
    const locked = await fetch(`${t.url}/api/status`, bearer(ADMIN_TOKEN));
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await locked.json()).toMatchObject({ error: 'TOO_MANY_FAILURES' });
    // The login form shares the count: the right token is refused there too while locked out.
    expect((await login(t.url, ADMIN_TOKEN)).status).toBe(429);

    await sleep(1_200);
    expect((await fetch(`${t.url}/api/status`, bearer(ADMIN_TOKEN))).status).toBe(200);
    expect((await login(t.url, ADMIN_TOKEN)).status).toBe(303);
  });

  it('counts wrong logins and keeps a live session working during a lockout', async () => {
    t = await startTestServer({
      app: { authFailureLimits: { perAddress: 2, overall: 100, windowSeconds: 30 } },
    });
    const good = await login(t.url, ADMIN_TOKEN);
    const session = (good.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(session).toMatch(/^leadloop_session=/);
    expect((await login(t.url, 'nope-1')).status).toBe(401);
    const second = await login(t.url, 'nope-2');
    expect(second.status).toBe(429);
    expect(await second.text()).toContain('Too many wrong tokens');
    expect((await login(t.url, ADMIN_TOKEN)).status).toBe(429);
    expect((await fetch(`${t.url}/api/status`, { headers: { Cookie: session } })).status).toBe(200);
  });

  it('limits per client address (X-Forwarded-For when trusted) and overall', async () => {
    t = await startTestServer({
      http: { trustProxy: true },
      app: { authFailureLimits: { perAddress: 2, overall: 5, windowSeconds: 30 } },
    });
    const from = (ip: string, token: string) =>
      fetch(`${t!.url}/api/status`, bearer(token, { 'X-Forwarded-For': ip }));
    expect((await from('203.0.113.1', 'x')).status).toBe(401);
    expect((await from('203.0.113.1', 'x')).status).toBe(429);
    // Another address is not locked by the first one's failures.
    expect((await from('203.0.113.2', ADMIN_TOKEN)).status).toBe(200);
    expect((await from('203.0.113.2', 'x')).status).toBe(401);
    expect((await from('203.0.113.3', 'x')).status).toBe(401);
    // Five failures in all: the overall brake now holds every address.
    expect((await from('203.0.113.4', 'x')).status).toBe(429);
    expect((await from('203.0.113.9', ADMIN_TOKEN)).status).toBe(429);
  });

  it('ignores X-Forwarded-For unless http.trustProxy says so', async () => {
    t = await startTestServer({
      app: { authFailureLimits: { perAddress: 2, overall: 100, windowSeconds: 30 } },
    });
    const from = (ip: string) => fetch(`${t!.url}/api/status`, bearer('x', { 'X-Forwarded-For': ip }));
    expect((await from('203.0.113.1')).status).toBe(401);
    // A spoofed header does not buy a fresh allowance: both count against the socket's address.
    expect((await from('203.0.113.2')).status).toBe(429);
  });
});

describe('cookies and transport', () => {
  it('treats a malformed session cookie as no cookie (401, never a 500)', async () => {
    t = await startTestServer();
    for (const cookie of ['leadloop_session=%E0%A4%A', 'leadloop_session=%', 'leadloop_session=%zz; x=1']) {
      const api = await fetch(`${t.url}/api/status`, { headers: { Cookie: cookie } });
      expect(api.status).toBe(401);
      const page = await fetch(`${t.url}/admin`, { headers: { Cookie: cookie } });
      expect(page.status).toBe(401);
      expect(await page.text()).not.toMatch(/URIError|at decodeURIComponent/);
    }
  });

  it('sets Secure and sends HSTS when http.publicUrl is https', async () => {
    t = await startTestServer({ http: { publicUrl: 'https://leadloop.example.com' } });
    const res = await login(t.url, ADMIN_TOKEN);
    expect(res.headers.get('set-cookie')).toMatch(/;\s*Secure/);
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000');
  });

  it('sets Secure without HSTS when http.secureCookie forces it behind a TLS proxy', async () => {
    t = await startTestServer({ http: { secureCookie: true } });
    const res = await login(t.url, ADMIN_TOKEN);
    expect(res.headers.get('set-cookie')).toMatch(/;\s*Secure/);
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });

  it('leaves the cookie plain and sends no HSTS over plain http', async () => {
    t = await startTestServer();
    const res = await login(t.url, ADMIN_TOKEN);
    expect(res.headers.get('set-cookie')).not.toMatch(/Secure/);
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });
});

describe('/metrics', () => {
  it('is open on its own loopback listener and behind the token on the main port', async () => {
    t = await startTestServer({ http: { metrics: { port: 0, host: '127.0.0.1' } } });
    const metricsUrl = t.server.metricsUrl;
    expect(metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const open = await fetch(`${metricsUrl}/metrics`);
    expect(open.status).toBe(200);
    expect(await open.text()).toMatch(/^leadloop_dirty_people 0$/m);
    // Only /metrics lives there: the admin API does not.
    expect((await fetch(`${metricsUrl}/api/status`, bearer(ADMIN_TOKEN))).status).toBe(404);
    expect((await fetch(`${t.url}/metrics`)).status).toBe(401);
  });

  it('renders once for a burst of scrapes (bounded cost per scrape)', async () => {
    t = await startTestServer();
    let reads = 0;
    const store = t.runtime.store;
    const listRuns = store.listRuns.bind(store);
    store.listRuns = (limit) => {
      reads++;
      return listRuns(limit);
    };
    const answers = await Promise.all(Array.from({ length: 20 }, () => t!.admin('/metrics')));
    expect(answers.every((r) => r.status === 200)).toBe(true);
    expect(reads).toBe(1);
  });
});
