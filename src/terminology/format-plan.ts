/**
 * Readable output of a label plan and of its application: per CRM, one line per item with the object,
 * the field's API name and current → wanted label; and the JSON shape scripts and the admin page read.
 */
import type { CrmName } from '../domain/crm.ts';
import type { ApplyResults } from './apply-labels.ts';
import { ACTIONABLE_KINDS, type LabelPlan, type PlanItem, type PlanItemKind } from './plan-labels.ts';

const CRMS: readonly CrmName[] = ['hubspot', 'salesforce'];
const CRM_TITLE: Record<CrmName, string> = { hubspot: 'HubSpot', salesforce: 'Salesforce' };

const MARK: Record<PlanItemKind, string> = {
  'create-field': '+ create      ',
  'field-label': '~ label       ',
  'option-label': '~ option      ',
  'not-editable': '! not editable',
  'value-migration': '? migration   ',
};

const quote = (label: string | null): string => (label === null ? '(none)' : JSON.stringify(label));

/** `Lead.Status["Working - Contacted"]`, `contacts.leadloop_score`. */
export const itemTarget = (item: PlanItem): string =>
  `${item.object}.${item.field}${item.optionValue === undefined ? '' : `[${JSON.stringify(item.optionValue)}]`}`;

function itemLine(item: PlanItem): string {
  const change =
    item.kind === 'create-field'
      ? `${quote(item.to)} (${item.spec?.type ?? 'field'})`
      : `${quote(item.from)} → ${quote(item.to)}`;
  const count = item.recordCount === undefined ? '' : ` — ${item.recordCount} record(s) hold this value`;
  const note =
    item.kind === 'not-editable' || item.kind === 'value-migration' ? `\n      ${item.reason}${count}` : '';
  return `  ${MARK[item.kind]}  ${itemTarget(item)}  ${change}${note}`;
}

export function formatPlan(plan: LabelPlan): string {
  const lines: string[] = [];
  let actionable = 0;
  let reported = 0;
  for (const crm of CRMS) {
    const items = plan[crm];
    lines.push(
      `${CRM_TITLE[crm]}: ${items.length === 0 ? 'labels match the glossary' : `${items.length} item(s)`}`,
    );
    for (const item of items) {
      lines.push(itemLine(item));
      if (ACTIONABLE_KINDS.includes(item.kind)) actionable++;
      else reported++;
    }
  }
  lines.push(
    actionable === 0 && reported === 0
      ? 'Nothing to apply.'
      : `${actionable} change(s) to apply, ${reported} reported (not applied).`,
  );
  return `${lines.join('\n')}\n`;
}

export function formatApplyResults(results: ApplyResults): string {
  const lines: string[] = [];
  const totals = new Map<string, number>();
  for (const crm of CRMS) {
    lines.push(`${CRM_TITLE[crm]}:`);
    if (results[crm].length === 0) lines.push('  nothing to apply');
    for (const r of results[crm]) {
      totals.set(r.status, (totals.get(r.status) ?? 0) + 1);
      const message = r.message === undefined ? '' : ` (${r.message})`;
      lines.push(`  ${r.status.padEnd(12)}  ${itemTarget(r.item)}  ${quote(r.item.to)}${message}`);
    }
  }
  const summary = [...totals].map(([status, n]) => `${n} ${status}`).join(', ');
  lines.push(summary === '' ? 'Nothing applied.' : `${summary}.`);
  return `${lines.join('\n')}\n`;
}
