/**
 * Decay alone does not rewrite the explanation. The explanation lists each behaviour's decayed points to one
 * decimal, so it changes a little every hour; writing it for that alone would touch every engaged lead
 * nightly. It is written with a score change: hours later the text differs but the plan writes nothing,
 * and once decay moves the rounded score, the score and the explanation are written together.
 */
import { describe, expect, it } from 'vitest';
import type { Activity } from '../../../src/domain/activity.ts';
import type { FieldValue } from '../../../src/domain/person.ts';
import type { RecordSnapshot } from '../../../src/state/types.ts';
import { emptyPersonState } from '../../../src/sync/person-state.ts';
import { planPerson, type PersonPlan } from '../../../src/sync/plan-person.ts';
import { exampleConfig, hubspot, inputs, lead, NOW, planSettings } from './fixtures.ts';

const HOUR = 3_600_000;
const at = (hours: number): Date => new Date(NOW.getTime() + hours * HOUR);
const landed = (snap: RecordSnapshot, p: PersonPlan): RecordSnapshot => ({
  ...snap,
  fields: {
    ...snap.fields,
    ...Object.fromEntries(p.writes.filter((w) => w.id === snap.id).map((w) => [w.field, w.to as FieldValue])),
  },
});

// A meeting 10 days before NOW: 40 points × 0.5^(10 / 30) ≈ 31.75, so the rounded engagement is 32 for a
// few hours yet while its one-decimal display drops.
const meeting: Activity = {
  crm: 'hubspot',
  sourceId: 'meeting-1',
  recordId: '101',
  type: 'meeting',
  occurredAt: new Date(NOW.getTime() - 10 * 24 * HOUR).toISOString(),
};

describe('decay and the explanation', () => {
  it('is not rewritten for decay alone, and is rewritten with the score it explains', () => {
    const settings = planSettings(exampleConfig());
    const contact = hubspot('101', { email: 'ann@acme.example', jobtitle: 'CEO' });
    const leadRecord = lead('00Q1', { Email: 'ann@acme.example', Title: 'CEO' });
    const person = (hs: RecordSnapshot, ld: RecordSnapshot, state = emptyPersonState()) =>
      inputs({ hubspot: hs, lead: ld, activities: [meeting], state });

    const first = planPerson(person(contact, leadRecord), settings, at(0));
    const [hs1, ld1] = [landed(contact, first), landed(leadRecord, first)];

    const later = planPerson(person(hs1, ld1, first.state), settings, at(6));
    expect(later.score.engagement).toBe(first.score.engagement);
    expect(later.score.explanation).not.toBe(first.score.explanation);
    expect(later.writes).toEqual([]);

    // Days later decay moves the rounded engagement: score and explanation are written together.
    const days = planPerson(person(hs1, ld1, first.state), settings, at(5 * 24));
    expect(days.score.engagement).toBeLessThan(first.score.engagement);
    const fields = days.writes.filter((w) => w.id === '101').map((w) => w.field);
    expect(fields).toContain('leadloop_engagement_score');
    expect(fields).toContain('leadloop_explanation');
  });
});
