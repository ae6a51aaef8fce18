/**
 * Tooling API access for labels and field provisioning: `CustomField` (custom field labels, custom
 * picklist value labels, field create) and `StandardValueSet` (standard picklists such as Lead Status).
 * https://developer.salesforce.com/docs/atlas.en-us.api_tooling.meta/api_tooling/tooling_api_objects_customfield.htm
 * https://developer.salesforce.com/docs/atlas.en-us.api_tooling.meta/api_tooling/tooling_api_objects_standardvalueset.htm
 */
import type { z } from 'zod';
import type { SalesforceClient } from './connection.ts';
import {
  SfCreateResult,
  SfToolingCustomField,
  SfToolingQueryResult,
  SfToolingStandardValueSet,
} from './schemas.ts';
import { soqlString } from './soql.ts';

export type ToolingCustomField = z.infer<typeof SfToolingCustomField>;
export type ToolingStandardValueSet = z.infer<typeof SfToolingStandardValueSet>;

/** Standard picklist fields whose values live in a StandardValueSet (Metadata API names). */
export const STANDARD_VALUE_SETS: Readonly<Record<string, string>> = {
  'Lead.Status': 'LeadStatus',
  'Lead.LeadSource': 'LeadSource',
  'Contact.LeadSource': 'LeadSource',
  'Lead.Industry': 'Industry',
  'Lead.Salutation': 'Salutation',
  'Contact.Salutation': 'Salutation',
};

/** `Score__c` → `Score` (CustomField.DeveloperName carries no suffix or namespace). */
export function developerName(fieldApiName: string): string {
  return fieldApiName.replace(/__c$/i, '').replace(/^[A-Za-z0-9]+__/, '');
}

export class Tooling {
  private readonly client: SalesforceClient;

  constructor(client: SalesforceClient) {
    this.client = client;
  }

  private async query(soql: string): Promise<z.infer<typeof SfToolingQueryResult>> {
    return SfToolingQueryResult.parse(
      await this.client.request({ method: 'GET', path: `/tooling/query?q=${encodeURIComponent(soql)}` }),
    );
  }

  /** Ids of an object's custom fields by DeveloperName. */
  async customFieldIds(objectApiName: string, names: readonly string[]): Promise<Map<string, string>> {
    if (names.length === 0) return new Map();
    const devNames = [...new Set(names.map(developerName))];
    const result = await this.query(
      `SELECT Id, DeveloperName, TableEnumOrId FROM CustomField WHERE TableEnumOrId = ${soqlString(objectApiName)} AND DeveloperName IN (${devNames.map(soqlString).join(', ')})`,
    );
    const out = new Map<string, string>();
    for (const r of result.records) {
      const dev = r['DeveloperName'];
      if (typeof dev === 'string') out.set(dev.toLowerCase(), r.Id);
    }
    return out;
  }

  async getCustomField(id: string): Promise<ToolingCustomField> {
    return SfToolingCustomField.parse(
      await this.client.request({ method: 'GET', path: `/tooling/sobjects/CustomField/${id}` }),
    );
  }

  /** PATCH needs the full Metadata read back from GET: a partial one can reset other attributes. */
  async patchCustomField(id: string, field: ToolingCustomField): Promise<void> {
    await this.client.request({
      method: 'PATCH',
      path: `/tooling/sobjects/CustomField/${id}`,
      body: { FullName: field.FullName, Metadata: field.Metadata },
    });
  }

  async createCustomField(fullName: string, metadata: Record<string, unknown>): Promise<string> {
    const raw = await this.client.request({
      method: 'POST',
      path: '/tooling/sobjects/CustomField',
      body: { FullName: fullName, Metadata: metadata },
    });
    return SfCreateResult.parse(raw).id;
  }

  async standardValueSetId(name: string): Promise<string | undefined> {
    const result = await this.query(
      `SELECT Id, MasterLabel FROM StandardValueSet WHERE MasterLabel = ${soqlString(name)}`,
    );
    return result.records[0]?.Id;
  }

  async getStandardValueSet(id: string): Promise<ToolingStandardValueSet> {
    return SfToolingStandardValueSet.parse(
      await this.client.request({ method: 'GET', path: `/tooling/sobjects/StandardValueSet/${id}` }),
    );
  }

  async patchStandardValueSet(id: string, set: ToolingStandardValueSet, name: string): Promise<void> {
    await this.client.request({
      method: 'PATCH',
      path: `/tooling/sobjects/StandardValueSet/${id}`,
      body: { FullName: set.FullName ?? name, Metadata: set.Metadata },
    });
  }
}
