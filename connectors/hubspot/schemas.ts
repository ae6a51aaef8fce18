/**
 * Provider-prefixed zod schemas for every HubSpot response the connector reads (style rule 1). Non-strict
 * and `.nullish()` where HubSpot's docs say fields "should all be treated as optional"; shapes follow the
 * generated models of `@hubspot/api-client` v14 (`lib/codegen/crm/**` `attributeTypeMap`).
 */
import { z } from 'zod';

const HsNextPaging = z
  .object({ next: z.object({ after: z.string(), link: z.string().nullish() }).nullish() })
  .nullish();

/** `SimplePublicObject`: every property value is a string (or null). */
export const HsObject = z.object({
  id: z.string(),
  properties: z.record(z.string(), z.string().nullable()),
  createdAt: z.string().nullish(),
  updatedAt: z.string().nullish(),
  archived: z.boolean().nullish(),
  archivedAt: z.string().nullish(),
  /** Echo of the input's trace id on batch create/upsert results: which input a result answers. */
  objectWriteTraceId: z.string().nullish(),
});
export type HsObject = z.infer<typeof HsObject>;

/**
 * Objects that arrived with values outside the contract (a property that is not a string, a bad stamp):
 * salvaged to their valid parts so paging and cursors stay exact, and marked with what was wrong, so the
 * mapper reports them instead of letting one poison record fail its whole page (§B5 #28).
 */
export const hsRejections = new WeakMap<HsObject, string>();

function salvage(raw: unknown, error: z.ZodError): HsObject | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const id: unknown = Reflect.get(raw, 'id');
  if (typeof id !== 'string' && typeof id !== 'number') return undefined;
  const props: unknown = Reflect.get(raw, 'properties');
  const properties: Record<string, string | null> = {};
  if (typeof props === 'object' && props !== null)
    for (const [key, value] of Object.entries(props))
      if (typeof value === 'string' || value === null) properties[key] = value;
  const text = (key: string): string | undefined => {
    const value: unknown = Reflect.get(raw, key);
    return typeof value === 'string' ? value : undefined;
  };
  const createdAt = text('createdAt');
  const updatedAt = text('updatedAt');
  const archivedAt = text('archivedAt');
  const obj: HsObject = {
    id: String(id),
    properties,
    ...(createdAt ? { createdAt } : {}),
    ...(updatedAt ? { updatedAt } : {}),
    ...(archivedAt ? { archivedAt } : {}),
    archived: Reflect.get(raw, 'archived') === true,
  };
  hsRejections.set(obj, error.issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`).join('; '));
  return obj;
}

/** Objects parsed one by one: a poison record is salvaged and marked; one without an id fails the page. */
const HsObjects = z.array(z.unknown()).transform((items, ctx): HsObject[] => {
  const out: HsObject[] = [];
  for (const [index, raw] of items.entries()) {
    const parsed = HsObject.safeParse(raw);
    const obj = parsed.success ? parsed.data : salvage(raw, parsed.error);
    if (obj) out.push(obj);
    else ctx.addIssue({ code: 'custom', path: [index], message: 'a result without an id', input: raw });
  }
  return out;
});

/** `GET /crm/v3/objects/{type}`: forward paging, `paging` absent on the last page. */
export const HsListPage = z.object({ results: HsObjects, paging: HsNextPaging });

/** `GET /account-info/v3/details`: only the portal id is read. */
export const HsAccountDetails = z.object({
  portalId: z.number().int().positive(),
  /** The account's time zone setting: the daily API quota resets at its midnight. */
  timeZone: z.string().nullish(),
});
export type HsListPage = z.infer<typeof HsListPage>;

/** `POST /crm/v3/objects/{type}/search`. */
export const HsSearchPage = z.object({
  total: z.number().nullish(),
  results: HsObjects,
  paging: HsNextPaging,
});
export type HsSearchPage = z.infer<typeof HsSearchPage>;

/** `StandardError` inside batch responses; every field optional in practice. */
export const HsStandardError = z.object({
  status: z.string().nullish(),
  id: z.string().nullish(),
  category: z.string().nullish(),
  subCategory: z.unknown().optional(),
  message: z.string().nullish(),
  errors: z
    .array(
      z.object({
        message: z.string().nullish(),
        code: z.string().nullish(),
        // HubSpot's reference examples render this as a string ('{missingScopes=[scope1, scope2]}'); a
        // detail in another shape is dropped rather than failing the whole batch answer.
        context: z.record(z.string(), z.array(z.string())).nullish().catch(null),
      }),
    )
    .nullish(),
  context: z.record(z.string(), z.array(z.string())).nullish(),
});
export type HsStandardError = z.infer<typeof HsStandardError>;

/** Batch update/create response, 200 or 207 (`numErrors` + `errors`). */
export const HsBatchResponse = z.object({
  status: z.string().nullish(),
  results: z.array(HsObject.extend({ new: z.boolean().nullish() })).default([]),
  numErrors: z.number().nullish(),
  errors: z.array(HsStandardError).nullish(),
});
export type HsBatchResponse = z.infer<typeof HsBatchResponse>;

/**
 * `POST /crm/v3/objects/contacts/batch/read`: 200, or 207 with the ids it could not find in `errors`
 * (`OBJECT_NOT_FOUND`, `context.ids`). Results are salvaged one by one, as list and search pages are.
 */
export const HsBatchReadResponse = z.object({
  status: z.string().nullish(),
  results: HsObjects.default([]),
  numErrors: z.number().nullish(),
  errors: z.array(HsStandardError).nullish(),
});
export type HsBatchReadResponse = z.infer<typeof HsBatchReadResponse>;

/** The error body of a non-2xx answer (`Error` model, plus the 429 fields `errorType`/`policyName`). */
export const HsErrorBody = z.object({
  status: z.string().nullish(),
  message: z.string().nullish(),
  correlationId: z.string().nullish(),
  category: z.string().nullish(),
  subCategory: z.unknown().optional(),
  errorType: z.string().nullish(),
  policyName: z.string().nullish(),
  errors: z.array(z.object({ message: z.string().nullish(), code: z.string().nullish() })).nullish(),
  context: z.record(z.string(), z.array(z.string())).nullish(),
  /** OAuth token endpoint errors (`{"status":"BAD_REFRESH_TOKEN","message":...}` or `error`). */
  error: z.string().nullish(),
  error_description: z.string().nullish(),
});
export type HsErrorBody = z.infer<typeof HsErrorBody>;

export const HsOption = z.object({
  label: z.string(),
  value: z.string(),
  hidden: z.boolean().nullish(),
  displayOrder: z.number().nullish(),
  description: z.string().nullish(),
});
export type HsOption = z.infer<typeof HsOption>;

/** `Property` from the properties API v3. */
export const HsProperty = z.object({
  name: z.string(),
  label: z.string(),
  type: z.string(),
  fieldType: z.string(),
  groupName: z.string().nullish(),
  description: z.string().nullish(),
  options: z.array(HsOption).nullish(),
  calculated: z.boolean().nullish(),
  hasUniqueValue: z.boolean().nullish(),
  hubspotDefined: z.boolean().nullish(),
  hidden: z.boolean().nullish(),
  modificationMetadata: z
    .object({
      archivable: z.boolean().nullish(),
      readOnlyDefinition: z.boolean().nullish(),
      readOnlyValue: z.boolean().nullish(),
      readOnlyOptions: z.boolean().nullish(),
    })
    .nullish(),
});
export type HsProperty = z.infer<typeof HsProperty>;

export const HsPropertyList = z.object({ results: z.array(HsProperty) });

export const HsPropertyGroup = z.object({ name: z.string(), label: z.string().nullish() });
export const HsPropertyGroupList = z.object({ results: z.array(HsPropertyGroup) });

/** `POST /oauth/v1/token` (`AccessTokenResponse`). */
export const HsTokenResponse = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).nullish(),
  expires_in: z.number().positive(),
  token_type: z.string().nullish(),
});
export type HsTokenResponse = z.infer<typeof HsTokenResponse>;

/** `GET /events/v3/events` (`ExternalUnifiedEvent`). */
export const HsEvent = z.object({
  id: z.string(),
  eventType: z.string(),
  objectType: z.string().nullish(),
  objectId: z.union([z.string(), z.number()]).transform(String),
  occurredAt: z.string(),
  properties: z.record(z.string(), z.string().nullable()).nullish(),
});
export type HsEvent = z.infer<typeof HsEvent>;
export const HsEventsPage = z.object({ results: z.array(HsEvent), paging: HsNextPaging });

/** Legacy `GET /email/public/v1/events`: offset paging with `hasMore`. */
export const HsEmailEvent = z.object({
  id: z.string(),
  created: z.number(),
  type: z.string(),
  recipient: z.string().nullish(),
  emailCampaignId: z.union([z.number(), z.string()]).nullish(),
  appName: z.string().nullish(),
  url: z.string().nullish(),
  subscriptions: z.array(z.object({ status: z.string().nullish() })).nullish(),
  /** HubSpot filtered the event from its own reporting (bot and privacy-proxy opens and clicks). */
  filteredEvent: z.boolean().nullish(),
  /** The follow-on event that supersedes this one (Email Events guide, "obsoletedBy"). */
  obsoletedBy: z.object({ id: z.string(), created: z.number().nullish() }).nullish(),
});
export type HsEmailEvent = z.infer<typeof HsEmailEvent>;
export const HsEmailEventsPage = z.object({
  events: z.array(HsEmailEvent),
  hasMore: z.boolean().nullish(),
  offset: z.string().nullish(),
});

/** `POST /crm/v4/associations/{from}/{to}/batch/read`. */
export const HsAssociationBatch = z.object({
  status: z.string().nullish(),
  results: z.array(
    z.object({
      from: z.object({ id: z.string() }),
      to: z.array(z.object({ toObjectId: z.union([z.string(), z.number()]).transform(String) })),
      /** More associations of this one object: ask again with `{ id, after }`. */
      paging: z.object({ next: z.object({ after: z.string() }).nullish() }).nullish(),
    }),
  ),
  numErrors: z.number().nullish(),
  errors: z.array(HsStandardError).nullish(),
});
export type HsAssociationBatch = z.infer<typeof HsAssociationBatch>;
