/**
 * The practitioners' model (seeds 000-004) as shipped in config/leadloop.example.yaml: a CEO is worth far
 * more than an IT manager, a product flyer far more than a whitepaper, A-D × 1-4, a 60-point hand-off,
 * and SAL / SQL / recycling from the Salesforce Lead Status.
 */
import { describe, expect, it } from 'vitest';
import { scorePerson } from '../../../src/scoring/score-person.ts';
import type { ProfileInput, ScoringActivity } from '../../../src/scoring/types.ts';
import { nextStage } from '../../../src/stages/next-stage.ts';
import { initialStageState, stageDates } from '../../../src/stages/stage-state.ts';
import { activity, exampleModel, exampleStages, NOW } from './fixtures.ts';

const model = exampleModel();
const score = (fields: ProfileInput, activities: ScoringActivity[] = []) =>
  scorePerson(model, { fields, activities }, NOW);

describe('the seed practice in the example model', () => {
  it('scores a CEO +100 and an IT manager +10', () => {
    expect(score({ jobtitle: 'CEO' }).profile).toBe(100);
    expect(score({ jobtitle: 'IT Manager' }).profile).toBe(10);
  });

  it('scores a product flyer +100 and a whitepaper +10 (fresh downloads)', () => {
    expect(score({}, [activity('content_download', 0, { tag: 'product-flyer' })]).engagement).toBe(100);
    expect(score({}, [activity('content_download', 0, { tag: 'whitepaper' })]).engagement).toBe(10);
  });

  it('spans the whole A-D × 1-4 matrix', () => {
    const cells = new Set<string>();
    const titles = ['CEO', 'VP Sales', 'IT Manager', 'Student'];
    const extras: ProfileInput[] = [
      { numberofemployees: 300, industry: 'Manufacturing', country: 'Germany' },
      {},
    ];
    const behaviour: ScoringActivity[][] = [
      [activity('content_download', 0, { tag: 'product-flyer' })],
      [activity('meeting', 0), activity('webinar', 0)],
      [activity('webinar', 0)],
      [],
    ];
    for (const jobtitle of titles) {
      for (const extra of extras)
        for (const acts of behaviour) cells.add(score({ jobtitle, ...extra }, acts).cell);
    }
    expect([...cells].sort()).toEqual(
      ['A', 'B', 'C', 'D'].flatMap((g) => ['1', '2', '3', '4'].map((l) => g + l)),
    );
  });

  it('hands off at 60 points in total, or in cells A1, A2, B1', () => {
    // Profile 30 (mid-size) + engagement 25 (webinar) = 55: not yet.
    expect(score({ numberofemployees: 300 }, [activity('webinar', 0)])).toMatchObject({
      total: 55,
      mql: false,
    });
    // + a fresh email click (5) reaches 60.
    expect(
      score({ numberofemployees: 300 }, [activity('webinar', 0), activity('email_click', 0)]),
    ).toMatchObject({
      total: 60,
      mql: true,
    });
    // Thirty days later the same behaviour has decayed below the threshold: the nightly rescore lowers stale leads.
    const later = scorePerson(
      model,
      {
        fields: { numberofemployees: 300 },
        activities: [activity('webinar', 0), activity('email_click', 0)],
      },
      new Date(NOW.getTime() + 30 * 86_400_000),
    );
    expect(later).toMatchObject({ total: 45, mql: false });
  });

  it('disqualifies junk, test addresses and competitors; caps purchased lists at C', () => {
    expect(score({ jobtitle: 'CEO', lastname: 'Mouse' }).disqualified?.rule).toBe('Junk name');
    expect(score({ email: 'jane@rivalsoft.com' }).disqualified?.reason).toBe('competitor');
    const bought = score({
      jobtitle: 'CEO',
      numberofemployees: 300,
      industry: 'Manufacturing',
      hs_analytics_source: 'OFFLINE_PURCHASED_LIST',
    });
    expect(bought).toMatchObject({ profile: 150, grade: 'C', cappedBy: 'Purchased list' });
  });

  it('moves MQL → SAL → SQL from the Lead Status, and recycles a rejected lead back to MQL later', () => {
    const stages = exampleStages();
    const day = (n: number) => new Date(NOW.getTime() + n * 86_400_000);
    let state = initialStageState(NOW);
    state = nextStage(state, { score: { mql: true } }, stages, day(1)).state;
    expect(state.stage).toBe('MQL');
    state = nextStage(
      state,
      { score: { mql: true }, salesStatus: 'Closed - Not Converted' },
      stages,
      day(2),
    ).state;
    expect(state).toMatchObject({ stage: 'RECYCLED', recycleCount: 1 });
    expect(state.history.at(-1)).toMatchObject({ cause: 'sales_feedback', detail: 'Closed - Not Converted' });
    // Still hot, but no new behaviour since the rejection: nurture first.
    const rejected = { score: { mql: true }, salesStatus: 'Closed - Not Converted' };
    expect(nextStage(state, rejected, stages, day(3)).state.stage).toBe('RECYCLED');
    // New behaviour after the recycle: MQL again, and counted.
    state = nextStage(state, { ...rejected, lastActivityAt: day(3).toISOString() }, stages, day(3)).state;
    expect(state).toMatchObject({ stage: 'MQL', mqlCount: 2 });
    state = nextStage(
      state,
      { score: { mql: true }, salesStatus: 'Working - Contacted' },
      stages,
      day(4),
    ).state;
    expect(state.stage).toBe('SAL');
    state = nextStage(
      state,
      { score: { mql: true }, salesStatus: 'Closed - Converted', converted: true },
      stages,
      day(5),
    ).state;
    expect(state.stage).toBe('SQL');
    expect(stageDates(state.history)).toMatchObject({
      MQL: day(3).toISOString(),
      SAL: day(4).toISOString(),
      SQL: day(5).toISOString(),
    });
  });
});
