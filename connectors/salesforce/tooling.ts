/**
 * Tooling API access for labels and field provisioning: `CustomField` (custom field labels, custom
 * picklist value labels, field create) and `StandardValueSet` (standard picklists such as Lead Status).
 * Every Tooling read and write goes through Tooling `/composite`: up to 25 subrequests per call, at most 5
 * of them queries, each answered on its own (`allOrNone: false`), the whole call counting as one.
 * https://developer.salesforce.com/docs/atlas.en-us.api_tooling.meta/api_tooling/tooling_resources_composite_composite.htm
 * https://developer.salesforce.com/docs/atlas.en-us.api_tooling.meta/api_tooling/tooling_api_objects_customfield.htm
 * https://developer.salesforce.com/docs/atlas.en-us.api_tooling.meta/api_tooling/tooling_api_objects_standardvalueset.htm
 */
import { SyncError } from '../../src/lib/errors.ts';
import type { SalesforceClient } from './connection.ts';
import { toSyncError } from './errors.ts';
import { SfApiError, SfCompositeResponse, SfToolingQueryResult } from './schemas.ts';
import { parseAnswer } from './parse-answer.ts';

export const MAX_TOOLING_SUBREQUESTS = 25;
export const MAX_TOOLING_QUERIES = 5;

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

/** One Tooling subrequest; `path` is under `/tooling` (`/sobjects/CustomField`, `/query?q=...`). */
export interface ToolingOp {
  readonly method: 'GET' | 'POST' | 'PATCH';
  readonly path: string;
  readonly body?: unknown;
}

/** One subrequest's answer; `error` is set when its whole composite call failed (non-fatally). */
export interface ToolingAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly error?: SyncError;
}

export const toolingQuery = (soql: string): ToolingOp => ({
  method: 'GET',
  path: `/query?q=${encodeURIComponent(soql)}`,
});

const isQuery = (op: ToolingOp): boolean => op.method === 'GET' && op.path.startsWith('/query');

/** Auth and quota failures stop the whole operation; anything else belongs to the items it touched. */
export function isFatal(err: unknown): boolean {
  return err instanceof SyncError && (err.kind === 'auth' || err.kind === 'rate_limited');
}

/** The failure a subrequest answered with, classified like a direct call's (`errors.ts`). */
export function answerError(answer: ToolingAnswer, context: Record<string, unknown> = {}): SyncError {
  if (answer.error) return answer.error;
  const first = SfApiError.safeParse(Array.isArray(answer.body) ? answer.body[0] : answer.body);
  const code = first.success ? first.data.errorCode : `ERROR_HTTP_${answer.status}`;
  const message = first.success
    ? (first.data.message ?? code)
    : `Tooling subrequest answered ${answer.status}`;
  return toSyncError(Object.assign(new Error(message), { errorCode: code }), context);
}

/** The records a query subrequest returned (a parse failure is reported as that answer's error). */
export function queryRecords(answer: ToolingAnswer): Array<Record<string, unknown>> {
  return SfToolingQueryResult.parse(answer.body).records;
}

/** Splits ops, in order, into composite-sized chunks: ≤ 25 subrequests, ≤ 5 of them queries. */
export function toolingChunks(ops: readonly ToolingOp[]): ToolingOp[][] {
  const chunks: ToolingOp[][] = [];
  let current: ToolingOp[] = [];
  let queries = 0;
  for (const op of ops) {
    if (current.length === MAX_TOOLING_SUBREQUESTS || (isQuery(op) && queries === MAX_TOOLING_QUERIES)) {
      chunks.push(current);
      current = [];
      queries = 0;
    }
    current.push(op);
    if (isQuery(op)) queries++;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

export class Tooling {
  private readonly client: SalesforceClient;

  constructor(client: SalesforceClient) {
    this.client = client;
  }

  /**
   * Runs every op in ⌈ops/25⌉ (more when over 5 queries per call) Tooling composite calls, answers in op
   * order. A call that fails as a whole throws when fatal (auth, quota), else answers each of its ops
   * with that error, so earlier and later calls keep their results.
   */
  async run(ops: readonly ToolingOp[]): Promise<ToolingAnswer[]> {
    const answers: ToolingAnswer[] = [];
    for (const chunk of toolingChunks(ops)) {
      try {
        answers.push(...(await this.composite(chunk)));
      } catch (err) {
        const error = toSyncError(err, { path: '/tooling/composite' });
        if (isFatal(error)) throw error;
        answers.push(...chunk.map(() => ({ status: 0, body: null, error })));
      }
    }
    return answers;
  }

  private async composite(ops: readonly ToolingOp[]): Promise<ToolingAnswer[]> {
    const raw = await this.client.request({
      method: 'POST',
      path: '/tooling/composite',
      body: {
        allOrNone: false,
        compositeRequest: ops.map((op, i) => ({
          method: op.method,
          url: this.client.dataPath(`/tooling${op.path}`),
          referenceId: `t${i}`,
          ...(op.body === undefined ? {} : { body: op.body }),
        })),
      },
      // Creates are not safe to resend; reads and full-Metadata PATCHes are.
      idempotent: ops.every((op) => op.method !== 'POST'),
    });
    const answer = parseAnswer(SfCompositeResponse, raw, 'POST /tooling/composite');
    const byRef = new Map(answer.compositeResponse.map((r) => [r.referenceId, r]));
    return ops.map((_, i) => {
      const sub = byRef.get(`t${i}`);
      if (!sub)
        throw new SyncError(
          'transient',
          'SF_COMPOSITE_MISSING',
          `Tooling composite answer lacks subrequest t${i}`,
        );
      return { status: sub.httpStatusCode, body: sub.body };
    });
  }
}
