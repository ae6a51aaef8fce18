// @ts-check
/* leadloop terminology page: the label plan from the admin API, each field by its label and API name, and
   Apply. CRM text is only ever set with textContent, never innerHTML (labels are untrusted). A classic
   script beside admin-page.js (no bundler), so it carries its own two small helpers.
   Type-checked by `npm run typecheck` (tsconfig.admin.json: checkJs with the DOM library). */
/* global document, fetch, location */
'use strict';

/** @param {string} id @returns {HTMLElement} */
function byId(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`terminology page: no element #${id}`);
  return el;
}

/**
 * One admin API call; a network failure or an answer that is not JSON comes back as a failed answer with
 * a message, and a 401 (the session ended) sends the browser to the login form.
 * @param {string} method @param {string} path @param {unknown} [body]
 * @returns {Promise<{ ok: boolean, status: number, data: any }>}
 */
async function call(method, path, body) {
  /** @type {Record<string, string>} */
  const headers = { Accept: 'application/json' };
  /** @type {RequestInit} */
  const init = { method, headers, credentials: 'same-origin' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(`/api${path}`, init);
  } catch {
    return { ok: false, status: 0, data: { message: 'the server did not answer (network error)' } };
  }
  if (res.status === 401) {
    location.assign('/admin');
    return { ok: false, status: 401, data: { message: 'session ended: log in again' } };
  }
  const data = await res.json().catch(() => ({ message: `unreadable answer (HTTP ${res.status})` }));
  return { ok: res.ok, status: res.status, data };
}

/** Current labels by `crm:objectApiName:field`, rendered by the server into the page. */
/** @type {Record<string, string>} */
const fieldLabels = JSON.parse(byId('field-labels').textContent || '{}');

/** @type {Record<string, string>} */
const KIND_TEXT = {
  'create-field': 'create field',
  'field-label': 'rename label',
  'option-label': 'rename option label',
  'not-editable': 'not editable by API',
  'value-migration': 'needs data migration',
};

/**
 * The field cell: its label in the CRM (the glossary's for a field still to create) and its API name.
 * @param {HTMLTableRowElement} row @param {any} item
 */
function fieldCell(row, item) {
  const td = document.createElement('td');
  td.className = 'field-name';
  const known = fieldLabels[`${item.crm}:${item.object}:${item.field}`];
  const label = known ?? (item.kind === 'create-field' ? item.to : undefined);
  td.append(label === undefined ? '' : `${label} `);
  const code = document.createElement('code');
  code.textContent = `${item.object}.${item.field}`;
  td.append(code);
  row.appendChild(td);
}

/** @param {HTMLTableRowElement} row @param {unknown} text */
function textCell(row, text) {
  const td = document.createElement('td');
  td.textContent = text === undefined || text === null ? '' : String(text);
  row.appendChild(td);
}

async function loadLabels() {
  const res = await call('GET', '/labels/plan');
  const body = byId('labels-table').querySelector('tbody');
  if (!body) throw new Error('terminology page: #labels-table has no tbody');
  body.replaceChildren();
  if (!res.ok) {
    byId('labels-status').textContent = `Could not load the label plan: ${res.data.message || res.status}`;
    return;
  }
  const items = [...res.data.hubspot, ...res.data.salesforce];
  for (const i of items) {
    const row = document.createElement('tr');
    row.dataset.kind = i.kind;
    textCell(row, i.crm === 'hubspot' ? 'HubSpot' : 'Salesforce');
    textCell(row, KIND_TEXT[i.kind] || i.kind);
    fieldCell(row, i);
    textCell(row, i.optionValue ?? '');
    textCell(row, i.from ?? '(none)');
    textCell(row, i.to);
    textCell(row, i.kind === 'not-editable' || i.kind === 'value-migration' ? i.reason : '');
    body.appendChild(row);
  }
  /** @type {HTMLButtonElement} */ (byId('labels-apply')).disabled = !items.some((i) =>
    ['create-field', 'field-label', 'option-label'].includes(i.kind),
  );
  if (items.length === 0) byId('labels-status').textContent = 'All labels match the glossary.';
}

async function applyLabels() {
  byId('labels-status').textContent = 'Applying…';
  const res = await call('POST', '/labels/apply', {});
  if (!res.ok) {
    byId('labels-status').textContent = `Applying failed: ${res.data.message || res.status}`;
    return;
  }
  const results = res.data.results ? [...res.data.results.hubspot, ...res.data.results.salesforce] : [];
  /** @type {Record<string, number>} */
  const counts = {};
  for (const r of results) counts[r.status] = (counts[r.status] || 0) + 1;
  await loadLabels();
  byId('labels-status').textContent = `Applied: ${
    Object.entries(counts)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ') || 'nothing'
  }.`;
}

async function start() {
  byId('labels-apply').addEventListener('click', applyLabels);
  await loadLabels();
  document.body.dataset.ready = 'true';
}

start();
