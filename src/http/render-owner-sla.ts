/** The report page's hand-off tables per owner and per team, and rejection reasons (report/owner-sla.ts). */
import type { OwnerSla } from '../report/owner-sla.ts';
import { escapeHtml } from './render-admin-page.ts';

const hours = (h: number | null): string => (h === null ? '–' : `${h.toFixed(1)} h`);

export function ownerSlaTables(report: OwnerSla): string {
  const rows = report.owners
    .map(
      (r) =>
        `<tr data-owner="${escapeHtml(r.owner)}"><th scope="row">${escapeHtml(r.owner)}</th><td class="num">${r.mqls}</td><td class="num">${hours(r.medianHoursToFirstTouch)}</td><td class="num">${hours(r.medianHoursToAccept)}</td><td class="num">${r.rejected}</td><td class="num" data-without-reason="${r.rejectedWithoutReason}">${r.rejectedWithoutReason}</td></tr>`,
    )
    .join('\n');
  const reasons = report.rejectionReasons
    .map(
      (r) =>
        `<tr data-reason="${escapeHtml(r.reason)}"><th scope="row">${escapeHtml(r.reason)}</th><td class="num">${r.count}</td></tr>`,
    )
    .join('\n');
  const none = (cols: number, text: string): string => `<tr><td colspan="${cols}">${text}</td></tr>`;
  const teams = report.teams
    .map(
      (r) =>
        `<tr data-team="${escapeHtml(r.team)}"><th scope="row">${escapeHtml(r.team)}</th><td class="num">${r.mqls}</td><td class="num">${hours(r.medianHoursToFirstTouch)}</td><td class="num">${hours(r.medianHoursToAccept)}</td><td class="num">${r.rejected}</td><td class="num" data-without-reason="${r.rejectedWithoutReason}">${r.rejectedWithoutReason}</td></tr>`,
    )
    .join('\n');
  const teamTable =
    report.teams.length === 0
      ? ''
      : `<div class="table-scroll"><table id="team-sla">
<caption>Hand-off per team (stages.teams; medians over every finished MQL episode of the team)</caption>
<thead><tr><th scope="col">Team</th><th scope="col" class="num">MQLs</th><th scope="col" class="num">To first touch</th><th scope="col" class="num">To accept</th><th scope="col" class="num">Rejected</th><th scope="col" class="num">Without reason</th></tr></thead>
<tbody>${teams}</tbody>
</table></div>
`;
  return `<div class="table-scroll"><table id="owner-sla">
<caption>Hand-off per Salesforce owner (medians over finished MQL episodes)</caption>
<thead><tr><th scope="col">Owner</th><th scope="col" class="num">MQLs</th><th scope="col" class="num">To first touch</th><th scope="col" class="num">To accept</th><th scope="col" class="num">Rejected</th><th scope="col" class="num">Without reason</th></tr></thead>
<tbody>${rows}${report.owners.length === 0 ? none(6, 'No MQL in this period.') : ''}</tbody>
</table></div>
${teamTable}<div class="table-scroll"><table id="rejection-reasons">
<caption>Why sales rejected (stages.rejectionReasonField)</caption>
<thead><tr><th scope="col">Reason</th><th scope="col" class="num">Times</th></tr></thead>
<tbody>${reasons}${report.rejectionReasons.length === 0 ? none(2, 'No rejection recorded in this period (recorded while stages.rejectionReasonField is set).') : ''}</tbody>
</table></div>`;
}
