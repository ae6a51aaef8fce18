import { describe, expect, it } from 'vitest';
import { nextStage } from '../../../src/stages/next-stage.ts';
import { SlaConfig } from '../../../src/stages/schema.ts';
import { reassignTarget, slaStatus } from '../../../src/stages/sla.ts';
import { at, config, mql, quiet, stateAt, T0 } from './fixtures.ts';

// T0 is Monday 09:00 Berlin; 24 business hours (9-17) later is Wednesday 17:00 Berlin = at(56).
const sla = config.sla ?? SlaConfig.parse({ acceptWithinHours: 24, businessHours: false });
const DUE = '2026-11-04T16:00:00.000Z';

describe('slaStatus', () => {
  it.each([
    ['waiting, not yet due', null, at(55), 'on-time', false],
    ['waiting, exactly due', null, at(56), 'on-time', false],
    ['waiting, past due', null, at(56.01), 'breached', false],
    ['accepted in time', at(30), at(100), 'on-time', true],
    ['accepted exactly at the due time', at(56), at(100), 'on-time', true],
    ['accepted late', at(57), at(100), 'breached', true],
  ])('%s', (_label, acceptedAt, now, status, accepted) => {
    const result = slaStatus(T0, acceptedAt, sla, now);
    expect(result).toEqual({ status, accepted, dueAt: new Date(DUE) });
  });

  it('counts plain hours when business hours are off', () => {
    const plain = SlaConfig.parse({ acceptWithinHours: 24, businessHours: false });
    expect(slaStatus(T0, null, plain, at(24)).status).toBe('on-time');
    expect(slaStatus(T0, null, plain, at(24.01))).toMatchObject({ status: 'breached', dueAt: at(24) });
  });
});

describe('reassignTarget', () => {
  it.each([
    [0, 'queue-a'],
    [1, 'user-b'],
    [2, 'user-c'],
    [3, 'queue-a'],
    [302, 'user-c'],
    [-1, 'user-c'],
  ])('counter %i → %s', (counter, owner) => {
    expect(reassignTarget(['queue-a', 'user-b', 'user-c'], counter)).toBe(owner);
  });

  it('has nobody to reassign to without a list', () => {
    expect(reassignTarget([], 5)).toBeNull();
  });
});

describe('the SLA inside nextStage', () => {
  it('flags a waiting MQL once, re-routed round-robin, and records the breach', () => {
    const waiting = stateAt('MQL');
    expect(nextStage(waiting, mql, config, at(50)).slaBreach).toBeUndefined();
    const first = nextStage(waiting, { ...mql, reassignCounter: 4 }, config, at(60));
    expect(first.slaBreach).toEqual({
      mqlAt: T0.toISOString(),
      dueAt: DUE,
      detectedAt: at(60).toISOString(),
      reassignedTo: 'user-b',
    });
    expect(first.state.stage).toBe('MQL');
    expect(first.state.slaBreaches).toEqual([first.slaBreach]);
    const again = nextStage(first.state, mql, config, at(90));
    expect(again.slaBreach).toBeUndefined();
    expect(again.state.slaBreaches).toHaveLength(1);
  });

  it('does not flag an MQL accepted in this run, nor anyone outside MQL', () => {
    const accepted = nextStage(
      stateAt('MQL'),
      { ...mql, salesStatus: 'Working - Contacted' },
      config,
      at(60),
    );
    expect(accepted.state.stage).toBe('SAL');
    expect(accepted.slaBreach).toBeUndefined();
    expect(nextStage(stateAt('SAL'), quiet, config, at(500)).slaBreach).toBeUndefined();
  });

  it('starts a new SLA on each MQL re-entry', () => {
    let state = nextStage(stateAt('MQL'), mql, config, at(60)).state;
    state = nextStage(state, { ...mql, salesStatus: 'Closed - Not Converted' }, config, at(61)).state;
    const reentry = nextStage(state, { ...mql, lastActivityAt: at(62).toISOString() }, config, at(62));
    expect(reentry.transition?.to).toBe('MQL');
    expect(reentry.slaBreach).toBeUndefined();
    const late = nextStage(reentry.state, mql, config, at(62 + 24 * 7));
    expect(late.slaBreach?.mqlAt).toBe(at(62).toISOString());
    expect(late.state.slaBreaches).toHaveLength(2);
  });

  it('does nothing without an SLA in the config', () => {
    const { sla: _sla, ...noSla } = config;
    expect(nextStage(stateAt('MQL'), mql, noSla, at(1000)).slaBreach).toBeUndefined();
  });
});
