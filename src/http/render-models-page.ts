/**
 * The models page (pure): the live version and its history, a budgeted rescore's progress, and, while a
 * candidate is shadowed, what `leadloop model compare` prints — the movement matrix (rows live cells,
 * columns candidate cells, only those anyone is in), MQLs gained and lost with examples, and both models'
 * predictions of the stage moves since the shadow began. Same numbers as `model compare --json`.
 */
import type { CompareReport, MqlExample } from '../models/compare.ts';
import type { ModelOverview } from '../models/load-comparison.ts';
import type { PredictionStats } from '../models/prediction.ts';
import { escapeHtml, layout } from './render-admin-page.ts';
import { consoleHeader } from './render-nav.ts';

const pct = (v: number | null): string => (v === null ? '–' : `${(v * 100).toFixed(1)} %`);
const num = (v: number | null): string => (v === null ? '' : String(v));

function movementTable(r: CompareReport): string {
  const m = r.movement;
  const used = (i: number): boolean =>
    (m.counts[i] ?? []).some((c) => c > 0) || m.counts.some((row) => (row[i] ?? 0) > 0);
  const idx = m.cells.map((_, i) => i).filter(used);
  const head = idx.map((j) => `<th scope="col">${escapeHtml(m.cells[j] ?? '')}</th>`).join('');
  const rows = idx
    .map((i) => {
      const live = m.cells[i] ?? '';
      const tds = idx
        .map((j) => {
          const c = m.counts[i]?.[j] ?? 0;
          const cls = i === j ? ' class="stay"' : c > 0 ? ' class="move"' : '';
          return `<td data-live="${live}" data-candidate="${m.cells[j] ?? ''}"${cls}>${c === 0 ? '' : c}</td>`;
        })
        .join('');
      return `<tr><th scope="row">${escapeHtml(live)}</th>${tds}</tr>`;
    })
    .join('\n');
  return `<table id="movement">
<caption>Live cell (rows) → candidate cell (columns): <span id="moved">${m.moved}</span> of <span id="scored">${m.total}</span> people move</caption>
<thead><tr><th scope="col">live \\ candidate</th>${head}</tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}

function examples(id: string, title: string, list: readonly MqlExample[]): string {
  if (list.length === 0) return `<p id="${id}">${escapeHtml(title)}: none.</p>`;
  const items = list
    .map(
      (e) =>
        `<li data-person="${escapeHtml(e.personId)}"><a href="/admin/people?q=${encodeURIComponent(e.email ?? e.personId)}">${escapeHtml(e.email ?? e.personId)}</a>: live ${escapeHtml(e.live.cell)} ${e.live.total} → candidate ${escapeHtml(e.candidate.cell)} ${e.candidate.total}</li>`,
    )
    .join('');
  return `<h3>${escapeHtml(title)}</h3><ul id="${id}">${items}</ul>`;
}

function predictionRow(label: string, s: PredictionStats): string {
  const lift = s.lift.map((d) => (d.lift === null ? '–' : d.lift.toFixed(2))).join(' · ');
  return `<tr data-model="${label}"><th scope="row">${label}</th><td>${s.mql.count}</td><td>${s.mql.good}</td>
<td data-value="${num(s.precision)}">${pct(s.precision)}</td><td data-value="${num(s.recall)}">${pct(s.recall)}</td><td>${escapeHtml(lift || '–')}</td></tr>`;
}

function comparison(r: CompareReport): string {
  const judged =
    r.live.judged === 0
      ? '<p>No outcome yet: nobody shadowed has reached SQL, Won, Recycled or Disqualified since the shadow began.</p>'
      : `<table id="predictions">
<caption>Predictions at the shadow start against what sales did since (${r.live.judged} people, ${r.live.good} reached SQL or Won)</caption>
<thead><tr><th scope="col">model</th><th scope="col">MQLs</th><th scope="col">of them SQL/Won</th><th scope="col">precision</th><th scope="col">recall</th><th scope="col">lift by decile</th></tr></thead>
<tbody>${predictionRow('live', r.live)}${predictionRow('candidate', r.candidate)}</tbody>
</table>`;
  return `<section aria-labelledby="candidate-h">
<h2 id="candidate-h">Candidate <span id="candidate-version">${escapeHtml(r.candidateVersion)}</span>, shadowed since ${escapeHtml(r.since)}</h2>
<p><span id="people-scored">${r.people}</span> people scored beside live ${escapeHtml(r.liveVersion)}; nothing of it is written to a CRM.</p>
${movementTable(r)}
<h3>MQLs</h3>
<p>Live <span id="mql-live">${r.mql.live}</span>, candidate <span id="mql-candidate">${r.mql.candidate}</span>: gained <span id="mql-gained">${r.mql.gained}</span>, lost <span id="mql-lost">${r.mql.lost}</span>.</p>
${examples('gained', 'Gained, e.g.', r.mql.gainedExamples)}
${examples('lost', 'Lost, e.g.', r.mql.lostExamples)}
<h3>Stage moves since the shadow began: <span id="stage-moved">${r.stageMoved}</span></h3>
${judged}
<p>Publish with <code>leadloop model publish</code> (it shows the write volume first); stop with <code>leadloop model drop</code>.</p>
</section>`;
}

export function renderModelsPage(o: ModelOverview): string {
  const history =
    o.history.length === 0
      ? '<p>No version recorded yet: the first sync records the live one.</p>'
      : `<table id="history"><caption>Live versions, newest first</caption>
<thead><tr><th scope="col">version</th><th scope="col">since</th><th scope="col">by</th><th scope="col">scoring hash</th></tr></thead>
<tbody>${o.history
          .map(
            (h) =>
              `<tr data-version="${escapeHtml(h.modelVersion)}"><td>${escapeHtml(h.modelVersion)}</td><td>${escapeHtml(h.at)}</td><td>${escapeHtml(h.by)}</td><td><code>${escapeHtml(h.configHash)}</code></td></tr>`,
          )
          .join('')}</tbody></table>`;
  const rescore = o.rescore
    ? `<p id="rescore">Rescore to ${escapeHtml(o.rescore.modelVersion)}: ${o.rescore.next} of ${o.rescore.total} people released${o.rescore.finishedAt ? `, finished ${escapeHtml(o.rescore.finishedAt)}` : ', continuing within scoring.rescoreBudget'}.</p>`
    : '';
  const candidate = o.comparison
    ? comparison(o.comparison)
    : '<p id="no-candidate">No candidate is shadowed. Register one with <code>leadloop model shadow candidate.yaml</code>.</p>';
  return layout(
    'leadloop: models',
    `${consoleHeader('/admin/models', 'Models')}
<main id="main">
<section aria-labelledby="live-h">
<h2 id="live-h">Live model <span id="live-version">${escapeHtml(o.live)}</span></h2>
${rescore}
${history}
</section>
${candidate}
</main>`,
  ).replace('<body>', '<body data-ready="true">');
}
