// @ts-check
/* leadloop mappings page: vanilla JS over the admin API (session cookie). CRM text is only ever set with
   textContent, never innerHTML, because labels and values come from the CRMs and are untrusted.
   Type-checked by `npm run typecheck` (tsconfig.admin.json: checkJs with the DOM library). */
/* global document, fetch, AbortController, location */
'use strict';

/**
 * @typedef {{ coerce?: string, ranges?: unknown, valueMap?: Record<string, string>, truncate?: boolean }} Transform
 * @typedef {{ hubspot: string, salesforce: { lead?: string, contact?: string }, direction?: string,
 *   rule?: string, transform?: Transform }} Mapping
 * @typedef {{ path: string, message: string, level?: string }} FieldError
 * @typedef {{ ok: boolean, status: number, data: any }} ApiAnswer
 * @typedef {'lead' | 'contact'} Side
 */

/** @type {{ mappings: Mapping[], editIndex: number | null, checks: Partial<Record<Side, any>> }} */
const state = { mappings: [], editIndex: null, checks: {} };

/** @param {string} id @returns {HTMLElement} */
function $(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`admin page: no element #${id}`);
  return el;
}

/** A form control by id: input, select or textarea, all of which have `value`. */
/** @param {string} id @returns {HTMLInputElement} */
const control = (id) => /** @type {HTMLInputElement} */ ($(id));

/**
 * One admin API call. A network failure or an answer that is not JSON comes back as a failed answer with
 * a message, so every caller shows it instead of leaving a "…" status forever; a 401 (the session ended)
 * sends the browser back to the login form.
 * @param {string} method @param {string} path @param {unknown} [body] @param {AbortSignal} [signal]
 * @returns {Promise<ApiAnswer>}
 */
async function api(method, path, body, signal) {
  /** @type {Record<string, string>} */
  const headers = { Accept: 'application/json' };
  /** @type {RequestInit} */
  const init = { method, headers, credentials: 'same-origin', ...(signal ? { signal } : {}) };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(`/api${path}`, init);
  } catch (err) {
    if (signal && signal.aborted) throw err;
    return { ok: false, status: 0, data: { message: 'the server did not answer (network error)' } };
  }
  if (res.status === 401) {
    location.assign('/admin');
    return { ok: false, status: 401, data: { message: 'session ended: log in again' } };
  }
  const data = await res.json().catch(() => ({ message: `unreadable answer (HTTP ${res.status})` }));
  return { ok: res.ok, status: res.status, data };
}

/** @param {HTMLElement} row @param {unknown} text @returns {HTMLTableCellElement} */
function cell(row, text) {
  const td = document.createElement('td');
  td.textContent = text === undefined || text === null ? '' : String(text);
  row.appendChild(td);
  return td;
}

/** @param {string} label @param {string} name @param {() => void} onClick */
function button(label, name, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  b.setAttribute('aria-label', name);
  b.addEventListener('click', onClick);
  return b;
}

/**
 * A mapped field as an admin knows it: the label the CRM shows (from the editor's options, which the
 * server rendered from describe) and the API name.
 * @param {HTMLElement} row @param {string} selectId @param {string | undefined} name
 */
function fieldCell(row, selectId, name) {
  const td = cell(row, '');
  if (!name) return td;
  const option = Array.from(/** @type {HTMLSelectElement} */ ($(selectId)).options).find(
    (o) => o.value === name,
  );
  const label = option && option.dataset.label;
  td.className = 'field-name';
  if (label) td.append(`${label} `);
  const code = document.createElement('code');
  code.textContent = name;
  td.append(code);
  return td;
}

/** @param {Transform | undefined} t */
function transformText(t) {
  if (!t) return '';
  const parts = [];
  if (t.coerce) parts.push(`coerce ${t.coerce}`);
  if (t.ranges) parts.push('number ranges');
  if (t.valueMap) parts.push(`value map (${Object.keys(t.valueMap).length})`);
  if (t.truncate === false) parts.push('no truncation');
  return parts.join(', ');
}

/** @param {FieldError[]} [errors] */
function renderMappings(errors) {
  const body = tbody('mapping-table');
  body.replaceChildren();
  state.mappings.forEach((m, i) => {
    const row = document.createElement('tr');
    row.id = `mapping-row-${i}`;
    fieldCell(row, 'm-hubspot', m.hubspot);
    fieldCell(row, 'm-lead', m.salesforce && m.salesforce.lead);
    fieldCell(row, 'm-contact', m.salesforce && m.salesforce.contact);
    cell(row, m.direction || 'both');
    cell(row, m.rule || 'two-way');
    cell(row, transformText(m.transform));
    const actions = cell(row, '');
    actions.append(
      button('Edit', `Edit mapping of ${m.hubspot}`, () => edit(i)),
      ' ',
      button('Remove', `Remove mapping of ${m.hubspot}`, () => remove(i)),
    );
    body.appendChild(row);
    const rowErrors = (errors || []).filter((e) => e.path.startsWith(`fieldMappings[${i}]`));
    if (rowErrors.length > 0) {
      const er = document.createElement('tr');
      er.className = 'row-error';
      er.id = `mapping-row-${i}-errors`;
      const td = cell(
        er,
        rowErrors
          .map((e) => `${e.path.slice(`fieldMappings[${i}]`.length) || 'mapping'}: ${e.message}`)
          .join('\n'),
      );
      td.colSpan = 7;
      body.appendChild(er);
    }
  });
}

/** @param {string} tableId @returns {HTMLTableSectionElement} */
function tbody(tableId) {
  const body = $(tableId).querySelector('tbody');
  if (!body) throw new Error(`admin page: #${tableId} has no tbody`);
  return body;
}

function clearFieldErrors() {
  for (const id of ['hubspot', 'lead', 'contact', 'direction', 'rule', 'transform']) {
    $(`err-${id}`).textContent = '';
    $(`m-${id === 'transform' ? 'valuemap' : id}`).removeAttribute('aria-invalid');
  }
}

/** `fieldMappings[3].salesforce.lead` → the editor field the error belongs next to. */
/** @param {string} path */
function editorField(path) {
  const rest = path.replace(/^fieldMappings\[\d+\]\.?/, '');
  if (rest.startsWith('salesforce.lead')) return 'lead';
  if (rest.startsWith('salesforce.contact')) return 'contact';
  if (rest.startsWith('salesforce')) return 'lead';
  if (rest.startsWith('transform')) return 'transform';
  if (rest.startsWith('direction')) return 'direction';
  if (rest.startsWith('rule')) return 'rule';
  return 'hubspot';
}

/** @param {number} index @param {FieldError[]} errors */
function showFieldErrors(index, errors) {
  clearFieldErrors();
  for (const e of errors.filter((x) => x.path.startsWith(`fieldMappings[${index}]`))) {
    const field = editorField(e.path);
    const p = $(`err-${field}`);
    p.textContent = p.textContent ? `${p.textContent} ${e.message}` : e.message;
    $(`m-${field === 'transform' ? 'valuemap' : field}`).setAttribute('aria-invalid', 'true');
  }
}

/** @param {string} text @returns {Record<string, string>} */
function parseValueMap(text) {
  /** @type {Record<string, string>} */
  const map = {};
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) map[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return map;
}

/** @returns {Mapping} */
function formMapping() {
  const base = state.editIndex === null ? undefined : state.mappings[state.editIndex];
  /** @type {Mapping} */
  const m = {
    hubspot: control('m-hubspot').value,
    salesforce: {},
    direction: control('m-direction').value,
    rule: control('m-rule').value,
  };
  if (control('m-lead').value) m.salesforce.lead = control('m-lead').value;
  if (control('m-contact').value) m.salesforce.contact = control('m-contact').value;
  /** @type {Transform} */
  const transform = { ...((base && base.transform) || {}) };
  delete transform.coerce;
  delete transform.valueMap;
  if (control('m-coerce').value) transform.coerce = control('m-coerce').value;
  const valueMap = parseValueMap(control('m-valuemap').value);
  if (Object.keys(valueMap).length > 0) transform.valueMap = valueMap;
  if (Object.keys(transform).length > 0) m.transform = transform;
  return m;
}

/** @param {Mapping} m */
function fillForm(m) {
  control('m-hubspot').value = m.hubspot || '';
  control('m-lead').value = (m.salesforce && m.salesforce.lead) || '';
  control('m-contact').value = (m.salesforce && m.salesforce.contact) || '';
  control('m-direction').value = m.direction || 'both';
  control('m-rule').value = m.rule || 'two-way';
  control('m-coerce').value = (m.transform && m.transform.coerce) || '';
  const vm = (m.transform && m.transform.valueMap) || {};
  control('m-valuemap').value = Object.entries(vm)
    .map(([k, v]) => `${k} = ${v}`)
    .join('\n');
}

/** @param {number} i */
function edit(i) {
  const m = state.mappings[i];
  if (!m) return;
  state.editIndex = i;
  fillForm(m);
  $('editor-h').textContent = `Edit mapping ${i + 1}`;
  $('m-submit').textContent = 'Update mapping';
  liveCheck();
  $('m-hubspot').focus();
}

/** @param {number} i */
function remove(i) {
  state.mappings.splice(i, 1);
  if (state.editIndex === i) resetForm();
  renderMappings();
  $('save-status').textContent = 'Mapping removed (not saved yet).';
}

function resetForm() {
  state.editIndex = null;
  /** @type {HTMLFormElement} */ ($('mapping-form')).reset();
  $('editor-h').textContent = 'Add a mapping';
  $('m-submit').textContent = 'Add mapping';
  clearFieldErrors();
  setCheck('lead', '', '');
  setCheck('contact', '', '');
}

/** @param {Side} side @param {string} level @param {string} text */
function setCheck(side, level, text) {
  const p = $(`check-${side}`);
  p.className = `check ${level}`;
  p.textContent = text;
  const select = $(`m-${side}`);
  if (level === 'error') select.setAttribute('aria-invalid', 'true');
  else select.removeAttribute('aria-invalid');
}

/** The check in flight: a newer edit cancels it, so a slow answer never overwrites a newer one. */
/** @type {AbortController | null} */
let pendingCheck = null;

async function liveCheck() {
  pendingCheck?.abort();
  const controller = new AbortController();
  pendingCheck = controller;
  const m = formMapping();
  /** @type {Side[]} */
  const sides = ['lead', 'contact'];
  for (const side of sides) {
    const field = m.salesforce[side];
    if (!m.hubspot || !field) {
      setCheck(side, '', '');
      state.checks[side] = undefined;
      continue;
    }
    setCheck(side, '', 'Checking…');
    let res;
    try {
      res = await api(
        'POST',
        '/mappings/check',
        {
          hubspot: m.hubspot,
          salesforce: { object: side, field },
          direction: m.direction,
          rule: m.rule,
          ...(m.transform ? { transform: m.transform } : {}),
        },
        controller.signal,
      );
    } catch {
      return; // cancelled by a newer edit, which shows its own answer
    }
    if (controller.signal.aborted) return;
    if (!res.ok) {
      state.checks[side] = undefined;
      setCheck(
        side,
        'error',
        /** @type {FieldError[]} */ (res.data.errors || []).map((e) => e.message).join('; ') ||
          res.data.message ||
          'check failed',
      );
      continue;
    }
    state.checks[side] = res.data;
    const word =
      res.data.level === 'ok' ? 'Compatible' : res.data.level === 'warning' ? 'Warning' : 'Type error';
    setCheck(side, res.data.level, `${word}: ${res.data.message}`);
  }
}

function suggestValueMap() {
  const check = state.checks.lead || state.checks.contact;
  if (!check || !check.suggestion) {
    $('err-transform').textContent = 'Pick two picklist fields to get a suggestion.';
    return;
  }
  /** @type {{ valueMap: Record<string, string>, unmatched: string[] }} */
  const { valueMap, unmatched } = check.suggestion;
  control('m-valuemap').value = Object.entries(valueMap)
    .map(([k, v]) => `${k} = ${v}`)
    .join('\n');
  $('err-transform').textContent = unmatched.length ? `No match for: ${unmatched.join(', ')}` : '';
  liveCheck();
}

/** @param {Event} event */
function submitMapping(event) {
  event.preventDefault();
  const m = formMapping();
  clearFieldErrors();
  if (!m.hubspot) {
    $('err-hubspot').textContent = 'Choose a HubSpot property.';
    $('m-hubspot').setAttribute('aria-invalid', 'true');
    $('m-hubspot').focus();
    return;
  }
  if (!m.salesforce.lead && !m.salesforce.contact) {
    $('err-lead').textContent = 'Choose a Salesforce Lead or Contact field.';
    $('m-lead').setAttribute('aria-invalid', 'true');
    $('m-lead').focus();
    return;
  }
  if (state.editIndex === null) state.mappings.push(m);
  else state.mappings[state.editIndex] = m;
  resetForm();
  renderMappings();
  $('save-status').textContent = 'Mapping added to the list (not saved yet).';
}

async function save() {
  $('save-status').textContent = 'Saving…';
  const res = await api('PUT', '/mappings', { fieldMappings: state.mappings });
  if (res.status === 0) {
    $('save-status').textContent = `Nothing saved: ${res.data.message}.`;
    return;
  }
  if (res.ok) {
    state.mappings = res.data.fieldMappings;
    renderMappings();
    resetForm();
    const warnings = (res.data.warnings || []).length;
    $('save-status').textContent =
      `Saved ${state.mappings.length} mappings to the config file${warnings ? ` (${warnings} warnings)` : ''}.`;
    return;
  }
  /** @type {FieldError[]} */
  const errors = res.data.errors || [];
  renderMappings(errors);
  const first = errors.map((e) => /^fieldMappings\[(\d+)\]/.exec(e.path)).find(Boolean);
  if (first) {
    const index = Number(first[1]);
    edit(index);
    showFieldErrors(index, errors);
  }
  $('save-status').textContent =
    `Nothing saved: ${res.data.message || 'invalid'} (${errors.length} problem${errors.length === 1 ? '' : 's'}).`;
}

async function preview() {
  $('preview-status').textContent = 'Running a dry run…';
  const limit = Number(control('preview-limit').value) || 10;
  const res = await api('POST', '/mappings/preview', { fieldMappings: state.mappings, limit });
  const body = tbody('preview-table');
  body.replaceChildren();
  if (!res.ok) {
    $('preview-status').textContent = `Preview failed: ${res.data.message || res.status}`;
    renderMappings(res.data.errors || []);
    return;
  }
  let writes = 0;
  for (const person of res.data.sample) {
    for (const w of person.writes) {
      writes++;
      const row = document.createElement('tr');
      for (const v of [
        person.personId,
        w.crm,
        `${w.object} ${w.id}`,
        w.field,
        JSON.stringify(w.from),
        JSON.stringify(w.to),
        w.reason,
      ])
        cell(row, v);
      body.appendChild(row);
    }
  }
  $('preview-status').textContent =
    `${res.data.sample.length} of ${res.data.planned} planned people would change (${writes} field writes shown).`;
}

async function start() {
  $('mapping-form').addEventListener('submit', submitMapping);
  $('m-cancel').addEventListener('click', resetForm);
  for (const id of ['m-hubspot', 'm-lead', 'm-contact', 'm-direction', 'm-rule', 'm-coerce'])
    $(id).addEventListener('change', liveCheck);
  $('m-valuemap').addEventListener('change', liveCheck);
  $('suggest-valuemap').addEventListener('click', suggestValueMap);
  $('save-mappings').addEventListener('click', save);
  $('preview-run').addEventListener('click', preview);
  const res = await api('GET', '/mappings');
  state.mappings = res.ok ? res.data.fieldMappings : [];
  renderMappings();
  if (!res.ok)
    $('save-status').textContent = `Could not load the mappings: ${res.data.message || res.status}`;
  document.body.dataset.ready = 'true';
}

start();
