import { describe, expect, it } from 'vitest';
import type { OwnerSla } from '../../../src/report/owner-sla.ts';
import { ownerSlaTables } from '../../../src/http/render-owner-sla.ts';

const figures = {
  mqls: 4,
  touched: 4,
  medianHoursToFirstTouch: 6,
  accepted: 4,
  medianHoursToAccept: 11,
  rejected: 1,
  rejectedWithoutReason: 1,
};
const report = (teams: OwnerSla['teams']): OwnerSla => ({
  owners: [{ owner: 'rep-a', ...figures }],
  teams,
  rejectionReasons: [],
});

describe('hand-off tables on the report page', () => {
  it('adds a table per team when stages.teams is set, escaping team names', () => {
    const html = ownerSlaTables(report([{ team: 'Inbound <DACH>', ...figures }]));
    expect(html).toContain('<table id="team-sla">');
    expect(html).toContain(
      '<tr data-team="Inbound &lt;DACH&gt;"><th scope="row">Inbound &lt;DACH&gt;</th><td class="num">4</td><td class="num">6.0 h</td><td class="num">11.0 h</td>',
    );
  });

  it('shows no team table without teams', () => {
    expect(ownerSlaTables(report([]))).not.toContain('team-sla');
  });
});
