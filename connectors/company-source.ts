/**
 * What account scoring needs of a CRM's company object (HubSpot companies, Salesforce Accounts), as an
 * optional capability of a connector (`CrmConnector.companies`). Vendor shapes stay inside: records
 * arrive as `CompanyRecord`s keyed by the CRM's field API names, writes go as `RecordUpdate`s.
 */
import type { CompanyRecord } from '../src/domain/company.ts';
import type { FieldDescriptor, FieldSpec } from '../src/domain/field.ts';
import type { RecordUpdate, WriteOutcome } from '../src/domain/write.ts';
import type { FieldCreateResult } from './types.ts';

/** One page of a company read, and the cursor that resumes after it. */
export interface CompanyPage {
  readonly records: readonly CompanyRecord[];
  /** Companies deleted (or merged away) in the range read: the caller forgets them. */
  readonly removed: readonly string[];
  /** The read lists every live company (no cursor, an unreadable one, or `full`): what is not in it is gone. */
  readonly complete: boolean;
  /** Opaque; the last page's cursor is the one to store, once what the read fed has been written. */
  readonly cursor: string;
}

export interface CompanyReadOptions {
  /** Upper bound of the read (the run's start): the cursor never passes it. */
  readonly signpost: Date;
  /** Read every company, whatever the cursor says (`sync --full`). */
  readonly full?: boolean;
}

export interface CompanySource {
  /** The company object's API name (`companies`, `Account`): what field specs name. */
  readonly objectApiName: string;
  /** Fields of the company object; cached per connector, `fresh` re-reads. */
  describe(options?: { readonly fresh?: boolean }): Promise<FieldDescriptor[]>;
  /**
   * Companies changed since `cursor` (every live one without a cursor), with these fields (API names)
   * where the object has them, a page at a time; at least one page, so there is always a cursor.
   */
  readChanged(
    fields: readonly string[],
    cursor: string | null,
    options: CompanyReadOptions,
  ): AsyncIterable<CompanyPage>;
  /** Batched updates; one outcome per input, in order, keyed by record id. */
  write(updates: readonly RecordUpdate[]): Promise<WriteOutcome[]>;
  /** Provision leadloop's account fields; existing ones are left alone. */
  createFields(specs: readonly FieldSpec[]): Promise<FieldCreateResult[]>;
}
