/**
 * Fields Salesforce computes on save: names, closed/won flags from the picklist entry's attributes,
 * campaign-member response state. Run on every insert and patch so reads never see stale values.
 */
import type { SfValue } from '../catalog/field-def.ts';
import type { SalesforceStoreCore } from './store-core.ts';
import type { Row, SObjectTable } from './table.ts';

function fullName(row: Record<string, SfValue>): string {
  return [row['FirstName'], row['LastName']].filter((v) => typeof v === 'string' && v !== '').join(' ');
}

function valueFlags(store: SalesforceStoreCore, setName: string, value: SfValue) {
  return store.valueSets.get(setName)?.find((v) => v.valueName === value);
}

export function deriveFields(
  store: SalesforceStoreCore,
  table: SObjectTable,
  row: Record<string, SfValue>,
  previous: Row | undefined,
): void {
  switch (table.def.name) {
    case 'Lead':
    case 'Contact':
    case 'User':
      row['Name'] = fullName(row);
      return;
    case 'Opportunity': {
      const stage = valueFlags(store, 'OpportunityStage', row['StageName'] ?? null);
      row['IsClosed'] = stage?.closed === true;
      row['IsWon'] = stage?.won === true;
      return;
    }
    case 'Task': {
      row['IsClosed'] = valueFlags(store, 'TaskStatus', row['Status'] ?? null)?.closed === true;
      row['IsHighPriority'] = row['Priority'] === 'High';
      if (row['IsClosed'] === true && !row['CompletedDateTime'])
        row['CompletedDateTime'] = row['LastModifiedDate'] ?? null;
      const who =
        typeof row['WhoId'] === 'string' ? store.table('Contact')?.rows.get(row['WhoId']) : undefined;
      row['AccountId'] = who ? (who['AccountId'] ?? null) : null;
      return;
    }
    case 'CampaignMember': {
      const contactId = (row['ContactId'] as string | null | undefined) ?? null;
      const leadId = (row['LeadId'] as string | null | undefined) ?? null;
      const person = contactId
        ? store.table('Contact')?.rows.get(contactId)
        : leadId
          ? store.table('Lead')?.rows.get(leadId)
          : undefined;
      row['LeadOrContactId'] = contactId ?? leadId;
      row['Type'] = contactId ? 'Contact' : 'Lead';
      row['Email'] = person ? (person['Email'] ?? null) : null;
      const responded = valueFlags(store, 'CampaignMemberStatus', row['Status'] ?? null)?.responded === true;
      row['HasResponded'] = responded || previous?.['HasResponded'] === true;
      if (row['HasResponded'] === true && !row['FirstRespondedDate']) {
        row['FirstRespondedDate'] = String(row['LastModifiedDate'] ?? '').slice(0, 10) || null;
      }
      return;
    }
    default:
      return;
  }
}
