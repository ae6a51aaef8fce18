/** prevalidate.ts: which values HubSpot would refuse, how the failure reads, and that order survives. */
import { describe, expect, it } from 'vitest';
import {
  isEmailAddress,
  problemFailure,
  sendValid,
  shown,
  valueProblems,
} from '../../../../connectors/hubspot/prevalidate.ts';
import type { FieldDescriptor, FieldType } from '../../../../src/domain/field.ts';
import type { WriteOutcome } from '../../../../src/domain/write.ts';

function field(name: string, type: FieldType, extra: Partial<FieldDescriptor> = {}): FieldDescriptor {
  const textual = ['string', 'textarea', 'email', 'phone'].includes(type);
  return {
    crm: 'hubspot',
    object: 'contacts',
    name,
    label: name,
    type,
    length: textual ? 65_536 : null,
    ...(textual ? { lengthUnit: 'codepoint' as const } : {}),
    options: [],
    writable: true,
    custom: false,
    labelEditable: false,
    ...extra,
  };
}

const options = (...values: string[]) => values.map((value) => ({ value, label: value, active: true }));
const PROPERTIES = new Map(
  [
    field('email', 'email'),
    field('score', 'number'),
    field('mql', 'boolean'),
    field('day', 'date'),
    field('at', 'datetime'),
    field('status', 'picklist', { options: options('NEW', 'OPEN'), restricted: true }),
    field('tags', 'multipicklist', { options: options('a', 'b'), restricted: true }),
    field('free', 'picklist', { options: options('x'), restricted: false }),
    field('note', 'string', { length: 5 }),
    field('visits', 'number', { writable: false }),
  ].map((f) => [f.name, f]),
);

describe('isEmailAddress', () => {
  it.each([
    ['ann@example.com', true],
    ["o'brien+tag@mail.example.co.uk", true],
    ['user@email.삼성', true],
    ['user@xn--80ak6aa92e.com', true],
    ['ann@example', false],
    ['ann@example.c', false],
    ['ann@example.123', false],
    ['"ann smith"@example.com', false],
    ['ann smith@example.com', false],
    ['ann@@example.com', false],
    ['.ann@example.com', false],
    ['ann@-example.com', false],
    ['@example.com', false],
  ])('%s → %s', (text, valid) => {
    expect(isEmailAddress(text)).toBe(valid);
  });
});

describe('valueProblems', () => {
  it.each([
    ['score', 12, undefined],
    ['score', -12.5, undefined],
    ['score', '1e3', 'INVALID_INTEGER'],
    ['score', 1e21, 'INVALID_INTEGER'],
    ['mql', true, undefined],
    ['mql', 'yes', 'INVALID_BOOLEAN'],
    ['day', '2026-03-01', undefined],
    ['day', String(Date.UTC(2026, 2, 1)), undefined],
    ['day', '2026-02-30', 'INVALID_DATE'],
    ['day', '2026-03-01T05:00:00Z', 'INVALID_DATE'],
    ['at', '2026-03-01T05:00:00.000Z', undefined],
    ['at', '2026-03-01T05:00:00+01:00', undefined],
    ['at', 'March 1, 2026', 'INVALID_DATE'],
    ['status', 'OPEN', undefined],
    ['status', 'open', 'INVALID_OPTION'],
    ['tags', 'a;b', undefined],
    ['tags', ';b', undefined],
    ['tags', 'a;c', 'INVALID_OPTION'],
    ['free', 'anything', undefined],
    ['note', 'fives', undefined],
    ['note', '😀😀😀😀😀', undefined],
    ['note', 'sixsix', 'INVALID_LENGTH'],
    ['email', 'ann@example', 'INVALID_EMAIL'],
    ['email', null, undefined],
    ['email', '', undefined],
    ['visits', 3, 'READ_ONLY_VALUE'],
    ['visits', null, 'READ_ONLY_VALUE'],
    ['nope', 'x', 'PROPERTY_DOESNT_EXIST'],
  ] as const)('%s = %j → %s', (name, value, code) => {
    expect(valueProblems({ [name]: value }, PROPERTIES)[0]?.code).toBe(code);
  });
});

describe('the failure a refused record gets', () => {
  it('names each property, shows the value quoted and cut, and the rule; permanent, never retried blindly', () => {
    const problems = valueProblems(
      { email: `bad\n${'x'.repeat(60)}`, status: 'open', tags: 'a;c' },
      PROPERTIES,
    );
    expect(problemFailure(problems)).toEqual({
      kind: 'record',
      retryable: false,
      code: 'INVALID_EMAIL',
      message:
        `Not sent to HubSpot, which would refuse it: email "bad\\n${'x'.repeat(36)}…" is not a valid email address; ` +
        `status "open" is not one of the property's options; ` +
        `tags "a;c" holds "c", which is not one of the property's options`,
      fields: ['email', 'status', 'tags'],
    });
    expect(shown('😀'.repeat(41))).toBe(`"${'😀'.repeat(40)}…"`);
  });
});

describe('sendValid', () => {
  it('sends only the valid records and answers every record in input order', async () => {
    const sent: string[][] = [];
    const outcomes = await sendValid(
      [
        { key: 'a', fields: { score: 1 } },
        { key: 'b', fields: { score: 'x' } },
        { key: 'c', fields: { score: 2 } },
      ],
      [...PROPERTIES.values()],
      async (valid): Promise<WriteOutcome[]> => {
        sent.push(valid.map((v) => v.key));
        return valid.map((v) => ({ ok: true, key: v.key, id: `id-${v.key}` }));
      },
    );
    expect(sent).toEqual([['a', 'c']]);
    expect(outcomes.map((o) => [o.key, o.ok])).toEqual([
      ['a', true],
      ['b', false],
      ['c', true],
    ]);
  });

  it('makes no call when nothing is valid', async () => {
    let calls = 0;
    const outcomes = await sendValid(
      [{ key: 'b', fields: { score: 'x' } }],
      [...PROPERTIES.values()],
      async () => {
        calls++;
        return [];
      },
    );
    expect(calls).toBe(0);
    expect(outcomes).toMatchObject([{ ok: false, key: 'b', failure: { code: 'INVALID_INTEGER' } }]);
  });
});
