/**
 * Which of the custom fields `describe` did not list still exist in the org. Describe and SOQL show only
 * fields the user has field-level read access to, but the Tooling API's `CustomField` lists the org's
 * custom fields whatever the FLS (it needs "View Setup and Configuration", which field provisioning
 * already needs), so a field found here and missing from describe is hidden from the integration user,
 * not misspelt. One Tooling composite call with one `IN` query, only on a run where a field is missing.
 * https://developer.salesforce.com/docs/atlas.en-us.api_tooling.meta/api_tooling/tooling_api_objects_customfield.htm
 * https://help.salesforce.com/s/articleView?id=sf.users_fields_fls.htm
 */
import type { PersonObject } from '../../src/domain/crm.ts';
import type { FieldRef } from '../types.ts';
import { OBJECT_API_NAME } from './map.ts';
import { soqlString } from './soql.ts';
import { answerError, developerName, queryRecords, toolingQuery, type Tooling } from './tooling.ts';

const key = (object: string, dev: string): string => `${object}.${dev}`.toLowerCase();

/** The refs whose custom field exists (standard fields have no CustomField row and are never returned). */
export async function findHiddenFields(tooling: Tooling, refs: readonly FieldRef[]): Promise<FieldRef[]> {
  const custom = refs.filter((r) => r.field.toLowerCase().endsWith('__c'));
  if (custom.length === 0) return [];
  const api = (o: PersonObject): string => OBJECT_API_NAME[o];
  const list = (values: Iterable<string>) => [...new Set(values)].map(soqlString).join(', ');
  const [answer] = await tooling.run([
    toolingQuery(
      `SELECT Id, DeveloperName, TableEnumOrId FROM CustomField WHERE TableEnumOrId IN (${list(custom.map((r) => api(r.object)))}) AND DeveloperName IN (${list(custom.map((r) => developerName(r.field)))})`,
    ),
  ]);
  if (!answer || answer.error || answer.status !== 200)
    throw answerError(answer ?? { status: 0, body: null }, { what: 'hidden field probe' });
  const found = new Set(
    queryRecords(answer).map((r) => key(String(r['TableEnumOrId']), String(r['DeveloperName']))),
  );
  return custom.filter((r) => found.has(key(api(r.object), developerName(r.field))));
}
