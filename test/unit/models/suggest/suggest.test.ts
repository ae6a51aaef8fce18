import { describe, expect, it } from 'vitest';
import { suggestModel } from '../../../../src/models/suggest/suggest.ts';
import type { BacktestRecord, Outcome } from '../../../../src/scoring/backtest.ts';
import { ScoringConfig } from '../../../../src/scoring/schema.ts';
import { activity, engagementRules, NOW, profileRules, scoringConfig } from '../../scoring/fixtures.ts';
import { logistic, seeded } from './random.ts';

// The current model believes in CEOs and demos and dislikes engineers. The truth (below) is that engineers
// and demos convert, CEOs do not matter, and software companies convert, which the model does not read.
const current = scoringConfig({
  modelVersion: 'm1',
  ...profileRules([
    { name: 'CEO', field: 'jobtitle', equals: 'CEO', points: 100 },
    { name: 'Engineer', field: 'jobtitle', equals: 'Engineer', points: -20 },
  ]),
  ...engagementRules([
    { name: 'Demo', activity: 'form_submission', points: 50 },
    { name: 'Newsletter', activity: 'email_open', points: 10, maxPoints: 30 },
  ]),
  disqualify: [{ name: 'Junk', when: { field: 'lastname', equals: 'Mouse' } }],
  handoff: { mqlCells: ['A1'], mqlThreshold: 80 },
});

function world(size: number, seed: number): BacktestRecord[] {
  const random = seeded(seed);
  const titles = ['CEO', 'Engineer', 'Analyst'];
  const industries = ['Software', 'Retail', 'Mining'];
  return Array.from({ length: size }, (_, i): BacktestRecord => {
    const jobtitle = titles[Math.floor(random() * 3)] ?? 'Analyst';
    const industry = industries[Math.floor(random() * 3)] ?? 'Retail';
    const demos = random() < 0.3 ? 1 : 0;
    const opens = Math.floor(random() * 4);
    const z = -1.5 + (jobtitle === 'Engineer' ? 1.5 : 0) + (industry === 'Software' ? 1.2 : 0) + demos * 1.5;
    const good = random() < logistic(z);
    const outcome: Outcome = random() < 0.1 ? 'open' : good ? (random() < 0.5 ? 'won' : 'sql') : 'recycled';
    return {
      id: `p${i}`,
      fields: { jobtitle, industry, lastname: i % 97 === 0 ? 'Mouse' : 'Smith', leadloop_grade: 'A' },
      activities: [
        ...Array.from({ length: demos }, () => activity('form_submission', 2)),
        ...Array.from({ length: opens }, () => activity('email_open', 5)),
      ],
      outcome,
      scoredAt: NOW,
    };
  });
}

const records = world(3000, 5);
const report = suggestModel(records, current, { excludePrefixes: ['leadloop_'] });
const pointsOf = (rule: string): number | undefined =>
  report.candidate.profile.rules.find((r) => r.name === rule)?.points ??
  report.candidate.engagement.rules.find((r) => r.name === rule)?.points;

describe('suggestModel on a world whose outcomes follow known weights', () => {
  it('ranks the held-out people better than the current model', () => {
    expect(report.current.auc).not.toBeNull();
    expect(report.suggested.auc ?? 0).toBeGreaterThan((report.current.auc ?? 1) + 0.1);
    expect(report.suggested.lift[0]?.lift ?? 0).toBeGreaterThan(report.current.lift[0]?.lift ?? 0);
  });

  it('recovers the signs and order of the true weights', () => {
    expect(pointsOf('Engineer')).toBeGreaterThan(0);
    expect(Math.abs(pointsOf('CEO') ?? 100)).toBeLessThan(pointsOf('Engineer') ?? 0);
    expect(pointsOf('Demo')).toBeGreaterThan(pointsOf('Newsletter') ?? 0);
    expect(report.changes[0]?.rule).toBe('CEO');
  });

  it('finds the field the model does not read yet, and not leadloop output', () => {
    const software = report.newSignals.find((s) => s.rule === 'Suggested: industry = software');
    expect(software?.points).toBeGreaterThan(0);
    expect(software?.heldOut.rate ?? 0).toBeGreaterThan(report.heldOut.baseRate ?? 1);
    expect(report.newSignals.some((s) => s.bucket.field === 'leadloop_grade')).toBe(false);
    expect(report.candidate.profile.rules).toContainEqual({
      name: 'Suggested: industry = software',
      field: 'industry',
      equals: 'software',
      points: software?.points,
    });
  });

  it('learns only from known outcomes of people the model does not disqualify, split by id', () => {
    const open = records.filter((r) => r.outcome === 'open').length;
    const junk = records.filter((r) => r.outcome !== 'open' && r.fields.lastname === 'Mouse').length;
    expect(report.unknown).toBe(open);
    expect(report.disqualified).toBe(junk);
    expect(report.train.people + report.heldOut.people).toBe(3000 - open - junk);
    expect(report.heldOut.people / (3000 - open - junk)).toBeCloseTo(0.3, 1);
  });

  it('emits a valid model that keeps the hand-off share and the caps of the current one', () => {
    expect(ScoringConfig.safeParse(report.candidate).success).toBe(true);
    const points = [...report.candidate.profile.rules, ...report.candidate.engagement.rules].map(
      (r) => r.points,
    );
    // Integers, and never -0 (YAML would print it as -0).
    expect(points.every((p) => Number.isInteger(p) && !Object.is(p, -0))).toBe(true);
    expect(report.candidate.modelVersion).toBe('m1-suggested');
    expect(report.candidate.disqualify).toEqual(current.disqualify);
    expect(report.candidate.handoff.mqlCells).toEqual(['A1']);
    // The cap keeps its size in occurrences: 3 newsletter opens.
    const newsletter = report.candidate.engagement.rules.find((r) => r.name === 'Newsletter');
    expect(newsletter?.maxPoints).toBe(Math.round(3 * Math.abs(newsletter?.points ?? 0)));
  });

  it('is deterministic', () => {
    expect(suggestModel(records, current, { excludePrefixes: ['leadloop_'] })).toEqual(report);
  });

  it('refuses to fit on too few known outcomes, saying how many it has', () => {
    expect(() => suggestModel(records.slice(0, 20), current)).toThrow(
      /too few known outcomes to fit: the training split has \d+ good \(SQL\) and \d+ other outcomes, at least 10 of each are needed/,
    );
  });

  it('with --outcome WON, counts only won deals as good and leaves open SQLs out', () => {
    const won = suggestModel(records, current, { outcome: 'WON' });
    const sql = records.filter((r) => r.outcome === 'sql').length;
    expect(won.unknown).toBe(report.unknown + sql);
    expect(won.outcome).toBe('WON');
  });
});

describe('suggestModel when the current model already ranks well', () => {
  // Roughly the truth of `world` (engineers, demos), plus a rule nobody in the data matches.
  const decent = scoringConfig({
    modelVersion: 'm2',
    ...profileRules([
      { name: 'Engineer', field: 'jobtitle', equals: 'Engineer', points: 60 },
      { name: 'Astronaut', field: 'jobtitle', equals: 'Astronaut', points: 40 },
    ]),
    ...engagementRules([{ name: 'Demo', activity: 'form_submission', points: 60 }]),
  });
  const suggestion = suggestModel(records, decent, { excludePrefixes: ['leadloop_'] });
  const points = (rule: string): number | undefined =>
    suggestion.candidate.profile.rules.find((r) => r.name === rule)?.points;

  it("keeps the current model's scale and the points of a rule the data cannot judge", () => {
    expect(suggestion.fit.scaleFrom).toBe('current model');
    expect(points('Astronaut')).toBe(40);
    // Engineers and demos weigh the same in the truth, and stay close to each other.
    const demo = suggestion.candidate.engagement.rules.find((r) => r.name === 'Demo')?.points ?? 0;
    expect(Math.abs((points('Engineer') ?? 0) - demo)).toBeLessThan(15);
    expect(suggestion.suggested.auc ?? 0).toBeGreaterThan(suggestion.current.auc ?? 1);
  });
});

describe('suggestModel with a rule the current model gives no points', () => {
  it('gives an engagement rule at 0 points its weight back when the outcomes say so', () => {
    const zeroDemo = scoringConfig({
      modelVersion: 'm3',
      ...profileRules([{ name: 'Engineer', field: 'jobtitle', equals: 'Engineer', points: 60 }]),
      ...engagementRules([{ name: 'Demo', activity: 'form_submission', points: 0, maxPoints: 100 }]),
    });
    const suggestion = suggestModel(records, zeroDemo, { excludePrefixes: ['leadloop_'] });
    const demo = suggestion.candidate.engagement.rules.find((r) => r.name === 'Demo');
    expect(demo?.points).toBeGreaterThan(30);
    // A cap on a 0-point rule has no size in occurrences to keep: it goes.
    expect(demo?.maxPoints).toBeUndefined();
  });
});
