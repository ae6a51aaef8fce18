/**
 * Meta entries: written as JSON under `leadloop:<key>`, read back through their schema; a value that does
 * not match reads as absent, a value in the old plain-text form is still understood where declared.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createMemoryStore } from '../../../src/state/memory/memory-store.ts';
import { defineMeta } from '../../../src/state/meta.ts';
import { modelVersionMeta, pulledFieldsMeta } from '../../../src/sync/pull.ts';

describe('meta entries', () => {
  it('round-trips a typed value under its leadloop: key', async () => {
    const store = createMemoryStore();
    const freshAt = defineMeta('describe-fresh-at', z.number());
    expect(await freshAt.read(store)).toBeNull();
    await freshAt.write(store, 1_765_000_000_000);
    expect(await store.getCursor('leadloop:describe-fresh-at')).toBe('1765000000000');
    expect(await freshAt.read(store)).toBe(1_765_000_000_000);
  });

  it('reads a value that does not match its schema as absent, and refuses to write one', async () => {
    const store = createMemoryStore();
    const entry = defineMeta('drift', z.strictObject({ count: z.number().int() }));
    await store.setCursor('leadloop:drift', '{"count":"many"}');
    expect(await entry.read(store)).toBeNull();
    await store.setCursor('leadloop:drift', 'not json');
    expect(await entry.read(store)).toBeNull();
    await expect(entry.write(store, { count: 1.5 })).rejects.toThrow();
  });

  it('understands the plain-text values earlier versions stored', async () => {
    const store = createMemoryStore();
    await store.setCursor('leadloop:model-version', '2026-11-a');
    await store.setCursor('leadloop:pulled-fields:hubspot:contact', 'email,firstname,city');
    expect(await modelVersionMeta.read(store)).toBe('2026-11-a');
    expect(await pulledFieldsMeta('hubspot', 'contact').read(store)).toEqual(['email', 'firstname', 'city']);
    await pulledFieldsMeta('hubspot', 'contact').write(store, ['email']);
    expect(await store.getCursor('leadloop:pulled-fields:hubspot:contact')).toBe('["email"]');
  });
});
