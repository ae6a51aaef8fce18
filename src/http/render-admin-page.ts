/**
 * The console's shared frame (layout, escaping, the login form) and the mappings page, rendered on the
 * server (pure) with both CRMs' fields by label and API name. Everything from a CRM is escaped (labels are
 * untrusted text). The mapping editor, live checks and preview are filled in by
 * `admin-assets/admin-page.js` from the admin API; terminology has its own page.
 */
import type { DescribedObject } from '../terminology/plan-labels.ts';
import { Direction, SyncRule, Transform } from '../mapping/schema.ts';
import { consoleHeader } from './render-nav.ts';

export const escapeHtml = (s: string): string =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

export function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/admin/admin-page.css">
</head>
<body>
${body}
</body>
</html>
`;
}

export function renderLoginPage(error?: string): string {
  return layout(
    'leadloop admin: log in',
    `<main id="main" class="login">
<h1>leadloop admin</h1>
<form method="post" action="/admin/login">
  <div class="field">
    <label for="token">Admin token</label>
    <input id="token" name="token" type="password" autocomplete="current-password" required${error ? ' aria-invalid="true" aria-describedby="login-error"' : ''}>
    ${error ? `<p class="error" id="login-error" role="alert">${escapeHtml(error)}</p>` : ''}
  </div>
  <button type="submit">Log in</button>
</form>
</main>`,
  );
}

const optionTags = (values: readonly string[], selected?: string): string =>
  values
    .map(
      (v) => `<option value="${escapeHtml(v)}"${v === selected ? ' selected' : ''}>${escapeHtml(v)}</option>`,
    )
    .join('');

function fieldOptions(objects: readonly DescribedObject[], blank: string): string {
  const fields = objects.flatMap((o) => o.fields).filter((f) => f.type !== 'id' && f.type !== 'reference');
  const sorted = [...fields].sort((a, b) => a.label.localeCompare(b.label));
  return `<option value="">${escapeHtml(blank)}</option>${sorted
    .map(
      (f) =>
        `<option value="${escapeHtml(f.name)}" data-label="${escapeHtml(f.label)}">${escapeHtml(`${f.label} (${f.name}) · ${f.type}${f.writable ? '' : ' · read-only'}`)}</option>`,
    )
    .join('')}`;
}

function fieldTable(title: string, object: DescribedObject | undefined, id: string): string {
  const rows = (object?.fields ?? [])
    .map(
      (f) =>
        `<tr><td>${escapeHtml(f.label)}</td><td><code>${escapeHtml(f.name)}</code></td><td>${escapeHtml(f.type)}</td><td>${f.writable ? 'yes' : 'no'}</td><td>${escapeHtml(
          f.options
            .slice(0, 12)
            .map((o) => (o.label === o.value ? o.value : `${o.value} (${o.label})`))
            .join(', ') + (f.options.length > 12 ? ', …' : ''),
        )}</td></tr>`,
    )
    .join('\n');
  return `<table id="${id}" class="fields">
<caption>${escapeHtml(title)} (${object?.fields.length ?? 0} fields)</caption>
<thead><tr><th scope="col">Label</th><th scope="col">API name</th><th scope="col">Type</th><th scope="col">Writable</th><th scope="col">Options</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}

export interface AdminPageInput {
  readonly hubspot: readonly DescribedObject[];
  readonly salesforce: readonly DescribedObject[];
}

export function renderAdminPage(input: AdminPageInput): string {
  const lead = input.salesforce.filter((o) => o.object === 'lead');
  const contact = input.salesforce.filter((o) => o.object === 'contact');
  const coerce = Transform.shape.coerce.unwrap().options;
  return layout(
    'leadloop: mappings',
    `<a class="skip" href="#main">Skip to content</a>
${consoleHeader('/admin/mappings', 'Mappings')}
<main id="main">
<nav aria-label="Sections"><ul class="toggles">
  <li><a href="#mappings">Field mappings</a></li><li><a href="#editor">Add or edit</a></li>
  <li><a href="#preview">Preview</a></li><li><a href="#fields">CRM fields</a></li>
</ul></nav>
<section id="mappings" aria-labelledby="mappings-h">
  <h2 id="mappings-h">Field mappings</h2>
  <div class="table-scroll"><table id="mapping-table">
    <caption>Mappings in the config file; edits are kept here until you save</caption>
    <thead><tr><th scope="col">HubSpot property (label, API name)</th><th scope="col">Salesforce Lead field (label, API name)</th><th scope="col">Salesforce Contact field (label, API name)</th><th scope="col">Direction</th><th scope="col">Sync rule</th><th scope="col">Transform</th><th scope="col">Actions</th></tr></thead>
    <tbody></tbody>
  </table></div>
  <button type="button" id="save-mappings">Save mappings to the config file</button>
  <div id="save-status" role="status" aria-live="polite"></div>
</section>
<section id="editor" aria-labelledby="editor-h">
  <h2 id="editor-h">Add a mapping</h2>
  <form id="mapping-form" novalidate>
    <div class="field">
      <label for="m-hubspot">HubSpot property</label>
      <select id="m-hubspot" name="hubspot" aria-describedby="err-hubspot">${fieldOptions(input.hubspot, '(choose a property)')}</select>
      <p class="error" id="err-hubspot" aria-live="polite"></p>
    </div>
    <div class="field">
      <label for="m-lead">Salesforce Lead field</label>
      <select id="m-lead" name="lead" aria-describedby="check-lead err-lead">${fieldOptions(lead, '(not mapped on Lead)')}</select>
      <p class="check" id="check-lead" aria-live="polite"></p>
      <p class="error" id="err-lead" aria-live="polite"></p>
    </div>
    <div class="field">
      <label for="m-contact">Salesforce Contact field</label>
      <select id="m-contact" name="contact" aria-describedby="check-contact err-contact">${fieldOptions(contact, '(not mapped on Contact)')}</select>
      <p class="check" id="check-contact" aria-live="polite"></p>
      <p class="error" id="err-contact" aria-live="polite"></p>
    </div>
    <div class="field">
      <label for="m-direction">Direction</label>
      <select id="m-direction" name="direction" aria-describedby="err-direction">${optionTags(Direction.options, 'both')}</select>
      <p class="error" id="err-direction" aria-live="polite"></p>
    </div>
    <div class="field">
      <label for="m-rule">Sync rule</label>
      <select id="m-rule" name="rule" aria-describedby="err-rule">${optionTags(SyncRule.options, 'two-way')}</select>
      <p class="error" id="err-rule" aria-live="polite"></p>
    </div>
    <div class="field">
      <label for="m-coerce">Convert values to</label>
      <select id="m-coerce" name="coerce"><option value="">(no conversion)</option>${optionTags(coerce)}</select>
    </div>
    <div class="field">
      <label for="m-valuemap">Picklist value map: one <code>HubSpot value = Salesforce value</code> per line</label>
      <textarea id="m-valuemap" name="valueMap" rows="4" aria-describedby="err-transform"></textarea>
      <button type="button" id="suggest-valuemap">Suggest a value map</button>
      <p class="error" id="err-transform" aria-live="polite"></p>
    </div>
    <button type="submit" id="m-submit">Add mapping</button>
    <button type="button" id="m-cancel">Clear</button>
  </form>
</section>
<section id="preview" aria-labelledby="preview-h">
  <h2 id="preview-h">Preview (dry run, nothing is written)</h2>
  <label for="preview-limit">Records to show</label>
  <input id="preview-limit" type="number" min="1" max="50" value="10">
  <button type="button" id="preview-run">Preview the effect</button>
  <div id="preview-status" role="status" aria-live="polite"></div>
  <div class="table-scroll"><table id="preview-table"><caption>Planned writes of the sample</caption>
    <thead><tr><th scope="col">Person</th><th scope="col">CRM</th><th scope="col">Record</th><th scope="col">Field</th><th scope="col">From</th><th scope="col">To</th><th scope="col">Why</th></tr></thead>
    <tbody></tbody></table></div>
</section>
<section id="fields" aria-labelledby="fields-h">
  <h2 id="fields-h">CRM fields</h2>
  <div class="table-scroll">${fieldTable('HubSpot contact properties', input.hubspot[0], 'fields-hubspot')}</div>
  <div class="table-scroll">${fieldTable('Salesforce Lead fields', lead[0], 'fields-lead')}</div>
  <div class="table-scroll">${fieldTable('Salesforce Contact fields', contact[0], 'fields-contact')}</div>
</section>
</main>
<script src="/admin/admin-page.js" defer></script>`,
  );
}
