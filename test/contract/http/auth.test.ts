/** Admin auth: bearer token or the page's session cookie; everything else is 401. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeEqual } from '../../../src/http/safe-equal.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from './http-helpers.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.close();
});

const ADMIN_ROUTES: [string, string][] = [
  ['GET', '/api/status'],
  ['GET', '/api/fields'],
  ['GET', '/api/mappings'],
  ['PUT', '/api/mappings'],
  ['POST', '/api/mappings/check'],
  ['POST', '/api/mappings/preview'],
  ['GET', '/api/labels/plan'],
  ['POST', '/api/labels/apply'],
  ['POST', '/api/sync'],
];

describe('admin API auth', () => {
  it.each(ADMIN_ROUTES)(
    '%s %s is 401 without a token, with a wrong one, and with the token in the query',
    async (method, path) => {
      const none = await fetch(`${t.url}${path}`, { method });
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
      const wrong = await fetch(`${t.url}${path}`, {
        method,
        headers: { Authorization: `Bearer ${ADMIN_TOKEN}x` },
      });
      expect(wrong.status).toBe(401);
      const shorter = await fetch(`${t.url}${path}`, { method, headers: { Authorization: 'Bearer a' } });
      expect(shorter.status).toBe(401);
      const query = await fetch(`${t.url}${path}?token=${ADMIN_TOKEN}&access_token=${ADMIN_TOKEN}`, {
        method,
      });
      expect(query.status).toBe(401);
    },
  );

  it('answers with the bearer token', async () => {
    const res = await t.admin('/api/status');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ runs: [], dirty: 0, failures: [] });
  });

  it('compares tokens in constant time whatever their lengths', () => {
    expect(safeEqual(ADMIN_TOKEN, ADMIN_TOKEN)).toBe(true);
    expect(safeEqual(ADMIN_TOKEN, `${ADMIN_TOKEN}x`)).toBe(false);
    expect(safeEqual(ADMIN_TOKEN, '')).toBe(false);
  });

  it('logs a browser in with the form: HttpOnly SameSite=Strict cookie, then the API accepts the cookie', async () => {
    const bad = await fetch(`${t.url}/admin/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'token=nope',
      redirect: 'manual',
    });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('set-cookie')).toBeNull();

    const good = await fetch(`${t.url}/admin/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `token=${encodeURIComponent(ADMIN_TOKEN)}`,
      redirect: 'manual',
    });
    expect(good.status).toBe(303);
    expect(good.headers.get('location')).toBe('/admin');
    const cookie = good.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^leadloop_session=[A-Za-z0-9_-]{40,};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const session = cookie.split(';')[0] ?? '';

    expect((await fetch(`${t.url}/api/status`, { headers: { Cookie: session } })).status).toBe(200);
    expect((await fetch(`${t.url}/admin`, { headers: { Cookie: session } })).status).toBe(200);
    // A write without a JSON body (what a cross-site form could send) is refused even with the cookie.
    const form = await fetch(`${t.url}/api/labels/apply`, {
      method: 'POST',
      headers: { Cookie: session, 'Content-Type': 'text/plain' },
      body: '{}',
    });
    expect(form.status).toBe(415);

    await fetch(`${t.url}/admin/logout`, {
      method: 'POST',
      headers: { Cookie: session },
      redirect: 'manual',
    });
    expect((await fetch(`${t.url}/api/status`, { headers: { Cookie: session } })).status).toBe(401);
    expect(
      (await fetch(`${t.url}/api/status`, { headers: { Cookie: 'leadloop_session=forged' } })).status,
    ).toBe(401);
  });

  it('shows the login form (401) to a visitor without a session', async () => {
    const res = await fetch(`${t.url}/admin`);
    expect(res.status).toBe(401);
    const html = await res.text();
    expect(html).toContain('<label for="token">Admin token</label>');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('keeps /healthz public and /metrics behind the token', async () => {
    expect(await (await fetch(`${t.url}/healthz`)).json()).toEqual({ status: 'ok' });
    expect((await fetch(`${t.url}/metrics`)).status).toBe(401);
    const metrics = await t.admin('/metrics');
    expect(metrics.status).toBe(200);
    const text = await metrics.text();
    expect(text).toMatch(/^leadloop_api_calls_total\{crm="hubspot"\} \d+$/m);
    expect(text).toMatch(/^leadloop_dirty_people 0$/m);
    expect(text).toMatch(/^leadloop_label_drift -1$/m);
  });
});
