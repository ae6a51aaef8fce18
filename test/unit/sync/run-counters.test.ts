/**
 * Run counters have typed names: a misspelt or renamed counter is a type error where it is added or read
 * (the `@ts-expect-error` lines fail `npm run typecheck` the day such a name becomes valid), and a report
 * lists only what was added.
 */
import { describe, expect, it } from 'vitest';
import { RunCounters, type CounterValues } from '../../../src/sync/run-counters.ts';

describe('run counters', () => {
  it('adds, reads and lists typed counters in name order', () => {
    const c = new RunCounters();
    c.add('recordsPulled', 3);
    c.add('writes.hubspot.leadloop_score');
    c.add('writes.hubspot.leadloop_score');
    c.add('transitions.MQL');
    expect(c.get('recordsPulled')).toBe(3);
    expect(c.get('peopleProcessed')).toBe(0);
    expect(c.toJSON()).toEqual({
      recordsPulled: 3,
      'transitions.MQL': 1,
      'writes.hubspot.leadloop_score': 2,
    });
    expect(Object.keys(c.toJSON())).toEqual([
      'recordsPulled',
      'transitions.MQL',
      'writes.hubspot.leadloop_score',
    ]);
  });

  it('refuses names that are not counters, at compile time', () => {
    const c = new RunCounters();
    // @ts-expect-error: a misspelt counter
    c.add('recordPulled');
    // @ts-expect-error: not a stage
    c.add('transitions.LEAD');
    // @ts-expect-error: not a CRM
    c.add('writes.pipedrive.score');
    const report: CounterValues = c.toJSON();
    // @ts-expect-error: reading a counter that does not exist
    expect(report['peopleScored']).toBeUndefined();
  });
});
