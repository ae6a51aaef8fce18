import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSalesforceSandbox } from '../../../connectors/salesforce/sandbox/index.ts';
import { TestClock, api, connect, startSf } from './sandbox-helpers.ts';

async function control(sb: RunningSalesforceSandbox, method: string, path: string, body?: unknown) {
  const res = await fetch(`${sb.instanceUrl}/__sandbox/${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return {
    status: res.status,
    body: res.status === 204 ? null : ((await res.json()) as Record<string, unknown>),
  };
}

describe('/__sandbox control endpoints and the modstamp order', () => {
  let sb: RunningSalesforceSandbox;
  const clock = new TestClock('2026-03-01T12:00:00.000Z');
  beforeAll(async () => {
    sb = await startSf({ leads: 6, sameUpdatedAt: '2026-02-01T00:00:00.000Z' }, { clock: clock.now });
  });
  afterAll(() => sb.close());

  it('serves stats without counting itself, and resets them', async () => {
    await api(sb, '/limits');
    const stats = await control(sb, 'GET', 'stats');
    expect(stats.body).toMatchObject({
      totalCalls: 1,
      byEndpoint: { limits: 1 },
      dailyApiUsed: 1,
      dailyApiLimit: 100_000,
    });
    expect((await control(sb, 'POST', 'reset-stats')).status).toBe(204);
    expect(sb.stats().totalCalls).toBe(0);
  });

  it('mirrors the store helpers over HTTP for standalone use', async () => {
    const ids = (await control(sb, 'POST', 'store/personIds', { key: 'lead-0' })).body as {
      leadId: string;
      contactId: null;
    };
    expect(ids.leadId).toMatch(/^00Q/);
    const converted = (await control(sb, 'POST', 'store/convertLead', { leadId: ids.leadId })).body as {
      contactId: string;
    };
    expect(converted.contactId).toMatch(/^003/);
    expect(sb.store.get('Lead', ids.leadId)?.['IsConverted']).toBe(true);
    const bad = await control(sb, 'POST', 'store/convertLead', { leadId: ids.leadId });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual([
      { message: `Lead ${ids.leadId} is already converted`, errorCode: 'SANDBOX_STORE_ERROR' },
    ]);
    expect((await control(sb, 'POST', 'store/nope', {})).status).toBe(404);
  });

  it('sets faults, expires tokens and sets the daily usage', async () => {
    expect((await control(sb, 'PUT', 'faults', { lockRate: 1 })).body).toEqual({ lockRate: 1 });
    const leadId = sb.store.leadIdForPersonKey('lead-1') as string;
    const locked = await connect(sb)
      .sobject('Lead')
      .update([{ Id: leadId, Title: 'x' }]);
    expect(locked[0]).toMatchObject({ success: false, errors: [{ statusCode: 'UNABLE_TO_LOCK_ROW' }] });
    await control(sb, 'PUT', 'faults', null);
    const token = sb.issueAccessToken();
    await control(sb, 'POST', 'expire-tokens');
    expect((await api(sb, '/limits', {}, token)).status).toBe(401);
    await control(sb, 'PUT', 'api-usage', { used: 99_999 });
    const last = await api(sb, '/limits');
    expect(last.headers.get('sforce-limit-info')).toBe('api-usage=100000/100000');
    expect((await api(sb, '/limits')).status).toBe(403);
    await control(sb, 'PUT', 'api-usage', { used: 0 });
  });

  it('keeps (SystemModstamp, Id) order across ties and updates for keyset reads', async () => {
    const conn = connect(sb);
    const q = async (where = '') =>
      (
        await conn.query<{ Id: string; SystemModstamp: string }>(
          `SELECT Id, SystemModstamp FROM Lead ${where} ORDER BY SystemModstamp, Id`,
        )
      ).records;
    const tied = await q('WHERE SystemModstamp = 2026-02-01T00:00:00Z');
    expect(tied.map((r) => r.Id)).toEqual([...tied.map((r) => r.Id)].sort());
    const moved = tied[0]?.Id as string;
    clock.advance(60_000);
    sb.store.update('Lead', moved, { Title: 'Touched' });
    const all = await q();
    expect(all.at(-1)).toEqual({
      attributes: expect.any(Object),
      Id: moved,
      SystemModstamp: '2026-03-01T12:01:00.000+0000',
    });
    const after = await q(`WHERE SystemModstamp > 2026-02-01T00:00:00Z`);
    expect(after.map((r) => r.Id)).toContain(moved);
    const keyset = await q(
      `WHERE (SystemModstamp = 2026-02-01T00:00:00Z AND Id > '${tied[2]?.Id ?? ''}') OR SystemModstamp > 2026-02-01T00:00:00Z`,
    );
    expect(keyset.map((r) => r.Id)).toEqual(
      all
        .filter(
          (r) =>
            r.SystemModstamp > '2026-02-01T00:00:00.000+0000' ||
            (r.Id > (tied[2]?.Id ?? '') && r.SystemModstamp === '2026-02-01T00:00:00.000+0000'),
        )
        .map((r) => r.Id),
    );
  });
});
