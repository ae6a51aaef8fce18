/**
 * What account scoring needs of a CRM's company object (HubSpot companies, Salesforce Accounts), as an
 * optional capability of a connector (`CrmConnector.companies`). Vendor shapes stay inside: records
 * arrive as `CompanyRecord`s keyed by the CRM's field API names, writes go as `RecordUpdate`s.
 */
import type { CompanyRecord } from '../src/domain/company.ts';
import type { FieldDescriptor, FieldSpec } from '../src/domain/field.ts';
import type { RecordUpdate, WriteOutcome } from '../src/domain/write.ts';
import type { FieldCreateResult } from './types.ts';

export interface CompanySource {
  /** The company object's API name (`companies`, `Account`): what field specs name. */
  readonly objectApiName: string;
  /** Fields of the company object; cached per connector, `fresh` re-reads. */
  describe(options?: { readonly fresh?: boolean }): Promise<FieldDescriptor[]>;
  /** Every live company, with these fields (API names) where the object has them, a page at a time. */
  readAll(fields: readonly string[]): AsyncIterable<readonly CompanyRecord[]>;
  /** Batched updates; one outcome per input, in order, keyed by record id. */
  write(updates: readonly RecordUpdate[]): Promise<WriteOutcome[]>;
  /** Provision leadloop's account fields; existing ones are left alone. */
  createFields(specs: readonly FieldSpec[]): Promise<FieldCreateResult[]>;
}
