/* leadloop admin page: vanilla JS over the admin API (session cookie). CRM text is only ever set with
   textContent, never innerHTML, because labels and values come from the CRMs and are untrusted. */
/* global document, fetch */
'use strict';

const state = { mappings: [], editIndex: null, checks: {} };
const $ = (id) => document.getElementById(id);

async function api(method, path, body) {
  const init = { method, headers: { Accept: 'application/json' }, credentials: 'same-origin' };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(`/api${path}`, init);
  const data = await res.json().catch(() => ({}));
  return { ok: res.ok, status: res.status, data };
}

function cell(row, text) {
  const td = document.createElement('td');
  td.textContent = text === undefined || text === null ? '' : String(text);
  row.appendChild(td);
  return td;
}

function button(label, name, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  b.setAttribute('aria-label', name);
  b.addEventListener('click', onClick);
  return b;
}

function transformText(t) {
  if (!t) return '';
  const parts = [];
  if (t.coerce) parts.push(`coerce ${t.coerce}`);
  if (t.ranges) parts.push('number ranges');
  if (t.valueMap) parts.push(`value map (${Object.keys(t.valueMap).length})`);
  if (t.truncate === false) parts.push('no truncation');
  return parts.join(', ');
}

function renderMappings(errors) {
  const body = $('mapping-table').querySelector('tbody');
  body.replaceChildren();
  state.mappings.forEach((m, i) => {
    const row = document.createElement('tr');
    row.id = `mapping-row-${i}`;
    cell(row, m.hubspot);
    cell(row, m.salesforce && m.salesforce.lead);
    cell(row, m.salesforce && m.salesforce.contact);
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

function clearFieldErrors() {
  for (const id of ['hubspot', 'lead', 'contact', 'direction', 'rule', 'transform']) {
    $(`err-${id}`).textContent = '';
    const input = $(`m-${id === 'transform' ? 'valuemap' : id}`);
    if (input) input.removeAttribute('aria-invalid');
  }
}

/** `fieldMappings[3].salesforce.lead` → the editor field the error belongs next to. */
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

function showFieldErrors(index, errors) {
  clearFieldErrors();
  for (const e of errors.filter((x) => x.path.startsWith(`fieldMappings[${index}]`))) {
    const field = editorField(e.path);
    const p = $(`err-${field}`);
    p.textContent = p.textContent ? `${p.textContent} ${e.message}` : e.message;
    const input = $(`m-${field === 'transform' ? 'valuemap' : field}`);
    if (input) input.setAttribute('aria-invalid', 'true');
  }
}

function parseValueMap(text) {
  const map = {};
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) map[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return map;
}

function formMapping() {
  const base = state.editIndex === null ? {} : state.mappings[state.editIndex];
  const m = {
    hubspot: $('m-hubspot').value,
    salesforce: {},
    direction: $('m-direction').value,
    rule: $('m-rule').value,
  };
  if ($('m-lead').value) m.salesforce.lead = $('m-lead').value;
  if ($('m-contact').value) m.salesforce.contact = $('m-contact').value;
  const transform = { ...(base.transform || {}) };
  delete transform.coerce;
  delete transform.valueMap;
  if ($('m-coerce').value) transform.coerce = $('m-coerce').value;
  const valueMap = parseValueMap($('m-valuemap').value);
  if (Object.keys(valueMap).length > 0) transform.valueMap = valueMap;
  if (Object.keys(transform).length > 0) m.transform = transform;
  return m;
}

function fillForm(m) {
  $('m-hubspot').value = m.hubspot || '';
  $('m-lead').value = (m.salesforce && m.salesforce.lead) || '';
  $('m-contact').value = (m.salesforce && m.salesforce.contact) || '';
  $('m-direction').value = m.direction || 'both';
  $('m-rule').value = m.rule || 'two-way';
  $('m-coerce').value = (m.transform && m.transform.coerce) || '';
  const vm = (m.transform && m.transform.valueMap) || {};
  $('m-valuemap').value = Object.entries(vm)
    .map(([k, v]) => `${k} = ${v}`)
    .join('\n');
}

function edit(i) {
  state.editIndex = i;
  fillForm(state.mappings[i]);
  $('editor-h').textContent = `Edit mapping ${i + 1}`;
  $('m-submit').textContent = 'Update mapping';
  liveCheck();
  $('m-hubspot').focus();
}

function remove(i) {
  state.mappings.splice(i, 1);
  if (state.editIndex === i) resetForm();
  renderMappings();
  $('save-status').textContent = 'Mapping removed (not saved yet).';
}

function resetForm() {
  state.editIndex = null;
  $('mapping-form').reset();
  $('editor-h').textContent = 'Add a mapping';
  $('m-submit').textContent = 'Add mapping';
  clearFieldErrors();
  for (const side of ['lead', 'contact']) setCheck(side, '', '');
}

function setCheck(side, level, text) {
  const p = $(`check-${side}`);
  p.className = `check ${level}`;
  p.textContent = text;
  const select = $(`m-${side}`);
  if (level === 'error') select.setAttribute('aria-invalid', 'true');
  else select.removeAttribute('aria-invalid');
}

async function liveCheck() {
  const m = formMapping();
  for (const side of ['lead', 'contact']) {
    const field = m.salesforce[side];
    if (!m.hubspot || !field) {
      setCheck(side, '', '');
      state.checks[side] = undefined;
      continue;
    }
    setCheck(side, '', 'Checking…');
    const res = await api('POST', '/mappings/check', {
      hubspot: m.hubspot,
      salesforce: { object: side, field },
      direction: m.direction,
      rule: m.rule,
      ...(m.transform ? { transform: m.transform } : {}),
    });
    if (!res.ok) {
      setCheck(
        side,
        'error',
        (res.data.errors || []).map((e) => e.message).join('; ') || res.data.message || 'check failed',
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
  const { valueMap, unmatched } = check.suggestion;
  $('m-valuemap').value = Object.entries(valueMap)
    .map(([k, v]) => `${k} = ${v}`)
    .join('\n');
  $('err-transform').textContent = unmatched.length ? `No match for: ${unmatched.join(', ')}` : '';
  liveCheck();
}

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
  if (res.ok) {
    state.mappings = res.data.fieldMappings;
    renderMappings();
    resetForm();
    const warnings = (res.data.warnings || []).length;
    $('save-status').textContent =
      `Saved ${state.mappings.length} mappings to the config file${warnings ? ` (${warnings} warnings)` : ''}.`;
    return;
  }
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
  const limit = Number($('preview-limit').value) || 10;
  const res = await api('POST', '/mappings/preview', { fieldMappings: state.mappings, limit });
  const body = $('preview-table').querySelector('tbody');
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

const KIND_TEXT = {
  'create-field': 'create field',
  'field-label': 'rename label',
  'option-label': 'rename option label',
  'not-editable': 'not editable by API',
  'value-migration': 'needs data migration',
};

async function loadLabels() {
  const res = await api('GET', '/labels/plan');
  const body = $('labels-table').querySelector('tbody');
  body.replaceChildren();
  if (!res.ok) {
    $('labels-status').textContent = `Could not load the label plan: ${res.data.message || res.status}`;
    return;
  }
  const items = [...res.data.hubspot, ...res.data.salesforce];
  for (const i of items) {
    const row = document.createElement('tr');
    const target = `${i.object}.${i.field}${i.optionValue === undefined ? '' : ` [${i.optionValue}]`}`;
    for (const v of [
      i.crm,
      KIND_TEXT[i.kind] || i.kind,
      target,
      i.from ?? '(none)',
      i.to,
      i.kind === 'not-editable' || i.kind === 'value-migration' ? i.reason : '',
    ])
      cell(row, v);
    body.appendChild(row);
  }
  $('labels-apply').disabled = !items.some((i) =>
    ['create-field', 'field-label', 'option-label'].includes(i.kind),
  );
  if (items.length === 0) $('labels-status').textContent = 'All labels match the glossary.';
}

async function applyLabels() {
  $('labels-status').textContent = 'Applying…';
  const res = await api('POST', '/labels/apply', {});
  const results = res.data.results ? [...res.data.results.hubspot, ...res.data.results.salesforce] : [];
  const counts = {};
  for (const r of results) counts[r.status] = (counts[r.status] || 0) + 1;
  await loadLabels();
  $('labels-status').textContent = `Applied: ${
    Object.entries(counts)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ') || 'nothing'
  }.`;
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
  $('labels-apply').addEventListener('click', applyLabels);
  const res = await api('GET', '/mappings');
  state.mappings = res.ok ? res.data.fieldMappings : [];
  renderMappings();
  await loadLabels();
  document.body.dataset.ready = 'true';
}

start();
