/**
 * The one small interface every CRM connector implements. The sync engine, terminology and the admin
 * page know only this; vendor SDKs, paging, search caps, SOQL and `queryMore` stay inside a connector.
 * Vendor types never cross it: records, activities and fields arrive in the neutral shapes of `src/domain`.
 */
import type { ActivityPage } from '../src/domain/activity.ts';
import type { CompanySource } from './company-source.ts';
import type { CrmName, PersonObject } from '../src/domain/crm.ts';
import type { FieldDescriptor, FieldSpec, LabelChange } from '../src/domain/field.ts';
import type { Opportunity } from '../src/domain/opportunity.ts';
import type { Page, PersonRecord, RejectedRecord } from '../src/domain/person.ts';
import type { CrmUser, ReminderTask } from '../src/domain/sla-task.ts';
import type { UnavailableStream } from '../src/domain/unavailable-stream.ts';
import type { RecordCreate, RecordUpdate, WriteOutcome } from '../src/domain/write.ts';

export interface PullOptions {
  /**
   * The run's start time. Cursors never pass it (Singer signpost): a record modified during the run is
   * read again next run rather than skipped.
   */
  readonly signpost: Date;
  /** Only these fields (CRM API names). The connector always adds the ones it needs for cursors/links. */
  readonly fields?: readonly string[];
  /** Force a full pull (ignore the cursor). */
  readonly full?: boolean;
  /** Ignore the cursor and pull what changed since this time (`leadloop sync --since`). */
  readonly since?: Date;
}

export interface ReadRecordsOptions {
  /** Only these fields (CRM API names), as for a pull; the connector adds the ones it needs for links. */
  readonly fields?: readonly string[];
}

/** Records read by id: what a pull would have yielded for them, and the ids that are gone. */
export interface ReadRecordsResult {
  /** Normalised exactly as `pullChanges` yields them (a Salesforce record in the recycle bin: `deleted`). */
  readonly records: readonly PersonRecord[];
  /** Records left out of `records` because they failed the connector's schema (as `Page.rejected`). */
  readonly rejected: readonly RejectedRecord[];
  /** Requested ids the CRM no longer answers for: deleted (archived, merged away, purged) or never there. */
  readonly notFound: readonly string[];
}

/** API usage a connector made and observed: for metrics, the demo summary and the benchmarks. */
export interface ApiUsage {
  readonly crm: CrmName;
  /** Calls made, by endpoint family (e.g. `list`, `search`, `batch-update`, `query`, `composite`). */
  readonly calls: Readonly<Record<string, number>>;
  readonly totalCalls: number;
  readonly http429: number;
  readonly retries: number;
  /** Latest quota figures the CRM reported in headers, when it reports them. */
  readonly quota: {
    readonly dailyUsed?: number;
    readonly dailyLimit?: number;
    readonly windowRemaining?: number;
    readonly windowMax?: number;
  };
}

export interface LabelResult {
  readonly change: LabelChange;
  readonly status: 'applied' | 'unchanged' | 'not-editable' | 'failed';
  readonly message?: string;
}

export interface FieldCreateResult {
  readonly spec: FieldSpec;
  readonly status: 'created' | 'exists' | 'failed';
  readonly message?: string;
}

export interface CrmAccount {
  /** HubSpot portal (Hub) id or Salesforce organisation id, as the CRM spells it. */
  readonly id: string;
}

/** One stream's start for a run, exactly as the engine will then pass it to the stream's pull. */
export interface PollStream {
  readonly cursor: string | null;
  readonly options: PullOptions;
}

/** Every stream a run's pull phase is about to read (`beginPoll`). */
export interface PollPlan {
  readonly records: readonly (PollStream & { readonly object: PersonObject })[];
  readonly activities: PollStream;
  readonly opportunities: PollStream;
}

/** One field of a person object, by API name. */
export interface FieldRef {
  readonly object: PersonObject;
  readonly field: string;
}

export interface CrmConnector {
  readonly crm: CrmName;
  /** Person objects this CRM holds, in link-precedence order (Salesforce: contact before lead). */
  readonly objects: readonly PersonObject[];
  /** Records per API call for writes and creates: what a dry run's call forecast divides by. */
  readonly batchSizes: { readonly write: number; readonly create: number };

  /** Auth works and the CRM answers; throws a `SyncError` of kind `auth` or `config` otherwise. */
  check(): Promise<void>;

  /**
   * Which account the credentials reach: the HubSpot portal id, the Salesforce organisation id. leadloop
   * binds its state to it, so a state built on one company's CRMs never syncs against another's.
   */
  account(): Promise<CrmAccount>;

  /** The CRM object API name for a neutral person object (`contacts`, `Lead`, `Contact`). */
  objectApiName(object: PersonObject): string;

  /**
   * Fields of a person object, with labels, types, lengths, options and writability. Connectors may cache
   * it; `fresh` re-reads it (label drift checks, the admin page).
   */
  describe(object: PersonObject, options?: { readonly fresh?: boolean }): Promise<FieldDescriptor[]>;

  /**
   * Records changed since `cursor` (all records when `cursor` is null or `full`), ascending by
   * modification stamp, in pages. Each page's `cursor` resumes after that page; the caller commits it
   * only once the page's work is done. Deleted records arrive with `deleted: true`.
   */
  pullChanges(
    object: PersonObject,
    cursor: string | null,
    options: PullOptions,
  ): AsyncIterable<Page<PersonRecord>>;

  /**
   * Records of one person object by id (webhooks, targeted runs), in as few calls as the CRM's batch
   * limits allow. Reads no stream and moves no cursor.
   */
  readRecords(
    object: PersonObject,
    ids: readonly string[],
    options?: ReadRecordsOptions,
  ): Promise<ReadRecordsResult>;

  /**
   * Behaviour since `cursor`, normalised; same paging and commit rules as `pullChanges`. A page's `people`
   * lists everyone a re-read shared activity now relates to, so the engine drops copies it no longer names.
   */
  pullActivities(cursor: string | null, options: PullOptions): AsyncIterable<ActivityPage>;

  /** Opportunities with their contact roles changed since `cursor` (CRMs without them yield nothing). */
  pullOpportunities(cursor: string | null, options: PullOptions): AsyncIterable<Page<Opportunity>>;

  /** Batched updates; one outcome per input, in order, keyed by record id. */
  write(object: PersonObject, updates: readonly RecordUpdate[]): Promise<WriteOutcome[]>;

  /** Idempotent creates (upsert on the external id); one outcome per input, keyed by external id. */
  create(object: PersonObject, creates: readonly RecordCreate[]): Promise<WriteOutcome[]>;

  /** Field and picklist-option label changes; API values are never renamed. */
  updateLabels(changes: readonly LabelChange[]): Promise<LabelResult[]>;

  /** Provision fields leadloop needs (its own score, grade, stage... fields). Existing ones are left alone. */
  createFields(specs: readonly FieldSpec[]): Promise<FieldCreateResult[]>;

  /**
   * Of person-object fields `describe` did not list, those the CRM still has but hides from the
   * integration user (field-level security): a config fix, not a typo. Called only when a field is
   * missing; CRMs without per-field visibility leave it out.
   */
  findHiddenFields?(refs: readonly FieldRef[]): Promise<FieldRef[]>;

  /**
   * Gives the integration user read and edit on leadloop's own fields that exist but are hidden from it
   * (a run stopped between creating them and granting access). CRMs without field-level security leave
   * it out.
   */
  grantOwnFieldAccess?(refs: readonly FieldRef[]): Promise<void>;

  /**
   * Behaviour streams this account cannot serve (its plan or the token's scopes), learnt from the CRM at
   * most once per connector (a pull has usually learnt it already). CRMs whose every stream is always
   * there leave it out.
   */
  unavailableStreams?(): Promise<readonly UnavailableStream[]>;

  /**
   * Called once before a run's pulls with every stream's start, so a CRM that can batch reads across
   * streams fetches their first pages together. The pulls that follow must read exactly what they would
   * have read without it; connectors with nothing to batch leave it out.
   */
  beginPoll?(plan: PollPlan): Promise<void>;

  /**
   * Users who can own records (active or not, with their managers): SLA re-routes pass over inactive
   * ones and escalations find managers. CRMs whose records carry no owner leave it out.
   */
  listOwners?(): Promise<readonly CrmUser[]>;

  /** SLA reminder tasks, one outcome per input keyed by `task.key`. CRMs without tasks leave it out. */
  createTasks?(tasks: readonly ReminderTask[]): Promise<WriteOutcome[]>;

  /** The CRM's companies, for account scoring (`scoring.account`); read only when that is configured. */
  readonly companies?: CompanySource;

  /** Calls made and quota observed since the connector was created. */
  usage(): ApiUsage;
}
