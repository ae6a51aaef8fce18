/**
 * The LeadStatus object is a read-only view of the LeadStatus standard value set; after the value set
 * changes (dataset load, Tooling label rename) its rows are brought back in line.
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_leadstatus.htm
 */
import type { SalesforceStoreCore } from './store-core.ts';

export function syncLeadStatusRows(store: SalesforceStoreCore): void {
  const table = store.mustTable('LeadStatus');
  const values = store.valueSets.get('LeadStatus') ?? [];
  const byApiName = new Map([...table.rows.values()].map((r) => [r['ApiName'] as string, r]));
  values.forEach((v, i) => {
    const fields = {
      MasterLabel: v.label,
      ApiName: v.valueName,
      SortOrder: i + 1,
      IsDefault: v.default,
      IsConverted: v.converted === true,
    };
    const existing = byApiName.get(v.valueName);
    if (!existing) store.insertRow(table, fields);
    else if (Object.entries(fields).some(([k, val]) => existing[k] !== val))
      store.patchRow(table, existing['Id'] as string, fields);
  });
}
