/**
 * sObject Collections writes packed into `/composite`: ≤200 records per collection, ≤5 collections per
 * composite call, so 1,000 records cost one API call (limits A2/A5 ⌈W/1000⌉). `allOrNone: false` at both
 * levels: HTTP 200 carries one SaveResult per record, in order, and a 200 does not mean all succeeded.
 * Transient per-record failures (`UNABLE_TO_LOCK_ROW`...) are resent, bounded, with jittered backoff.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_update.htm
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite_post.htm
 */
import type { PersonObject } from '../../src/domain/crm.ts';
import type { ExistingRecord, RecordFailure, WriteOutcome } from '../../src/domain/write.ts';
import type { SalesforceClient } from './connection.ts';
import { toRecordFailure } from './errors.ts';
import { SfApiError, SfCompositeResponse, SfSaveResult, type SfSaveError } from './schemas.ts';
import { z } from 'zod';
import { parseAnswer } from './parse-answer.ts';

export const COLLECTION_SIZE = 200;
export const COLLECTIONS_PER_COMPOSITE = 5;
/** Resends of records that failed transiently (the first attempt not counted). */
const RECORD_RETRIES = 2;

export interface CollectionItem {
  /** Outcome key: the record id (updates) or the external id (upserts). */
  readonly key: string;
  /** The record as Salesforce takes it, `attributes.type` included. */
  readonly record: Readonly<Record<string, unknown>>;
}

/** One sObject Collections endpoint (update: `/composite/sobjects`; upsert: `/composite/sobjects/Lead/Ext__c`). */
export interface CollectionTarget {
  readonly method: 'PATCH' | 'POST';
  readonly path: string;
  readonly items: readonly CollectionItem[];
  /** Let the org's assignment rules run on these saves; default: the call's `WriteOptions`. */
  readonly assignmentRules?: boolean;
}

interface Chunk {
  readonly method: 'PATCH' | 'POST';
  readonly path: string;
  readonly items: readonly CollectionItem[];
  readonly assignmentRules: boolean;
}

const typeOf = (item: CollectionItem): string => {
  const attributes = item.record['attributes'];
  const type = typeof attributes === 'object' && attributes !== null ? Reflect.get(attributes, 'type') : '';
  return typeof type === 'string' ? type : '';
};

/**
 * Targets on the same endpoint with the same assignment choice share collections: an update collection
 * may mix object types (Lead and Contact updates fill one 200-record list instead of each its own partial
 * one). Salesforce saves a mixed list in runs of one type, at most 10 runs a request, so the items are
 * ordered by type: ≤ 2 runs here.
 * https://developer.salesforce.com/docs/platform/api-rest/guide/resources-composite-sobjects-collections-update.html
 */
export function chunksOf(targets: readonly CollectionTarget[], options: WriteOptions): Chunk[] {
  const byEndpoint = new Map<string, CollectionTarget & { assignmentRules: boolean }>();
  for (const t of targets) {
    const assignmentRules = t.assignmentRules ?? options.assignmentRules;
    const key = `${t.method} ${t.path} ${String(assignmentRules)}`;
    const seen = byEndpoint.get(key);
    byEndpoint.set(key, { ...t, assignmentRules, items: [...(seen?.items ?? []), ...t.items] });
  }
  const chunks: Chunk[] = [];
  for (const t of byEndpoint.values()) {
    const types = [...new Set(t.items.map(typeOf))];
    const items = types.flatMap((type) => t.items.filter((it) => typeOf(it) === type));
    for (let i = 0; i < items.length; i += COLLECTION_SIZE) {
      chunks.push({
        method: t.method,
        path: t.path,
        items: items.slice(i, i + COLLECTION_SIZE),
        assignmentRules: t.assignmentRules,
      });
    }
  }
  return chunks;
}

function wholeChunkFailure(status: number, body: unknown): RecordFailure {
  const first = SfApiError.safeParse(Array.isArray(body) ? body[0] : body);
  return toRecordFailure(
    first.success
      ? { errorCode: first.data.errorCode, message: first.data.message, fields: first.data.fields }
      : { errorCode: `ERROR_HTTP_${status}`, message: `collection subrequest failed with HTTP ${status}` },
  );
}

/** Objects a duplicate rule's match can be linked as (`matchResults[].entityType`). */
const MATCH_OBJECTS: Readonly<Record<string, PersonObject>> = { Lead: 'lead', Contact: 'contact' };

/**
 * The record a duplicate rule blocked the save for (`DUPLICATES_DETECTED`), when it names a Lead or
 * Contact: the first match of the first Lead/Contact result (Salesforce orders them by confidence).
 */
export function duplicateMatchOf(error: z.infer<typeof SfSaveError>): ExistingRecord | undefined {
  if ((error.statusCode ?? error.errorCode) !== 'DUPLICATES_DETECTED') return undefined;
  for (const match of error.duplicateResult?.matchResults ?? []) {
    const object = MATCH_OBJECTS[match.entityType ?? ''];
    const id = match.matchRecords?.find((m) => m.record?.Id)?.record?.Id;
    if (object && id) return { object, id };
  }
  return undefined;
}

/**
 * `Sforce-Auto-Assign: FALSE` keeps the org's assignment rules from running on a save (Leads, Cases,
 * Accounts); without the header they run. Sent in every subrequest that must not assign (a subrequest
 * takes any header its resource supports), and on the /composite request too when every subrequest
 * does: a call mixing both leaves it off there, so no subrequest depends on which of the two wins.
 * https://developer.salesforce.com/docs/platform/api-rest/guide/headers-autoassign.md
 * https://developer.salesforce.com/docs/platform/api-rest/guide/requests-composite.html (httpHeaders)
 */
function autoAssignHeaders(assignmentRules: boolean): Record<string, string> {
  return assignmentRules ? {} : { 'Sforce-Auto-Assign': 'FALSE' };
}

/** One composite call for up to five chunks; outcomes by key. */
async function sendComposite(
  client: SalesforceClient,
  chunks: readonly Chunk[],
): Promise<Map<string, WriteOutcome>> {
  const choices = new Set(chunks.map((c) => c.assignmentRules));
  const headers = choices.size === 1 ? autoAssignHeaders(chunks[0]?.assignmentRules ?? false) : {};
  const body = {
    allOrNone: false,
    compositeRequest: chunks.map((c, i) => {
      const own = autoAssignHeaders(c.assignmentRules);
      return {
        method: c.method,
        url: client.dataPath(c.path),
        referenceId: `c${i}`,
        ...(Object.keys(own).length > 0 ? { httpHeaders: own } : {}),
        body: { allOrNone: false, records: c.items.map((it) => it.record) },
      };
    }),
  };
  const response = parseAnswer(
    SfCompositeResponse,
    // Updates by id and upserts by external id (PATCH) do the same when sent twice, so a 5xx or a reset
    // may resend them; a create (POST) that landed would be created again, so a call holding one is not.
    // https://developer.salesforce.com/docs/platform/api-rest/guide/resources-composite-sobjects-collections-upsert.html
    await client.request({
      method: 'POST',
      path: '/composite',
      body,
      headers,
      idempotent: chunks.every((c) => c.method === 'PATCH'),
    }),
    'POST /composite (writes)',
  );
  const out = new Map<string, WriteOutcome>();
  chunks.forEach((chunk, i) => {
    const sub = response.compositeResponse.find((r) => r.referenceId === `c${i}`);
    const results = sub && sub.httpStatusCode < 300 ? z.array(SfSaveResult).safeParse(sub.body) : undefined;
    chunk.items.forEach((item, j) => {
      const result = results?.success ? results.data[j] : undefined;
      if (result?.success) {
        out.set(item.key, {
          ok: true,
          key: item.key,
          id: result.id ?? item.key,
          ...(result.created == null ? {} : { created: result.created }),
        });
      } else if (result) {
        const first = result.errors?.[0] ?? {
          statusCode: 'UNKNOWN',
          message: 'Salesforce reported failure without an error',
        };
        const reported = result.errors?.[0];
        const existing = reported ? duplicateMatchOf(reported) : undefined;
        // The record is in the recycle bin (deleted, or merged into another since it was read).
        const gone = (first.statusCode ?? first.errorCode) === 'ENTITY_IS_DELETED';
        out.set(item.key, {
          ok: false,
          key: item.key,
          failure: toRecordFailure(first),
          ...(existing ? { existing } : {}),
          ...(gone ? { gone: true } : {}),
        });
      } else {
        out.set(item.key, {
          ok: false,
          key: item.key,
          failure: wholeChunkFailure(sub?.httpStatusCode ?? 500, sub?.body),
        });
      }
    });
  });
  return out;
}

export interface WriteOptions {
  /** Let the org's assignment rules run on these saves (no `Sforce-Auto-Assign: FALSE`). */
  readonly assignmentRules: boolean;
}

/** All chunks in ⌈chunks/5⌉ composite calls, then bounded resends of transient failures. */
export async function writeCollections(
  client: SalesforceClient,
  targets: readonly CollectionTarget[],
  options: WriteOptions = { assignmentRules: false },
): Promise<Map<string, WriteOutcome>> {
  const outcomes = new Map<string, WriteOutcome>();
  let pending = chunksOf(targets, options);
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt > 0) {
      client.meter.countRetry();
      await client.sleep(client.backoff(attempt - 1));
    }
    for (let i = 0; i < pending.length; i += COLLECTIONS_PER_COMPOSITE) {
      for (const [key, outcome] of await sendComposite(
        client,
        pending.slice(i, i + COLLECTIONS_PER_COMPOSITE),
      ))
        outcomes.set(key, outcome);
    }
    if (attempt >= RECORD_RETRIES) break;
    const retry: CollectionTarget[] = [];
    for (const chunk of pending) {
      const items = chunk.items.filter((it) => {
        const o = outcomes.get(it.key);
        return o !== undefined && !o.ok && o.failure.retryable;
      });
      if (items.length > 0)
        retry.push({ method: chunk.method, path: chunk.path, items, assignmentRules: chunk.assignmentRules });
    }
    pending = chunksOf(retry, options);
  }
  return outcomes;
}
