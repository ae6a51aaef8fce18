/**
 * Raw Salesforce response shapes, parsed at the edge (style rule 1): provider-prefixed, non-strict (extra
 * keys pass), `.nullish()` where Salesforce may omit or null a field. `map.ts` turns them into domain types.
 * Shapes: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/ and
 * shared/specs/salesforce/salesforcecli-sobject-describe.schema.json.
 */
import { z } from 'zod';

/** OAuth token endpoint (JWT bearer and refresh grants). */
export const SfTokenResponse = z.object({
  access_token: z.string().min(1),
  instance_url: z.string().min(1),
  refresh_token: z.string().nullish(),
  id: z.string().nullish(),
  token_type: z.string().nullish(),
  issued_at: z.string().nullish(),
});

/** A queried record: `attributes` plus whatever fields were selected (scalars, or a parent/child object). */
export const SfRecord = z.looseObject({
  attributes: z.object({ type: z.string(), url: z.string().nullish() }).nullish(),
  Id: z.string(),
});
export type SfRecord = z.infer<typeof SfRecord>;

/** `GET /query`, `/queryAll`, `/query/{locator}`. */
export const SfQueryResult = z.object({
  totalSize: z.number().int(),
  done: z.boolean(),
  nextRecordsUrl: z.string().nullish(),
  records: z.array(SfRecord),
});
export type SfQueryResult = z.infer<typeof SfQueryResult>;

/** Bulk API 2.0 query job info: `POST /jobs/query` and `GET /jobs/query/{id}`. */
export const SfBulkQueryJob = z.object({
  id: z.string(),
  state: z.string(),
  errorMessage: z.string().nullish(),
  columnDelimiter: z.string().nullish(),
});
export type SfBulkQueryJob = z.infer<typeof SfBulkQueryJob>;

/** Child-relationship subquery block inside a record (e.g. `OpportunityContactRoles`). */
export const SfChildResult = z.object({
  totalSize: z.number().int().nullish(),
  done: z.boolean().nullish(),
  nextRecordsUrl: z.string().nullish(),
  records: z.array(z.looseObject({})),
});

/** `SELECT COUNT() ...` answers with a bare `totalSize`. */
export const SfCountResult = z.object({ totalSize: z.number().int(), done: z.boolean().nullish() });

export const SfPicklistEntry = z.object({
  value: z.string(),
  label: z.string().nullish(),
  active: z.boolean().nullish(),
  defaultValue: z.boolean().nullish(),
});

export const SfDescribeField = z.object({
  name: z.string(),
  label: z.string(),
  type: z.string(),
  length: z.number().int().nullish(),
  updateable: z.boolean().nullish(),
  createable: z.boolean().nullish(),
  custom: z.boolean().nullish(),
  calculated: z.boolean().nullish(),
  externalId: z.boolean().nullish(),
  inlineHelpText: z.string().nullish(),
  picklistValues: z.array(SfPicklistEntry).nullish(),
});
export type SfDescribeField = z.infer<typeof SfDescribeField>;

/** `GET /sobjects/{SObject}/describe` (DescribeSObjectResult). */
export const SfDescribeResult = z.object({
  name: z.string(),
  label: z.string().nullish(),
  fields: z.array(SfDescribeField),
});
export type SfDescribeResult = z.infer<typeof SfDescribeResult>;

/** One per-record error in a SaveResult: `statusCode` (collections) — jsforce's type says `errorCode`. */
/**
 * A duplicate rule's answer inside a save error (`statusCode: DUPLICATES_DETECTED`): the records it matched.
 * https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_class_Datacloud_DuplicateResult.htm
 */
export const SfDuplicateResult = z.object({
  matchResults: z
    .array(
      z.object({
        entityType: z.string().nullish(),
        matchRecords: z
          .array(z.object({ record: z.object({ Id: z.string().nullish() }).nullish() }))
          .nullish(),
      }),
    )
    .nullish(),
});

export const SfSaveError = z.object({
  statusCode: z.string().nullish(),
  errorCode: z.string().nullish(),
  message: z.string().nullish(),
  fields: z.array(z.string()).nullish(),
  duplicateResult: SfDuplicateResult.nullish(),
});

/** sObject Collections SaveResult / UpsertResult, one per input record, in request order. */
export const SfSaveResult = z.object({
  id: z.string().nullish(),
  success: z.boolean(),
  created: z.boolean().nullish(),
  errors: z.array(SfSaveError).nullish(),
});
export type SfSaveResult = z.infer<typeof SfSaveResult>;

/** A request-level error body: `[{ "errorCode": "...", "message": "..." }]`. */
export const SfApiError = z.object({
  errorCode: z.string(),
  message: z.string().nullish(),
  fields: z.array(z.string()).nullish(),
});

/** `POST /composite` response. */
export const SfCompositeResponse = z.object({
  compositeResponse: z.array(
    z.object({
      body: z.unknown(),
      httpHeaders: z.record(z.string(), z.string()).nullish(),
      httpStatusCode: z.number().int(),
      referenceId: z.string(),
    }),
  ),
});
export type SfCompositeResponse = z.infer<typeof SfCompositeResponse>;

/** `GET /limits` (only the entry the quota guard reads). */
export const SfLimits = z.object({
  DailyApiRequests: z.object({ Max: z.number(), Remaining: z.number() }),
});

/** Tooling `CustomField` / `StandardValueSet` rows and records. */
export const SfToolingQueryResult = z.object({
  totalSize: z.number().int(),
  done: z.boolean(),
  records: z.array(z.looseObject({ Id: z.string() })),
});

/**
 * A picklist value in Tooling JSON: the API value is `valueName` (the Metadata XML calls it `fullName`,
 * which some payloads echo); the label is the only part leadloop changes.
 */
export const SfCustomValue = z.looseObject({
  valueName: z.string().nullish(),
  fullName: z.string().nullish(),
  label: z.string().nullish(),
});

export const SfCustomFieldMetadata = z.looseObject({
  label: z.string().nullish(),
  type: z.string().nullish(),
  valueSet: z
    .looseObject({
      valueSetName: z.string().nullish(),
      valueSetDefinition: z.looseObject({ value: z.array(SfCustomValue) }).nullish(),
    })
    .nullish(),
});

export const SfToolingCustomField = z.looseObject({
  Id: z.string().nullish(),
  FullName: z.string(),
  Metadata: SfCustomFieldMetadata,
});

export const SfToolingStandardValueSet = z.looseObject({
  Id: z.string().nullish(),
  FullName: z.string().nullish(),
  MasterLabel: z.string().nullish(),
  Metadata: z.looseObject({ standardValue: z.array(SfCustomValue) }),
});

/** Tooling `POST` create result. */
export const SfCreateResult = z.object({ id: z.string(), success: z.boolean().nullish() });

/** User rows for owner lookups. */
export const SfUser = z.object({
  Id: z.string(),
  Name: z.string().nullish(),
  Email: z.string().nullish(),
  IsActive: z.boolean().nullish(),
  ManagerId: z.string().nullish(),
});
