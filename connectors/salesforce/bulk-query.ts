/**
 * Bulk API 2.0 query for large full pulls, through jsforce's `bulk2.query` (create job, poll, read result
 * chunks following `Sforce-Locator` until the literal `null`). Results are CSV strings, typed back here from
 * describe. A job's polls and result chunks are a handful of calls for any number of rows.
 * https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/queries.htm
 */
import type { FieldDescriptor } from '../../src/domain/field.ts';
import type { SalesforceClient } from './connection.ts';
import { toSyncError } from './errors.ts';
import { SfRecord } from './schemas.ts';

const POLL_INTERVAL_MS = 1_000;
const POLL_TIMEOUT_MS = 15 * 60_000;

/** CSV cell → typed value: empty is null, booleans and numbers by the field's describe type. */
export function csvValue(raw: unknown, field: FieldDescriptor | undefined): string | number | boolean | null {
  if (raw === null || raw === undefined || raw === '') return null;
  const text = String(raw);
  if (field?.type === 'boolean') return text === 'true';
  if (field?.type === 'number') {
    const n = Number(text);
    return Number.isFinite(n) ? n : null;
  }
  return text;
}

/** Rows of a Bulk 2.0 `queryAll` job, typed, in chunks of `chunkSize`. */
export async function* bulkQueryChunks(
  client: SalesforceClient,
  soql: string,
  fields: readonly FieldDescriptor[],
  chunkSize: number,
): AsyncGenerator<SfRecord[]> {
  await client.ensureSession();
  const byName = new Map(fields.map((f) => [f.name, f]));
  let stream: AsyncIterable<unknown>;
  try {
    stream = await client.conn.bulk2.query(soql, {
      scanAll: true,
      pollInterval: POLL_INTERVAL_MS,
      pollTimeout: POLL_TIMEOUT_MS,
    });
  } catch (err) {
    throw toSyncError(err, { api: 'bulk2', op: 'query' });
  }
  let chunk: SfRecord[] = [];
  try {
    for await (const row of stream) {
      const typed: Record<string, unknown> = {};
      if (typeof row === 'object' && row !== null) {
        for (const [key, value] of Object.entries(row)) typed[key] = csvValue(value, byName.get(key));
      }
      // IsDeleted/SystemModstamp are always selected; describe may not list IsDeleted as a mapped field.
      if (typeof typed['IsDeleted'] === 'string') typed['IsDeleted'] = typed['IsDeleted'] === 'true';
      chunk.push(SfRecord.parse(typed));
      if (chunk.length >= chunkSize) {
        yield chunk;
        chunk = [];
      }
    }
  } catch (err) {
    throw toSyncError(err, { api: 'bulk2', op: 'results' });
  }
  if (chunk.length > 0) yield chunk;
}
