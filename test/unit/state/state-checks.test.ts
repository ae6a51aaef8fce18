import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Activity } from '../../../src/domain/activity.ts';
import { isActivity, isRecordSnapshot } from '../../../src/state/state-checks.ts';
import { decode } from '../../../src/state/state-codec.ts';
import { RecordSnapshot } from '../../../src/state/types.ts';

const iso = fc
  .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
  .map((d) => d.toISOString());
const fieldValue = fc.oneof(
  fc.string(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);
const snapshot = fc.record({
  crm: fc.constantFrom('hubspot', 'salesforce'),
  object: fc.constantFrom('contact', 'lead'),
  id: fc.string({ minLength: 1 }),
  fields: fc.dictionary(fc.string(), fieldValue),
  modifiedAt: iso,
  syncedAt: iso,
});
const activity = fc.record(
  {
    crm: fc.constantFrom('hubspot', 'salesforce'),
    sourceId: fc.string({ minLength: 1 }),
    recordId: fc.string({ minLength: 1 }),
    type: fc.constantFrom(...Activity.shape.type.options),
    occurredAt: iso,
    name: fc.option(fc.string(), { nil: null }),
    url: fc.option(fc.string(), { nil: undefined }),
    tag: fc.option(fc.string(), { nil: null }),
    campaign: fc.option(fc.string(), { nil: null }),
  },
  { requiredKeys: ['crm', 'sourceId', 'recordId', 'type', 'occurredAt'] },
);
/**
 * A valid document with one property replaced, removed or added: mostly invalid shapes. Round-tripped
 * through JSON, as the checks only ever see `JSON.parse` output (state-codec.ts).
 */
const mutated = (valid: fc.Arbitrary<Record<string, unknown>>) =>
  fc
    .tuple(valid, fc.string(), fc.oneof(fc.anything(), fc.constant(undefined)), fc.boolean())
    .map(([doc, key, value, pickExisting]) => {
      const keys = Object.keys(doc);
      const target = pickExisting && keys.length > 0 ? (keys[key.length % keys.length] ?? key) : key;
      const out: Record<string, unknown> = { ...doc };
      if (value === undefined) delete out[target];
      else out[target] = value;
      return JSON.parse(JSON.stringify(out)) as unknown;
    });

describe('state checks agree with the zod schemas', () => {
  it('accept every valid snapshot and activity (the fast path is taken)', () => {
    fc.assert(fc.property(snapshot, (s) => isRecordSnapshot(s) && RecordSnapshot.safeParse(s).success));
    fc.assert(fc.property(activity, (a) => isActivity(a) && Activity.safeParse(a).success));
  });

  it('never accept what the schema refuses', () => {
    fc.assert(
      fc.property(
        fc.oneof(mutated(snapshot), fc.jsonValue()),
        (v) => !isRecordSnapshot(v) || RecordSnapshot.safeParse(v).success,
      ),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(
        fc.oneof(mutated(activity), fc.jsonValue()),
        (v) => !isActivity(v) || Activity.safeParse(v).success,
      ),
      { numRuns: 2000 },
    );
  });

  it('leave the error message to the schema: a bad stored row still names its key and field', () => {
    const bad = JSON.stringify({
      crm: 'hubspot',
      object: 'contact',
      id: 'h1',
      fields: { a: [1] },
      modifiedAt: 'x',
      syncedAt: 'y',
    });
    expect(() => decode.snapshot('hubspot:contact:h1', bad)).toThrow(
      /stored snapshot hubspot:contact:h1 is invalid: .*fields/s,
    );
    expect(() =>
      decode.activity(
        'hubspot:h1',
        JSON.stringify({
          crm: 'hubspot',
          sourceId: 's',
          recordId: 'h1',
          type: 'nope',
          occurredAt: '2026-01-01T00:00:00.000Z',
        }),
      ),
    ).toThrow(/stored activity hubspot:h1 is invalid: .*type/s);
  });
});
