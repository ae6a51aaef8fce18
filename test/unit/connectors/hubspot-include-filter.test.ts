import { describe, expect, it } from 'vitest';
import {
  applyInclude,
  checkIncludeProperties,
  hideOutsideExisting,
  insideInclude,
} from '../../../connectors/hubspot/include-filter.ts';
import { HubSpotInclude } from '../../../src/config/include.ts';
import type { PersonRecord } from '../../../src/domain/person.ts';

const include = HubSpotInclude.parse({
  filterGroups: [
    {
      filters: [
        { propertyName: 'country', operator: 'IN', values: ['Germany', 'Austria'] },
        { propertyName: 'numberofemployees', operator: 'GTE', value: 50 },
      ],
    },
    { filters: [{ propertyName: 'hs_lead_status', operator: 'EQ', value: 'open' }] },
  ],
});

const record = (fields: PersonRecord['fields'], deleted = false): PersonRecord => ({
  crm: 'hubspot',
  object: 'contact',
  id: '101',
  modifiedAt: '2026-12-01T00:00:00.000Z',
  fields,
  deleted,
});

describe('sync.include.hubspot', () => {
  it('holds when every filter of one group holds: groups OR, filters AND, strings in any case', () => {
    expect(insideInclude(include, { country: ' germany', numberofemployees: '120' })).toBe(true);
    expect(insideInclude(include, { country: 'Germany', numberofemployees: '10' })).toBe(false);
    expect(insideInclude(include, { country: 'France', hs_lead_status: 'OPEN' })).toBe(true);
    expect(insideInclude(include, { country: null, numberofemployees: null })).toBe(false);
  });

  it('turns a contact outside into an excluded deletion and leaves deletions as they are', () => {
    expect(applyInclude(include, record({ country: 'France' }))).toMatchObject({
      deleted: true,
      excluded: true,
    });
    expect(applyInclude(include, record({ hs_lead_status: 'open' })).deleted).toBe(false);
    expect(applyInclude(include, record({}, true)).excluded).toBeUndefined();
  });

  it('names the path of a property the portal lacks', () => {
    expect(() => checkIncludeProperties(include, new Set(['country', 'hs_lead_status']))).toThrow(
      'sync.include.hubspot.filterGroups[0].filters[1].propertyName: HubSpot contacts have no property "numberofemployees"',
    );
  });

  it('refuses HubSpot search shapes it cannot hold: more than 10 filters in a group', () => {
    const filters = Array.from({ length: 11 }, () => ({ propertyName: 'country', operator: 'HAS_PROPERTY' }));
    expect(HubSpotInclude.safeParse({ filterGroups: [{ filters }] }).success).toBe(false);
  });

  it('keeps a create refused for a contact outside the filter a failure without `existing`', async () => {
    const failure = {
      kind: 'record' as const,
      retryable: false,
      code: 'CONFLICT',
      message: 'exists',
      fields: [],
    };
    const out = await hideOutsideExisting(
      [
        { ok: false, key: 'a', failure, existing: { object: 'contact', id: '7' } },
        { ok: false, key: 'b', failure, existing: { object: 'contact', id: '8' } },
      ],
      async () => ['7'],
    );
    expect(out[0]).toMatchObject({ ok: false, failure: { code: 'HUBSPOT_OUTSIDE_INCLUDE' } });
    expect(out[0]).not.toHaveProperty('existing');
    expect(out[1]).toMatchObject({ existing: { id: '8' } });
  });
});
