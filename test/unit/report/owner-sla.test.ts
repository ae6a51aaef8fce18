import { describe, expect, it } from 'vitest';
import { formatOwnerSla, NO_REASON, ownerSla, type OwnerSlaPerson } from '../../../src/report/owner-sla.ts';
import { periodWindow } from '../../../src/report/report-period.ts';
import type { StageTransition } from '../../../src/stages/stage-state.ts';

const H = (h: number): string => new Date(Date.UTC(2026, 10, 2, 8) + h * 3_600_000).toISOString();
const move = (
  from: StageTransition['from'],
  to: StageTransition['to'],
  h: number,
  extra: Partial<StageTransition> = {},
): StageTransition => ({ from, to, at: H(h), cause: to === 'MQL' ? 'score' : 'sales_feedback', ...extra });
const reject = (h: number, reason: string | null, owner: string | null): StageTransition =>
  move('MQL', 'RECYCLED', h, { detail: 'Closed - Not Converted', rejection: { reason, owner } });
const person = (
  history: StageTransition[],
  owner: string | null,
  touches: number[] = [],
): OwnerSlaPerson => ({
  history: [move(null, 'MIL', -10, { cause: 'created' }), ...history],
  owner,
  salesTouches: touches.map(H),
});
const all = periodWindow('all', new Date(H(1000)));

describe('ownerSla', () => {
  it('times the first touch after the MQL entry and the acceptance, per owner', () => {
    const report = ownerSla(
      [
        // A touch before the MQL entry does not count; the first one after it does.
        person([move('MIL', 'MQL', 0), move('MQL', 'SAL', 6)], 'rep-a', [-5, 2, 3]),
        person([move('MIL', 'MQL', 0), move('MQL', 'SAL', 10)], 'rep-a', [4]),
        person([move('MIL', 'MQL', 0)], 'rep-b'),
      ],
      all,
    );
    expect(report.owners).toEqual([
      {
        owner: 'rep-a',
        mqls: 2,
        touched: 2,
        medianHoursToFirstTouch: 3,
        accepted: 2,
        medianHoursToAccept: 8,
        rejected: 0,
        rejectedWithoutReason: 0,
      },
      {
        owner: 'rep-b',
        mqls: 1,
        touched: 0,
        medianHoursToFirstTouch: null,
        accepted: 0,
        medianHoursToAccept: null,
        rejected: 0,
        rejectedWithoutReason: 0,
      },
    ]);
  });

  it('counts rejections for the owner who made them, with and without a reason', () => {
    const report = ownerSla(
      [
        // Rejected by rep-a, re-routed to rep-c since: the rejection stays rep-a's.
        person([move('MIL', 'MQL', 0), reject(5, 'No budget', 'rep-a')], 'rep-c'),
        person([move('MIL', 'MQL', 0), reject(5, null, 'rep-a')], 'rep-a'),
        // Accepted first, rejected later: still a rejection (from SAL), owner unknown → the record owner.
        person(
          [move('MIL', 'MQL', 0), move('MQL', 'SAL', 2), { ...reject(9, null, null), from: 'SAL' }],
          'rep-b',
        ),
      ],
      all,
    );
    expect(report.owners.map((r) => [r.owner, r.mqls, r.rejected, r.rejectedWithoutReason])).toEqual([
      ['rep-a', 2, 2, 1],
      ['rep-b', 1, 1, 1],
    ]);
    expect(report.rejectionReasons).toEqual([
      { reason: NO_REASON, count: 2 },
      { reason: 'No budget', count: 1 },
    ]);
    expect(formatOwnerSla(report).at(-1)).toBe('rejection reasons: (no reason) 2, No budget 1');
  });

  it('leaves out episodes and rejections before the period', () => {
    const recent = periodWindow('30d', new Date(H(24 * 40)));
    const report = ownerSla(
      [person([move('MIL', 'MQL', 0), reject(5, 'No budget', 'rep-a')], 'rep-a')],
      recent,
    );
    expect(report).toEqual({ owners: [], teams: [], rejectionReasons: [] });
  });

  it('gives each team the medians over all its owners’ episodes, owners in no team under (no team)', () => {
    const report = ownerSla(
      [
        // rep-a: one episode, touched after 1 h, accepted after 2 h.
        person([move('MIL', 'MQL', 0), move('MQL', 'SAL', 2)], 'rep-a', [1]),
        // rep-b: three episodes, touched after 5, 7 and 9 h, accepted after 10, 12 and 14 h.
        ...[0, 2, 4].map((d) =>
          person([move('MIL', 'MQL', 0), move('MQL', 'SAL', 10 + d)], 'rep-b', [5 + d]),
        ),
        person([move('MIL', 'MQL', 0), reject(3, null, 'rep-x')], 'rep-x'),
      ],
      all,
      { Inbound: ['rep-a', 'rep-b'], Partners: ['rep-p'] },
    );
    // The median over the four episodes (6 h, 11 h), not of the owners' medians (1 and 7 h → 4 h).
    expect(report.teams).toEqual([
      {
        team: 'Inbound',
        mqls: 4,
        touched: 4,
        medianHoursToFirstTouch: 6,
        accepted: 4,
        medianHoursToAccept: 11,
        rejected: 0,
        rejectedWithoutReason: 0,
      },
      {
        team: '(no team)',
        mqls: 1,
        touched: 0,
        medianHoursToFirstTouch: null,
        accepted: 0,
        medianHoursToAccept: null,
        rejected: 1,
        rejectedWithoutReason: 1,
      },
    ]);
    expect(report.owners.map((r) => r.owner)).toEqual(['rep-b', 'rep-a', 'rep-x']);
    expect(formatOwnerSla(report)).toContain(
      '  Inbound                    4        4        6.0 h         4     11.0 h         0               0',
    );
  });
});
