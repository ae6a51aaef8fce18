/**
 * Bulk API 2.0 query for large full pulls: create the job, poll it to `JobComplete`, then read its result
 * sets one `Sforce-Locator` at a time until the literal `null`. Each set is a whole CSV (header included)
 * and is parsed on its own: jsforce's `bulk2.query` pipes every set into one CSV stream, which breaks
 * mid-field once a result has more than one set and throws from a stream nobody listens to.
 * Rows are typed back here from describe. A job's polls and result sets are a handful of calls for any
 * number of rows.
 * https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/queries.htm
 */
import type { FieldDescriptor } from '../../src/domain/field.ts';
import { SyncError } from '../../src/lib/errors.ts';
import { CsvSyntaxError, parseBulkCsv } from './bulk-csv.ts';
import type { SalesforceClient } from './connection.ts';
import { parseAnswer } from './parse-answer.ts';
import { SfBulkQueryJob, SfRecord } from './schemas.ts';

const POLL_INTERVAL_MS = 1_000;
const POLL_TIMEOUT_MS = 15 * 60_000;
/** `columnDelimiter` names → characters (the job is created with COMMA; the job info says what it used). */
const DELIMITERS: Record<string, string> = {
  COMMA: ',',
  BACKQUOTE: '`',
  CARET: '^',
  PIPE: '|',
  SEMICOLON: ';',
  TAB: '\t',
};

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

export interface BulkQueryOptions {
  /** Poll spacing; tests shorten it. */
  readonly pollIntervalMs?: number;
  readonly pollTimeoutMs?: number;
}

/**
 * Creates a `queryAll` job and polls it until it is complete.
 * https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/query_create_job.htm
 * https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/query_get_one_job.htm
 */
async function completedJob(
  client: SalesforceClient,
  soql: string,
  options: BulkQueryOptions,
): Promise<SfBulkQueryJob> {
  const created = parseAnswer(
    SfBulkQueryJob,
    await client.request({
      method: 'POST',
      path: client.dataPath('/jobs/query'),
      body: { operation: 'queryAll', query: soql, columnDelimiter: 'COMMA', lineEnding: 'LF' },
    }),
    'POST /jobs/query',
  );
  const deadline = Date.now() + (options.pollTimeoutMs ?? POLL_TIMEOUT_MS);
  for (;;) {
    const job = parseAnswer(
      SfBulkQueryJob,
      await client.request({ method: 'GET', path: client.dataPath(`/jobs/query/${created.id}`) }),
      'GET /jobs/query/{id}',
    );
    if (job.state === 'JobComplete') return job;
    if (job.state === 'Failed' || job.state === 'Aborted')
      throw new SyncError(
        'transient',
        'SF_BULK_JOB_FAILED',
        `Salesforce Bulk query job ${job.id} ended ${job.state}${job.errorMessage ? `: ${job.errorMessage}` : ''}`,
        { jobId: job.id, state: job.state },
      );
    if (Date.now() >= deadline)
      throw new SyncError(
        'transient',
        'SF_BULK_JOB_TIMEOUT',
        `Salesforce Bulk query job ${job.id} did not complete in time`,
        {
          jobId: job.id,
          state: job.state,
        },
      );
    await client.sleep(options.pollIntervalMs ?? POLL_INTERVAL_MS);
  }
}

/** Typed record of one CSV row. */
function typedRecord(row: Record<string, string>, byName: ReadonlyMap<string, FieldDescriptor>): SfRecord {
  const typed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) typed[key] = csvValue(value, byName.get(key));
  // IsDeleted/SystemModstamp are always selected; describe may not list IsDeleted as a mapped field.
  if (typeof typed['IsDeleted'] === 'string') typed['IsDeleted'] = typed['IsDeleted'] === 'true';
  return SfRecord.parse(typed);
}

/**
 * Rows of a Bulk 2.0 `queryAll` job, typed, in chunks of `chunkSize`. A result set that is not valid CSV
 * fails the stream with `SF_BULK_CSV_INVALID`, naming the job, the locator and the column; the caller's
 * cursor stays where it was.
 * https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/query_get_job_results.htm
 */
export async function* bulkQueryChunks(
  client: SalesforceClient,
  soql: string,
  fields: readonly FieldDescriptor[],
  chunkSize: number,
  options: BulkQueryOptions = {},
): AsyncGenerator<SfRecord[]> {
  const byName = new Map(fields.map((f) => [f.name, f]));
  const job = await completedJob(client, soql, options);
  const delimiter = DELIMITERS[job.columnDelimiter ?? 'COMMA'] ?? ',';
  let chunk: SfRecord[] = [];
  let locator: string | null = null;
  do {
    const path = client.dataPath(
      `/jobs/query/${job.id}/results${locator === null ? '' : `?locator=${encodeURIComponent(locator)}`}`,
    );
    const answer = await client.requestCsv(path);
    let rows: ReadonlyArray<Record<string, string>>;
    try {
      rows = parseBulkCsv(answer.body, delimiter).rows;
    } catch (err) {
      if (!(err instanceof CsvSyntaxError)) throw err;
      // Transient: a cut or mangled transfer reads this way; the job's sets can be read again.
      throw new SyncError(
        'transient',
        'SF_BULK_CSV_INVALID',
        `Salesforce Bulk query job ${job.id} answered a result set that is not valid CSV (locator ${locator ?? 'first'}): ${err.message}`,
        { jobId: job.id, locator, line: err.line, column: err.column ?? `field ${err.field + 1}` },
        { cause: err },
      );
    }
    for (const row of rows) {
      chunk.push(typedRecord(row, byName));
      if (chunk.length >= chunkSize) {
        yield chunk;
        chunk = [];
      }
    }
    const next = answer.headers['sforce-locator'];
    locator = next === undefined || next === null || next === '' || next === 'null' ? null : next;
  } while (locator !== null);
  if (chunk.length > 0) yield chunk;
}
