/**
 * Fields the CRM rewrote as it saved leadloop's value (a flow, a workflow), as status reports them. The run
 * records each accepted rewrite as a counter (`rewrittenByOrg.<crm>.<object>.<field>`), so status, the
 * console and metrics read it from the state store without calling the CRM. Pure.
 */
import { CrmName } from '../domain/crm.ts';

export interface OrgRewrittenField {
  readonly crm: CrmName;
  readonly object: string;
  readonly field: string;
  /** Records whose rewrite the run accepted. */
  readonly records: number;
}

const PREFIX = 'rewrittenByOrg.';

export function orgRewritesFromStats(stats: Readonly<Record<string, unknown>>): OrgRewrittenField[] {
  const out: OrgRewrittenField[] = [];
  for (const [key, value] of Object.entries(stats)) {
    if (!key.startsWith(PREFIX) || typeof value !== 'number' || value <= 0) continue;
    const [crm, object, ...field] = key.slice(PREFIX.length).split('.');
    const crmName = CrmName.safeParse(crm);
    if (!crmName.success || !object || field.length === 0) continue;
    out.push({ crm: crmName.data, object, field: field.join('.'), records: value });
  }
  return out.sort((a, b) =>
    `${a.crm}.${a.object}.${a.field}`.localeCompare(`${b.crm}.${b.object}.${b.field}`),
  );
}

/**
 * The rewrites of the newest finished run that met any (runs newest first): a person is only planned when
 * dirty, so quieter runs since then say nothing either way.
 */
export function orgRewritesOfRecentRuns(
  runs: readonly { readonly status: string; readonly stats: Readonly<Record<string, unknown>> }[],
): OrgRewrittenField[] {
  for (const run of runs) {
    if (run.status !== 'succeeded' && run.status !== 'partial') continue;
    const found = orgRewritesFromStats(run.stats);
    if (found.length > 0) return found;
  }
  return [];
}

const CRM_LABEL: Record<CrmName, string> = { hubspot: 'HubSpot', salesforce: 'Salesforce' };
const OBJECT_LABEL: Record<string, string> = { contact: 'Contact', lead: 'Lead' };

export function formatOrgRewrite(r: OrgRewrittenField): string {
  const object = OBJECT_LABEL[r.object] ?? r.object;
  const records = r.records === 1 ? '1 record' : `${r.records} records`;
  return (
    `${CRM_LABEL[r.crm]} ${object}.${r.field} rewritten by the org on ${records}: the CRM's automation changed ` +
    `leadloop's value as it saved it; leadloop keeps the org's value and writes the field again only when its ` +
    `own value changes`
  );
}
