/**
 * A person is scored once per plan: the explanation (a second pass over the model's rules and the
 * person's activities, for the contributions) is built only when it is written, that is when the score
 * moved, the CRM holds none, or a record is created. A repeated plan of an unchanged person never builds it.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FieldValue } from '../../../src/domain/person.ts';
import { ScoreResult } from '../../../src/scoring/score-result.ts';
import type { RecordSnapshot } from '../../../src/state/types.ts';
import { emptyPersonState } from '../../../src/sync/person-state.ts';
import { planPerson, type PersonPlan } from '../../../src/sync/plan-person.ts';
import { exampleConfig, hubspot, inputs, lead, NOW, planSettings } from './fixtures.ts';

afterEach(() => vi.restoreAllMocks());

const landed = (snap: RecordSnapshot, p: PersonPlan): RecordSnapshot => ({
  ...snap,
  fields: {
    ...snap.fields,
    ...Object.fromEntries(p.writes.filter((w) => w.id === snap.id).map((w) => [w.field, w.to as FieldValue])),
  },
});

describe('scoring once per plan', () => {
  it('explains a person whose score moved, and not one whose score stayed', () => {
    const explained = vi.spyOn(ScoreResult.prototype, 'explanation', 'get');
    const settings = planSettings(exampleConfig());
    const contact = hubspot('101', { email: 'ann@acme.example', jobtitle: 'CEO' });
    const leadRecord = lead('00Q1', { Email: 'ann@acme.example', Title: 'CEO' });
    const first = planPerson(
      inputs({ hubspot: contact, lead: leadRecord, state: emptyPersonState() }),
      settings,
      NOW,
    );
    expect(first.writes.some((w) => w.field === 'leadloop_explanation')).toBe(true);
    expect(explained).toHaveBeenCalled();

    explained.mockClear();
    const again = planPerson(
      inputs({ hubspot: landed(contact, first), lead: landed(leadRecord, first), state: first.state }),
      settings,
      NOW,
    );
    expect(again.writes).toEqual([]);
    expect(again.creates).toEqual([]);
    expect(explained).not.toHaveBeenCalled();
  });
});
