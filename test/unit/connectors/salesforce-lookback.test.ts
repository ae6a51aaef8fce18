import { describe, expect, it } from 'vitest';
import { SEEN_CAP, rewind, seenKey, seenMatcher, tailKeys } from '../../../connectors/salesforce/lookback.ts';

const rec = (id: string, modifiedAt: string, content: unknown = { Title: 'x' }) => ({
  id,
  modifiedAt,
  content,
});
const stamps = (keys: readonly string[]) => keys.map((k) => k.slice(0, k.lastIndexOf('#')));

describe('Salesforce lookback', () => {
  it('rewinds a cursor by the lookback and takes every id at the new stamp; zero leaves it alone', () => {
    const at = { ts: '2026-03-01T12:05:00.000Z', id: '00QB' };
    expect(rewind(at, 300_000)).toEqual({ ts: '2026-03-01T12:00:00.000Z', id: '' });
    expect(rewind(at, 0)).toBe(at);
  });

  it('keeps the keys within the lookback of the high stamp, from the previous tail and this read', () => {
    const keys = tailKeys(
      [seenKey(rec('00QA', '2026-03-01T11:59:00.000Z')), seenKey(rec('00QB', '2026-03-01T12:01:00.000Z'))],
      [rec('00QC', '2026-03-01T12:04:00.000Z'), rec('00QD', '2026-03-01T11:00:00.000Z')],
      '2026-03-01T12:05:00.000Z',
      300_000,
    );
    expect(stamps(keys)).toEqual(['00QC@2026-03-01T12:04:00.000Z', '00QB@2026-03-01T12:01:00.000Z']);
  });

  it('caps the tail, newest kept', () => {
    const read = Array.from({ length: SEEN_CAP + 10 }, (_, i) =>
      rec(`id${i}`, new Date(Date.parse('2026-03-01T12:00:00.000Z') + i).toISOString()),
    );
    const keys = tailKeys([], read, '2026-03-01T12:01:00.000Z', 300_000);
    expect(keys).toHaveLength(SEEN_CAP);
    expect(keys[0]).toBe(seenKey(read.at(-1) ?? rec('', '')));
  });

  it('a record saved again within the second it was read is not taken for the version already read', () => {
    // SystemModstamp has whole seconds: leadloop's write-back right after its pull (or a flow) can carry
    // the stamp of the version the pull read.
    const readFirst = rec('00QA', '2026-03-01T12:00:00.000Z', { Title: 'VP Sales', Leadloop_Score__c: null });
    const savedAgain = rec('00QA', '2026-03-01T12:00:00.000Z', { Title: 'VP Sales', Leadloop_Score__c: 71 });
    const wasRead = seenMatcher(tailKeys([], [readFirst], '2026-03-01T12:00:00.000Z', 300_000));
    expect(wasRead(readFirst)).toBe(true);
    expect(wasRead(savedAgain)).toBe(false);
  });

  it('keys of an older cursor (id@ts without content) match nothing and leave the tail', () => {
    const old = '00QA@2026-03-01T12:00:00.000Z';
    expect(seenMatcher([old])(rec('00QA', '2026-03-01T12:00:00.000Z'))).toBe(false);
    expect(tailKeys([old], [], '2026-03-01T12:00:00.000Z', 300_000)).toEqual([]);
  });

  it('a version read through REST and through Bulk API 2.0 has one key; a changed value gets another', () => {
    const at = '2026-03-01T12:00:00.000Z';
    const rest = {
      attributes: { type: 'Lead', url: '/services/data/v62.0/sobjects/Lead/00QA' },
      Id: '00QA',
      Title: 'VP Sales',
      SystemModstamp: '2026-03-01T12:00:00.000+0000',
      Owner: { attributes: { type: 'User' }, Name: 'Ada' },
    };
    const bulk = { 'Owner.Name': 'Ada', SystemModstamp: at, Title: 'VP Sales', Id: '00QA' };
    expect(seenKey(rec('00QA', at, bulk))).toBe(seenKey(rec('00QA', at, rest)));
    expect(seenKey(rec('00QA', at, { ...bulk, Title: 'Vice President Sales' }))).not.toBe(
      seenKey(rec('00QA', at, rest)),
    );
  });
});
