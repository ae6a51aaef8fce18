import { describe, expect, it } from 'vitest';
import type { SideChange } from '../../../../src/mapping/sync-rules.ts';
import { createPlaceholders, mappedFieldWrites } from '../../../../src/sync/plan/mapped-field-writes.ts';
import type { PlannedWrite } from '../../../../src/sync/plan/planned-write.ts';
import { exampleConfig, hubspot, write } from '../fixtures.ts';

const snap = hubspot('h1', { company: 'Acme', jobtitle: 'CTO', numberofemployees: '250' });
const placeholders = createPlaceholders(
  exampleConfig((c) => ({ ...c, handoff: { ...c.handoff, defaultCompany: 'Unknown Co' } })),
);

describe('createPlaceholders', () => {
  it('holds the configured default company and the Lead fallbacks', () => {
    expect([...placeholders].sort()).toEqual(['Unknown Co', '[not provided]']);
  });
});

describe('mappedFieldWrites', () => {
  it.each<[string, Record<string, SideChange>, PlannedWrite[]]>([
    [
      'a decided value the record lacks is written, with the rule that decided it',
      { jobtitle: { value: 'CEO', reason: 'two-way:salesforce-changed' } },
      [write(snap, 'jobtitle', 'CTO', 'CEO', 'mapping two-way:salesforce-changed')],
    ],
    [
      'a value the record holds (in another spelling) is no write',
      { numberofemployees: { value: 250, reason: 'prefer-salesforce-unless-blank:preferred-value' } },
      [],
    ],
    [
      'the default company of a created Lead never reaches HubSpot',
      { company: { value: 'Unknown Co', reason: 'prefer-salesforce-unless-blank:preferred-value' } },
      [],
    ],
    [
      'nor the Lead fallback placeholder',
      {
        company: { value: '[not provided]', reason: 'prefer-salesforce-unless-blank:preferred-value' },
        lastname: { value: '[not provided]', reason: 'two-way:first-sync' },
      },
      [],
    ],
    [
      'a real value next to a placeholder still goes',
      {
        company: { value: '[not provided]', reason: 'prefer-salesforce-unless-blank:preferred-value' },
        jobtitle: { value: 'VP Sales', reason: 'two-way:hubspot-changed' },
      },
      [write(snap, 'jobtitle', 'CTO', 'VP Sales', 'mapping two-way:hubspot-changed')],
    ],
  ])('%s', (_case, changes, expected) => {
    expect(mappedFieldWrites(snap, changes, placeholders)).toEqual(expected);
  });
});
