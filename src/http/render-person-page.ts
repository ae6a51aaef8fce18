/**
 * The person page (pure): what `leadloop explain` says, for the people a search finds: score and cell,
 * each rule's contribution, the stage history with dates and causes, the linked records (with links into
 * each CRM when known), and the writes a sync would make now. Everything from a CRM is escaped.
 */
import type { ExplainedPerson } from '../sync/explain-person.ts';
import { escapeHtml, layout } from './render-admin-page.ts';
import { consoleHeader } from './render-nav.ts';

export interface PersonView {
  readonly plan: ExplainedPerson;
  readonly records: readonly { crm: string; object: string; id: string; url?: string; primary: boolean }[];
}

const points = (n: number): string => `${n >= 0 ? '+' : ''}${Number.isInteger(n) ? n : n.toFixed(1)}`;
const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const json = (v: unknown): string => escapeHtml(JSON.stringify(v) ?? 'null');

function personSection(view: PersonView, index: number): string {
  const { plan } = view;
  const s = plan.score;
  const id = `person-${index}`;
  const notes = [
    s.mql ? 'an MQL by the model' : 'not an MQL by the model',
    s.disqualified ? `disqualified by "${s.disqualified.rule}" (${s.disqualified.reason})` : '',
    s.cappedBy ? `grade capped by "${s.cappedBy}"` : '',
  ].filter(Boolean);
  const contributions = s.contributions
    .map((c) =>
      c.kind === 'profile'
        ? `<tr><td>Fit</td><th scope="row">${escapeHtml(c.rule)}</th><td class="num">${points(c.points)}</td><td></td></tr>`
        : `<tr><td>Behaviour</td><th scope="row">${escapeHtml(c.rule)}</th><td class="num">${points(c.value)}</td><td>${c.occurredAtMs.length}× ${points(c.points)}, decayed${c.capped ? ', capped' : ''}; ${c.occurredAtMs.slice(0, 3).map(day).join(', ')}${c.occurredAtMs.length > 3 ? ', …' : ''}</td></tr>`,
    )
    .join('\n');
  const history = plan.stage.state.history
    .map(
      (t) =>
        `<tr><td>${escapeHtml(t.at.slice(0, 16).replace('T', ' '))}</td><td>${escapeHtml(t.from ?? '–')} → ${escapeHtml(t.to)}</td><td>${escapeHtml(t.cause)}${t.detail ? `: ${escapeHtml(t.detail)}` : ''}</td></tr>`,
    )
    .join('\n');
  const records = view.records
    .map(
      (r) =>
        `<li>${escapeHtml(r.crm === 'hubspot' ? 'HubSpot contact' : `Salesforce ${r.object === 'lead' ? 'Lead' : 'Contact'}`)} ${
          r.url ? `<a href="${escapeHtml(r.url)}" rel="noreferrer">${escapeHtml(r.id)}</a>` : escapeHtml(r.id)
        }${r.primary ? '' : ' (duplicate)'}</li>`,
    )
    .join('');
  const writes =
    plan.writes.length === 0 && plan.creates.length === 0
      ? '<p class="writes-none">A sync now would write nothing for this person.</p>'
      : `<div class="table-scroll"><table class="writes"><caption>What a sync now would write</caption>
<thead><tr><th scope="col">Record</th><th scope="col">Field</th><th scope="col">Now</th><th scope="col">Would be</th><th scope="col">Why</th></tr></thead>
<tbody>${plan.writes
          .map(
            (w) =>
              `<tr><td>${escapeHtml(`${w.crm} ${w.object} ${w.id}`)}</td><td>${escapeHtml(w.field)}</td><td>${json(w.from)}</td><td>${json(w.to)}</td><td>${escapeHtml(w.reason)}</td></tr>`,
          )
          .join('\n')}${plan.creates
          .map(
            (c) =>
              `<tr><td colspan="4">a new ${escapeHtml(`${c.crm} ${c.object}`)}</td><td>${escapeHtml(c.reason)}</td></tr>`,
          )
          .join('\n')}</tbody></table></div>`;
  return `<section class="person" id="${id}" aria-labelledby="${id}-h">
  <h2 id="${id}-h"><span class="cell-badge">${escapeHtml(s.cell)}</span> ${s.total} points · ${escapeHtml(plan.stage.state.stage)}</h2>
  <p class="score-line">Profile ${s.profile} (grade ${escapeHtml(s.grade)}) + engagement ${s.engagement} (level ${s.level}); ${escapeHtml(notes.join('; '))}; model ${escapeHtml(s.modelVersion)}.</p>
  <p class="explanation">${escapeHtml(s.explanation)}</p>
  ${pendingRescore(plan)}
  ${furtherModels(plan)}
  <h3>Linked records</h3>
  <ul class="records">${records}</ul>
  <div class="table-scroll"><table class="contributions"><caption>Why: each rule's points</caption>
  <thead><tr><th scope="col">Kind</th><th scope="col">Rule</th><th scope="col" class="num">Points</th><th scope="col">Detail</th></tr></thead>
  <tbody>${contributions}</tbody></table></div>
  <div class="table-scroll"><table class="history"><caption>Stage history</caption>
  <thead><tr><th scope="col">When (UTC)</th><th scope="col">Stage</th><th scope="col">Cause</th></tr></thead>
  <tbody>${history}</tbody></table></div>
  ${writes}
</section>`;
}

/** The further scoring models (`scoring.models`): scores only, the stage above follows the primary. */
/** A budgeted rescore has not reached the person: the score above is the one the CRMs hold. */
function pendingRescore(plan: ExplainedPerson): string {
  const p = plan.pendingRescore?.score;
  if (!p) return '';
  return `<p class="pending-rescore">Rescore pending: the CRMs hold model ${escapeHtml(plan.score.modelVersion)} (above). The live model ${escapeHtml(p.modelVersion)} gives ${escapeHtml(p.cell)}, ${p.total} points (profile ${p.profile}, grade ${escapeHtml(p.grade)}; engagement ${p.engagement}, level ${escapeHtml(p.level)}), written when the budgeted rescore reaches this person.</p>`;
}

function furtherModels(plan: PersonView['plan']): string {
  if (plan.models.length === 0) return '';
  const rows = plan.models
    .map(
      ({ name, score: m }) =>
        `<tr><th scope="row">${escapeHtml(name)}</th><td>${escapeHtml(m.cell)}</td><td class="num">${m.total}</td><td class="num">${m.profile}</td><td class="num">${m.engagement}</td><td>${escapeHtml(m.modelVersion)}</td><td>${escapeHtml(m.explanation)}</td></tr>`,
    )
    .join('\n');
  return `<div class="table-scroll"><table class="models"><caption>Other scoring models (scores only)</caption>
  <thead><tr><th scope="col">Model</th><th scope="col">Cell</th><th scope="col" class="num">Total</th><th scope="col" class="num">Profile</th><th scope="col" class="num">Engagement</th><th scope="col">Version</th><th scope="col">Explanation</th></tr></thead>
  <tbody>${rows}</tbody></table></div>`;
}

export function renderPersonPage(query: string, views: readonly PersonView[] | undefined): string {
  const found =
    views === undefined
      ? '<p>Search by email, a HubSpot or Salesforce record id, or a leadloop person id.</p>'
      : views.length === 0
        ? `<p role="status" id="no-person">No person found for “${escapeHtml(query)}”: run a sync first, or check the spelling.</p>`
        : views.map(personSection).join('\n');
  return layout(
    'leadloop: person',
    `<a class="skip" href="#main">Skip to content</a>
${consoleHeader('/admin/people', 'Person')}
<main id="main">
<form method="get" action="/admin/people" role="search">
  <div class="field">
    <label for="q">Email or record id</label>
    <input id="q" name="q" type="search" value="${escapeHtml(query)}" autocomplete="off">
  </div>
  <button type="submit">Find</button>
</form>
${found}
</main>`,
  );
}
