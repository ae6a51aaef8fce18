import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStateStore } from '../../../src/state/open-store.ts';
import { openSqliteStore } from '../../../src/state/sqlite/sqlite-store.ts';
import { link, runStateStoreContract } from './state-store.contract.ts';

const dir = mkdtempSync(join(tmpdir(), 'leadloop-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
runStateStoreContract('sqlite (:memory:)', async () => openSqliteStore(':memory:'));
runStateStoreContract('sqlite (WAL file)', async () => openSqliteStore(join(dir, `contract-${n++}.sqlite`)));

describe('sqlite store specifics', () => {
  it('creates the directory, persists across reopen and shares the file between connections', async () => {
    const path = join(dir, 'nested', 'deeper', 'state.sqlite');
    const first = await openStateStore({ type: 'sqlite', path });
    await first.putLinks([link('p1', { hubspotId: 'h1' })]);
    await first.setCursor('hubspot:contact', 'c9');
    const second = await openStateStore({ type: 'sqlite', path });
    expect(await second.countLinks()).toBe(1);
    expect(await first.acquireLock('sync', 'a', 10_000)).toBe(true);
    expect(await second.acquireLock('sync', 'b', 10_000)).toBe(false);
    await first.close();
    await second.close();
    const reopened = await openStateStore({ type: 'sqlite', path });
    expect(await reopened.getCursor('hubspot:contact')).toBe('c9');
    await reopened.close();
  });

  it('rolls a failed batch back as a whole', async () => {
    const store = openSqliteStore(':memory:');
    const bad = { ...link('p2'), updatedAt: 'not-a-time' };
    await expect(
      store.appendAudit([
        {
          at: '2026-01-01T00:00:00.000Z',
          runId: 'r',
          personId: 'p1',
          crm: 'hubspot',
          object: 'contact',
          recordId: 'h1',
          field: 'f',
          from: null,
          to: 1,
          reason: 'x',
        },
        {
          at: bad.updatedAt,
          runId: 'r',
          personId: 'p2',
          crm: 'hubspot',
          object: 'contact',
          recordId: 'h2',
          field: 'f',
          from: null,
          to: 1,
          reason: 'x',
        },
      ]),
    ).rejects.toThrow(/not an ISO time/);
    expect(await store.listAudit({ limit: 10 })).toEqual([]);
    await store.close();
  });
});
