import { describe, expect, it } from 'vitest';
import { SEEN_CAP, rewind, tailKeys } from '../../../connectors/salesforce/lookback.ts';

const rec = (id: string, modifiedAt: string) => ({ id, modifiedAt });

describe('Salesforce lookback', () => {
  it('rewinds a cursor by the lookback and takes every id at the new stamp; zero leaves it alone', () => {
    const at = { ts: '2026-03-01T12:05:00.000Z', id: '00QB' };
    expect(rewind(at, 300_000)).toEqual({ ts: '2026-03-01T12:00:00.000Z', id: '' });
    expect(rewind(at, 0)).toBe(at);
  });

  it('keeps the keys within the lookback of the high stamp, from the previous tail and this read', () => {
    const keys = tailKeys(
      ['00QA@2026-03-01T11:59:00.000Z', '00QB@2026-03-01T12:01:00.000Z'],
      [rec('00QC', '2026-03-01T12:04:00.000Z'), rec('00QD', '2026-03-01T11:00:00.000Z')],
      '2026-03-01T12:05:00.000Z',
      300_000,
    );
    expect(keys).toEqual(['00QC@2026-03-01T12:04:00.000Z', '00QB@2026-03-01T12:01:00.000Z']);
  });

  it('caps the tail, newest kept', () => {
    const read = Array.from({ length: SEEN_CAP + 10 }, (_, i) =>
      rec(`id${i}`, new Date(Date.parse('2026-03-01T12:00:00.000Z') + i).toISOString()),
    );
    const keys = tailKeys([], read, '2026-03-01T12:01:00.000Z', 300_000);
    expect(keys).toHaveLength(SEEN_CAP);
    expect(keys[0]).toBe(`id${SEEN_CAP + 9}@${read.at(-1)?.modifiedAt ?? ''}`);
  });
});
