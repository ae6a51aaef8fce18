/**
 * The held companies between runs: a complete read replaces them, a changed page updates and removes,
 * an older version never replaces a newer one, landed writes are kept, and what is stored is read back
 * only with the same field list (else the next read is a complete one).
 */
import { describe, expect, it } from 'vitest';
import type { CompanyRecord } from '../../../src/domain/company.ts';
import {
  applyLanded,
  applyPage,
  companyCursorKey,
  loadHeld,
  saveHeld,
  type HeldCompanyMap,
} from '../../../src/accounts/company-state.ts';
import { createMemoryStore } from '../../../src/state/memory/memory-store.ts';

const company = (id: string, at: string, fields: CompanyRecord['fields'] = {}): CompanyRecord => ({
  crm: 'hubspot',
  id,
  fields: { name: `Company ${id}`, ...fields },
  modifiedAt: at,
});
const T1 = '2026-03-01T10:00:00.000Z';
const T2 = '2026-03-01T11:00:00.000Z';
const page = (over: Partial<Parameters<typeof applyPage>[1]>) => ({
  records: [],
  removed: [],
  complete: false,
  cursor: 'c',
  ...over,
});

describe('applyPage', () => {
  it('a complete read starts afresh; a changed page updates, adds and removes', () => {
    const held: HeldCompanyMap = new Map([['9', company('9', T1)]]);
    applyPage(held, page({ records: [company('1', T1), company('2', T1)], complete: true }), true);
    expect([...held.keys()]).toEqual(['1', '2']);
    applyPage(
      held,
      page({ records: [company('2', T2, { name: 'Renamed' }), company('3', T2)], removed: ['1'] }),
      true,
    );
    expect([...held.keys()].sort()).toEqual(['2', '3']);
    expect(held.get('2')?.fields['name']).toBe('Renamed');
  });

  it('keeps the newer version when a lagging search answers an older one', () => {
    const held: HeldCompanyMap = new Map([['1', company('1', T2, { name: 'New' })]]);
    applyPage(held, page({ records: [company('1', T1, { name: 'Old' })] }), true);
    expect(held.get('1')?.fields['name']).toBe('New');
  });
});

describe('applyLanded', () => {
  it('puts landed company writes into the held record, leaving unknown ids alone', () => {
    const held: HeldCompanyMap = new Map([['1', company('1', T1)]]);
    applyLanded(held, [
      { crm: 'hubspot', object: 'company', id: '1', field: 'leadloop_account_score', from: null, to: 70 },
      { crm: 'hubspot', object: 'company', id: '8', field: 'leadloop_account_score', from: null, to: 10 },
    ]);
    expect(held.get('1')?.fields['leadloop_account_score']).toBe(70);
    expect(held.has('8')).toBe(false);
  });
});

describe('loadHeld / saveHeld', () => {
  it('reads back what was saved with the same fields; other fields or a full run mean a complete read', async () => {
    const store = createMemoryStore();
    const fields = ['name', 'domain'];
    await saveHeld(store, 'hubspot', fields, new Map([['1', company('1', T1)]]), 'cursor-1');
    expect(await store.getCursor(companyCursorKey('hubspot'))).toBe('cursor-1');
    const again = await loadHeld(store, 'hubspot', fields, false);
    expect(again.cursor).toBe('cursor-1');
    expect([...again.held.keys()]).toEqual(['1']);
    expect(await loadHeld(store, 'hubspot', [...fields, 'industry'], false)).toEqual({
      held: new Map(),
      cursor: null,
    });
    expect(await loadHeld(store, 'hubspot', fields, true)).toEqual({ held: new Map(), cursor: null });
    expect(await loadHeld(store, 'salesforce', fields, false)).toEqual({ held: new Map(), cursor: null });
  });
});
