import { describe, expect, it } from 'vitest';
import { bucketTest, discoverBuckets } from '../../../../src/models/suggest/buckets.ts';
import type { ProfileInput } from '../../../../src/scoring/types.ts';

const options = { exclude: new Set(['jobtitle']), excludePrefixes: ['leadloop_'], minSupport: 2 };

describe('discoverBuckets', () => {
  it('tries frequent values of text fields, lower-cased, most frequent first', () => {
    const people: ProfileInput[] = [
      { industry: 'Software' },
      { industry: 'software' },
      { industry: 'Retail' },
      { industry: 'Retail' },
      { industry: 'Retail' },
      { industry: 'Mining' },
    ];
    expect(discoverBuckets(people, options)).toEqual([
      { kind: 'value', field: 'industry', value: 'retail' },
      { kind: 'value', field: 'industry', value: 'software' },
    ]);
  });

  it('cuts a numeric field into quartile ranges that do not overlap', () => {
    const people = Array.from({ length: 40 }, (_, i): ProfileInput => ({ revenue: String(i + 1) }));
    const buckets = discoverBuckets(people, options);
    expect(buckets).toEqual([
      { kind: 'range', field: 'revenue', min: 1, max: 11 },
      { kind: 'range', field: 'revenue', min: 12, max: 21 },
      { kind: 'range', field: 'revenue', min: 22, max: 31 },
      { kind: 'range', field: 'revenue', min: 32, max: 40 },
    ]);
    const covered = people.map((p) => buckets.filter((b) => bucketTest(b)(p)).length);
    expect(covered.every((n) => n === 1)).toBe(true);
  });

  it('skips fields the model scores, leadloop output, outcome-bearing and identity fields, and free text', () => {
    const people = Array.from({ length: 60 }, (_, i): ProfileInput => ({
      jobtitle: i % 2 ? 'CEO' : 'CTO',
      leadloop_grade: i % 2 ? 'A' : 'B',
      lifecyclestage: i % 2 ? 'customer' : 'lead',
      hs_object_id: String(i),
      createdate: `2026-01-${String((i % 28) + 1).padStart(2, '0')}`,
      firstname: `Name ${i}`,
    }));
    expect(discoverBuckets(people, options)).toEqual([]);
  });

  it('needs the minimum support for a value', () => {
    const people: ProfileInput[] = [{ source: 'ads' }, { source: 'ads' }, { source: 'event' }];
    expect(discoverBuckets(people, { ...options, minSupport: 3 })).toEqual([]);
  });

  it('matches a value bucket as the emitted `equals` rule does (case-insensitively)', () => {
    const test = bucketTest({ kind: 'value', field: 'industry', value: 'software' });
    expect(test({ industry: 'SOFTWARE' })).toBe(true);
    expect(test({ industry: 'Retail' })).toBe(false);
    expect(test({})).toBe(false);
  });
});
