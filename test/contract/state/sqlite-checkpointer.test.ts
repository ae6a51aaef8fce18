/**
 * The sqlite store checkpoints its WAL from a worker thread: pages reach the database file while the store
 * is open and writing, without a commit paying for it, and `close()` waits for the worker to finish.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../../src/state/sqlite/sqlite-store.ts';
import type { RecordSnapshot } from '../../../src/state/types.ts';

const dir = mkdtempSync(join(tmpdir(), 'leadloop-sqlite-checkpoint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const snapshot = (i: number): RecordSnapshot => ({
  crm: 'hubspot',
  object: 'contact',
  id: String(i),
  fields: { email: `p${i}@x.io`, notes: 'x'.repeat(1000) },
  modifiedAt: '2026-01-01T00:00:00.000Z',
  syncedAt: '2026-01-01T00:00:00.000Z',
});

describe('sqlite background checkpoints', () => {
  it('copies committed WAL pages into the database file while the store stays open', async () => {
    const path = join(dir, 'state.sqlite');
    const store = openSqliteStore(path);
    const before = statSync(path).size;
    // ~2 MB of WAL: far below the writer's own checkpoint threshold (10,000 pages), so only the worker copies it.
    await store.putSnapshots(Array.from({ length: 2000 }, (_, i) => snapshot(i)));
    const deadline = Date.now() + 5000;
    while (statSync(path).size < before + 2_000_000 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(statSync(path).size).toBeGreaterThan(before + 2_000_000);
    expect((await store.getSnapshots([{ crm: 'hubspot', object: 'contact', id: '1999' }])).size).toBe(1);
    await store.close();
    await store.close();
  });
});
