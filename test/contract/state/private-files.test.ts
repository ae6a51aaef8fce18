/**
 * The sqlite state holds people's emails and CRM ids (issue 10): its folder is created 0700 and the
 * database with its `-wal` / `-shm` companions is 0600, also when an older version left a wider file.
 */
import { chmod, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStateStore } from '../../../src/state/open-store.ts';
import { link } from './state-store.contract.ts';

const mode = async (path: string): Promise<number> => (await stat(path)).mode & 0o777;

let dir = '';
let umask = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'leadloop-modes-'));
  // The usual umask: without explicit modes, files come out 0644 and folders 0755.
  umask = process.umask(0o022);
});
afterAll(async () => {
  process.umask(umask);
  await rm(dir, { recursive: true, force: true });
});

describe('sqlite state file modes', () => {
  it('creates the folder 0700 and the database, -wal and -shm 0600', async () => {
    const path = join(dir, 'fresh', 'state', 'state.sqlite');
    const store = await openStateStore({ type: 'sqlite', path });
    await store.putLinks([link('p1', { hubspotId: 'h1', email: 'a@example.com' })]);
    expect(await mode(join(dir, 'fresh', 'state'))).toBe(0o700);
    expect(await mode(join(dir, 'fresh'))).toBe(0o700);
    for (const file of [path, `${path}-wal`, `${path}-shm`]) expect(await mode(file)).toBe(0o600);
    await store.close();
  });

  it('narrows a database file an older version left 0644', async () => {
    const path = join(dir, 'old.sqlite');
    await writeFile(path, '');
    await chmod(path, 0o644);
    const store = await openStateStore({ type: 'sqlite', path });
    await store.setCursor('hubspot:contact', 'c1');
    expect(await mode(path)).toBe(0o600);
    expect(await mode(`${path}-wal`)).toBe(0o600);
    await store.close();
  });
});
