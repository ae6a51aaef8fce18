/**
 * The terminology page (pure): the glossary the config holds — stage labels, leadloop's own fields,
 * other fields and picklist options — each field by its label in each CRM and its API name; the last drift
 * check; and the label plan with Apply, which `admin-assets/terminology-page.js` fills from the admin API.
 * Labels come from the CRMs: escaped.
 */
import type { CrmName } from '../domain/crm.ts';
import { OWN_FIELD_KEYS, ownFieldName, type OwnFieldKey } from '../mapping/own-fields.ts';
import type { DescribedObject } from '../terminology/plan-labels.ts';
import type { DriftStatus } from '../terminology/drift.ts';
import type { TerminologyConfig } from '../terminology/schema.ts';
import { escapeHtml, layout } from './render-admin-page.ts';
import { consoleHeader } from './render-nav.ts';

export interface TerminologyPageInput {
  readonly terminology: TerminologyConfig;
  /** `fields.prefix`: names leadloop's own fields. */
  readonly prefix: string;
  readonly described: Readonly<Record<CrmName, readonly DescribedObject[]>>;
  readonly drift: DriftStatus | null;
}

const CRM_TEXT: Record<CrmName, string> = { hubspot: 'HubSpot', salesforce: 'Salesforce' };
const isOwnKey = (key: string): key is OwnFieldKey => OWN_FIELD_KEYS.some((k) => k === key);

/** A field as an admin knows it: the label the CRM shows now, and the API name. */
function fieldCell(label: string | undefined, name: string): string {
  return `<td class="field-name">${label === undefined ? '<span class="missing">(not in the CRM yet)</span>' : escapeHtml(label)} <code>${escapeHtml(name)}</code></td>`;
}

function currentLabel(
  described: TerminologyPageInput['described'],
  crm: CrmName,
  name: string,
  objectApiName?: string,
): string | undefined {
  const objects = described[crm].filter((o) => objectApiName === undefined || o.apiName === objectApiName);
  return objects.flatMap((o) => o.fields).find((f) => f.name === name)?.label;
}

function stageTable(t: TerminologyConfig): string {
  const rows = Object.entries(t.stages)
    .map(
      ([key, label]) =>
        `<tr><th scope="row"><code>${escapeHtml(key)}</code></th><td>${escapeHtml(label)}</td></tr>`,
    )
    .join('\n');
  return `<table id="glossary-stages"><caption>Stage labels (the stage picklist's options)</caption>
<thead><tr><th scope="col">Stage</th><th scope="col">Label</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function ownFieldTable(input: TerminologyPageInput): string {
  const rows = Object.entries(input.terminology.fields)
    .map(([key, label]) => {
      const names = (crm: CrmName): string => {
        if (!isOwnKey(key)) return '<td>–</td>';
        const name = ownFieldName(crm, key, input.prefix);
        return fieldCell(currentLabel(input.described, crm, name), name);
      };
      return `<tr data-key="${escapeHtml(key)}"><th scope="row"><code>${escapeHtml(key)}</code></th><td>${escapeHtml(label ?? '')}</td>${names('hubspot')}${names('salesforce')}</tr>`;
    })
    .join('\n');
  return `<table id="glossary-fields"><caption>leadloop's fields: the glossary label, and what each CRM shows now</caption>
<thead><tr><th scope="col">Key</th><th scope="col">Glossary label</th><th scope="col">HubSpot (label, API name)</th><th scope="col">Salesforce (label, API name)</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function otherTable(input: TerminologyPageInput): string {
  const { mappedFields, picklists } = input.terminology;
  const rows: string[] = [];
  for (const crm of ['hubspot', 'salesforce'] as const) {
    for (const [object, fields] of Object.entries(mappedFields[crm])) {
      for (const [field, label] of Object.entries(fields)) {
        rows.push(
          `<tr><td>${CRM_TEXT[crm]}</td><td><code>${escapeHtml(object)}</code></td>${fieldCell(currentLabel(input.described, crm, field, object), field)}<td></td><td>${escapeHtml(label)}</td></tr>`,
        );
      }
    }
    for (const [object, fields] of Object.entries(picklists[crm])) {
      for (const [field, options] of Object.entries(fields)) {
        for (const [value, label] of Object.entries(options)) {
          rows.push(
            `<tr><td>${CRM_TEXT[crm]}</td><td><code>${escapeHtml(object)}</code></td>${fieldCell(currentLabel(input.described, crm, field, object), field)}<td><code>${escapeHtml(value)}</code></td><td>${escapeHtml(label)}</td></tr>`,
          );
        }
      }
    }
  }
  const empty = rows.length === 0 ? '<tr><td colspan="5">The glossary names no other fields.</td></tr>' : '';
  return `<table id="glossary-other"><caption>Other fields and picklist options</caption>
<thead><tr><th scope="col">CRM</th><th scope="col">Object</th><th scope="col">Field (label, API name)</th><th scope="col">Option value</th><th scope="col">Glossary label</th></tr></thead><tbody>${rows.join('\n')}${empty}</tbody></table>`;
}

function driftSection(drift: DriftStatus | null): string {
  if (drift === null) return '<p id="drift-summary">No run has checked the labels yet.</p>';
  const rows = drift.items
    .map(
      (i) =>
        `<tr><td>${CRM_TEXT[i.crm]}</td><td><code>${escapeHtml(i.target)}</code></td><td>${escapeHtml(i.from ?? '(none)')}</td><td>${escapeHtml(i.to)}</td></tr>`,
    )
    .join('\n');
  const summary = `${drift.count} label${drift.count === 1 ? '' : 's'} differed from the glossary at the last check (${drift.at.slice(0, 16).replace('T', ' ')} UTC)${drift.enforced ? ', re-applied by terminology.enforce' : ''}.`;
  return `<p id="drift-summary" data-count="${drift.count}">${escapeHtml(summary)}</p>
${
  drift.count === 0
    ? ''
    : `<div class="table-scroll"><table id="drift-table"><caption>Labels renamed in a CRM</caption>
<thead><tr><th scope="col">CRM</th><th scope="col">Field or option</th><th scope="col">Label in the CRM</th><th scope="col">Glossary label</th></tr></thead><tbody>${rows}</tbody></table></div>`
}`;
}

/**
 * Current field labels for the script, keyed `crm:objectApiName:field`, as inert JSON: `<` is escaped so a
 * label can never close the element.
 */
export function fieldLabelsJson(described: TerminologyPageInput['described']): string {
  const labels: Record<string, string> = {};
  for (const crm of ['hubspot', 'salesforce'] as const)
    for (const o of described[crm])
      for (const f of o.fields) labels[`${crm}:${o.apiName}:${f.name}`] = f.label;
  return JSON.stringify(labels).replace(/</g, '\\u003c');
}

export function renderTerminologyPage(input: TerminologyPageInput): string {
  return layout(
    'leadloop: terminology',
    `<a class="skip" href="#main">Skip to content</a>
${consoleHeader('/admin/terminology', 'Terminology')}
<main id="main">
<nav aria-label="Sections"><ul class="toggles"><li><a href="#plan">Label plan</a></li><li><a href="#drift">Drift</a></li><li><a href="#glossary">Glossary</a></li></ul></nav>
<section id="plan" aria-labelledby="labels-h">
  <h2 id="labels-h">Label plan: both CRMs against the glossary</h2>
  <div class="table-scroll"><table id="labels-table"><caption>What Apply would change (fields by label and API name)</caption>
    <thead><tr><th scope="col">CRM</th><th scope="col">Change</th><th scope="col">Field (label, API name)</th><th scope="col">Option</th><th scope="col">Current</th><th scope="col">Wanted</th><th scope="col">Note</th></tr></thead>
    <tbody></tbody></table></div>
  <button type="button" id="labels-apply">Apply labels</button>
  <div id="labels-status" role="status" aria-live="polite"></div>
</section>
<section id="drift" aria-labelledby="drift-h">
  <h2 id="drift-h">Drift</h2>
  ${driftSection(input.drift)}
</section>
<section id="glossary" aria-labelledby="glossary-h">
  <h2 id="glossary-h">Glossary (terminology in the config file)</h2>
  <div class="table-scroll">${stageTable(input.terminology)}</div>
  <div class="table-scroll">${ownFieldTable(input)}</div>
  <div class="table-scroll">${otherTable(input)}</div>
</section>
</main>
<script type="application/json" id="field-labels">${fieldLabelsJson(input.described)}</script>
<script src="/admin/terminology-page.js" defer></script>`,
  );
}
