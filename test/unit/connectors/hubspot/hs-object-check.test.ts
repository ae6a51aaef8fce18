import { describe, expect, it } from 'vitest';
import { HsListPage, HsObject, hsRejections, isHsObject } from '../../../../connectors/hubspot/schemas.ts';

const valid = {
  id: '101',
  properties: { email: 'a@example.com', jobtitle: null },
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-02T00:00:00.000Z',
  archived: false,
};

// The check must accept exactly what HsObject accepts and returns unchanged; the rest goes to the schema.
const cases: [string, unknown, boolean][] = [
  ['a list result', valid, true],
  ['only id and properties', { id: '1', properties: {} }, true],
  [
    'nulls where the schema allows nullish',
    { ...valid, createdAt: null, archived: null, archivedAt: null },
    true,
  ],
  ['a batch result with its trace id', { ...valid, objectWriteTraceId: 't1' }, true],
  ['a key the schema strips', { ...valid, associations: { companies: { results: [] } } }, false],
  ['a numeric property value', { ...valid, properties: { num_employees: 5 } }, false],
  ['a numeric id', { ...valid, id: 101 }, false],
  ['properties as a list', { ...valid, properties: [] }, false],
  ['no properties', { id: '1' }, false],
  ['archived as text', { ...valid, archived: 'false' }, false],
  ['a numeric stamp', { ...valid, updatedAt: 1767225600000 }, false],
  ['not an object', '101', false],
];

describe('isHsObject', () => {
  it.each(cases)('%s', (_, raw, accepted) => {
    expect(isHsObject(raw)).toBe(accepted);
    // Whatever it accepts, the schema accepts and returns equal.
    if (accepted) expect(HsObject.parse(raw)).toEqual(raw);
  });

  it('lets a page keep valid results as they came, and still salvages a poison one', () => {
    const poison = { ...valid, id: '102', properties: { email: 'b@example.com', num_employees: 5 } };
    const page = HsListPage.parse({ results: [valid, poison] });
    expect(page.results[0]).toBe(valid);
    expect(page.results[1]?.properties).toEqual({ email: 'b@example.com' });
    expect(hsRejections.get(page.results[1]!)).toMatch(/num_employees/);
  });
});
