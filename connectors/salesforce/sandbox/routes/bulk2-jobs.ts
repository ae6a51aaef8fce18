/**
 * Bulk API 2.0 query jobs: create (UploadComplete), poll (InProgress, then JobComplete: the state
 * advances one step per poll, like a job that takes a moment), CSV results in chunks with
 * `Sforce-Locator` (the literal string `null` after the last chunk) and `Sforce-NumberOfRecords`,
 * abort and delete. The query's rows are snapshotted when the job is created.
 * https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/query_create_job.htm
 * https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/query_get_job_results.htm
 */
import type { SfValue } from '../catalog/field-def.ts';
import { ApiError, notFound, type SfResponse } from '../http/api-error.ts';
import type { SandboxContext, SfRequest } from '../http/context.ts';
import { KEY_PREFIX, makeId } from '../ids.ts';
import type { QueryResultSet } from '../soql/execute-query.ts';
import { csvHeader, csvValues } from '../soql/project-record.ts';
import { runSoql } from './query.ts';
import { json, type Route } from './route.ts';

const DELIMITERS: Record<string, string> = {
  COMMA: ',',
  BACKQUOTE: '`',
  CARET: '^',
  PIPE: '|',
  SEMICOLON: ';',
  TAB: '\t',
};

interface BulkQueryJob {
  id: string;
  operation: 'query' | 'queryAll';
  object: string;
  query: string;
  state: 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Aborted' | 'Failed';
  createdDate: string;
  systemModstamp: string;
  apiVersion: string;
  lineEnding: 'LF' | 'CRLF';
  columnDelimiter: string;
  result: QueryResultSet;
}

export class BulkQueryJobs {
  readonly jobs = new Map<string, BulkQueryJob>();
  private seq = 0;
  private readonly created: string[] = [];

  nextId(): string {
    return makeId(KEY_PREFIX.BulkJob, ++this.seq);
  }

  add(job: BulkQueryJob): void {
    this.jobs.set(job.id, job);
    this.created.push(job.createdDate.slice(0, 10));
  }

  /** Jobs created on `today` (YYYY-MM-DD, sandbox clock). */
  createdToday(today: string): number {
    return this.created.filter((d) => d === today).length;
  }
}

function info(ctx: SandboxContext, job: BulkQueryJob, full: boolean): Record<string, unknown> {
  return {
    id: job.id,
    operation: job.operation,
    object: job.object,
    createdById: ctx.store.integrationUserId,
    createdDate: job.createdDate,
    systemModstamp: job.systemModstamp,
    state: job.state,
    concurrencyMode: 'Parallel',
    contentType: 'CSV',
    apiVersion: Number(job.apiVersion),
    jobType: 'V2Query',
    lineEnding: job.lineEnding,
    columnDelimiter: job.columnDelimiter,
    ...(full
      ? {
          numberRecordsProcessed: job.state === 'JobComplete' ? job.result.rows.length : 0,
          retries: 0,
          totalProcessingTime: job.state === 'JobComplete' ? 120 : 0,
          isPkChunkingSupported: true,
        }
      : {}),
  };
}

function jobOr404(ctx: SandboxContext, req: SfRequest): BulkQueryJob {
  const job = ctx.bulkJobs.jobs.get(req.params[0] ?? '');
  if (!job) throw notFound(`Job ${req.params[0] ?? ''} not found`);
  return job;
}

function create(ctx: SandboxContext, req: SfRequest): SfResponse {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const operation = body['operation'];
  if (operation !== 'query' && operation !== 'queryAll')
    throw new ApiError(
      400,
      'INVALIDJOB',
      `Invalid operation: ${String(operation)}; expected query or queryAll`,
    );
  const delimiterName = typeof body['columnDelimiter'] === 'string' ? body['columnDelimiter'] : 'COMMA';
  if (!DELIMITERS[delimiterName])
    throw new ApiError(400, 'INVALIDJOB', `Invalid columnDelimiter: ${delimiterName}`);
  const lineEnding = body['lineEnding'] === 'CRLF' ? 'CRLF' : 'LF';
  const query = typeof body['query'] === 'string' ? body['query'] : null;
  const result = runSoql(ctx.store, query, operation === 'queryAll');
  if (
    result.bound.countOnly ||
    result.bound.aggregate ||
    result.bound.columns.some((c) => c.kind === 'subquery')
  ) {
    throw new ApiError(
      400,
      'INVALIDJOB',
      'Bulk API 2.0 query does not support COUNT(), aggregates or child subqueries',
    );
  }
  const now = ctx.store.now();
  const job: BulkQueryJob = {
    id: ctx.bulkJobs.nextId(),
    operation,
    object: result.bound.table.def.name,
    query: query ?? '',
    state: 'UploadComplete',
    createdDate: now,
    systemModstamp: now,
    apiVersion: req.version,
    lineEnding,
    columnDelimiter: delimiterName,
    result,
  };
  ctx.bulkJobs.add(job);
  return json(info(ctx, job, false));
}

function csvCell(value: SfValue): string {
  if (value === null) return '""';
  return `"${String(value).replace(/"/g, '""')}"`;
}

function results(ctx: SandboxContext, req: SfRequest): SfResponse {
  const job = jobOr404(ctx, req);
  if (job.state !== 'JobComplete')
    throw new ApiError(
      412,
      'JOB_NOT_COMPLETE',
      `Job ${job.id} is in state ${job.state}; results are available once it is JobComplete`,
    );
  const locator = req.query.get('locator');
  const offset = locator ? Number(Buffer.from(locator, 'base64url').toString('utf8')) : 0;
  if (!Number.isInteger(offset) || offset < 0 || offset > job.result.rows.length)
    throw new ApiError(400, 'INVALIDLOCATOR', `Invalid locator: ${locator ?? ''}`);
  const maxRecords = Number(req.query.get('maxRecords') ?? ctx.options.bulkResultSetRows);
  const size = Number.isInteger(maxRecords) && maxRecords > 0 ? maxRecords : ctx.options.bulkResultSetRows;
  const end = Math.min(job.result.rows.length, offset + size);
  const sep = DELIMITERS[job.columnDelimiter] ?? ',';
  const eol = job.lineEnding === 'CRLF' ? '\r\n' : '\n';
  const lines = [
    csvHeader(job.result)
      .map((h) => `"${h}"`)
      .join(sep),
  ];
  for (let i = offset; i < end; i++) {
    lines.push(
      csvValues(job.result, job.result.rows[i] as (typeof job.result.rows)[number])
        .map(csvCell)
        .join(sep),
    );
  }
  const next = end < job.result.rows.length ? Buffer.from(String(end)).toString('base64url') : 'null';
  return {
    status: 200,
    raw: lines.join(eol) + eol,
    headers: {
      'Content-Type': 'text/csv',
      'Sforce-Locator': next,
      'Sforce-NumberOfRecords': String(end - offset),
    },
  };
}

export const bulk2Routes: Route[] = [
  { method: 'POST', pattern: /^\/jobs\/query\/?$/, endpoint: 'bulk2.query', handler: create },
  {
    method: 'GET',
    pattern: /^\/jobs\/query\/?$/,
    endpoint: 'bulk2.query.list',
    handler: (ctx) =>
      json({
        done: true,
        records: [...ctx.bulkJobs.jobs.values()].map((j) => info(ctx, j, false)),
        nextRecordsUrl: null,
      }),
  },
  {
    method: 'GET',
    pattern: /^\/jobs\/query\/([^/]+)\/?$/,
    endpoint: 'bulk2.query.status',
    handler: (ctx, req) => {
      const job = jobOr404(ctx, req);
      const advanced =
        job.state === 'UploadComplete'
          ? 'InProgress'
          : job.state === 'InProgress'
            ? 'JobComplete'
            : job.state;
      if (advanced !== job.state) {
        job.state = advanced;
        job.systemModstamp = ctx.store.now();
      }
      return json(info(ctx, job, true));
    },
  },
  {
    method: 'GET',
    pattern: /^\/jobs\/query\/([^/]+)\/results\/?$/,
    endpoint: 'bulk2.query.results',
    handler: results,
  },
  {
    method: 'PATCH',
    pattern: /^\/jobs\/query\/([^/]+)\/?$/,
    endpoint: 'bulk2.query.abort',
    handler: (ctx, req) => {
      const job = jobOr404(ctx, req);
      if ((req.body as { state?: unknown } | undefined)?.state !== 'Aborted')
        throw new ApiError(400, 'INVALIDJOBSTATE', 'Only {"state":"Aborted"} is accepted for query jobs');
      if (job.state === 'JobComplete')
        throw new ApiError(400, 'INVALIDJOBSTATE', `Job ${job.id} is already complete`);
      job.state = 'Aborted';
      job.systemModstamp = ctx.store.now();
      return json(info(ctx, job, false));
    },
  },
  {
    method: 'DELETE',
    pattern: /^\/jobs\/query\/([^/]+)\/?$/,
    endpoint: 'bulk2.query.delete',
    handler: (ctx, req) => {
      ctx.bulkJobs.jobs.delete(jobOr404(ctx, req).id);
      return { status: 204 };
    },
  },
];
