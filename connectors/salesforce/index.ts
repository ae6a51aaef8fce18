/**
 * The Salesforce `CrmConnector` on jsforce v3. Wiring only: each capability lives in its own file.
 */
import { SyncError } from '../../src/lib/errors.ts';
import { elapsedClock } from '../../src/lib/server-clock.ts';
import type { Logger } from '../../src/lib/logger.ts';
import type { SharedSession } from '../../src/lib/shared-session.ts';
import type { SalesforceConnection } from '../../src/config/connections.ts';
import type { PersonObject } from '../../src/domain/crm.ts';
import { withRejections } from '../rejected-records.ts';
import type { CrmConnector } from '../types.ts';
import { salesforceAccounts } from './accounts.ts';
import { SalesforceClient } from './connection.ts';
import { createFields } from './create-fields.ts';
import { createTasks } from './create-tasks.ts';
import { DescribeCache } from './describe.ts';
import { findHiddenFields } from './find-hidden-fields.ts';
import { grantFieldAccess } from './permission-set.ts';
import { listUsers, type SalesforceUser } from './list-users.ts';
import { OBJECT_API_NAME } from './map.ts';
import { activitySpecs, pullActivities } from './pull-activities.ts';
import { opportunitySpecs, pullOpportunities } from './pull-opportunities.ts';
import { KeptPages } from './poll-round.ts';
import { continuesByBulk, firstQuery, pullRecords } from './pull-records.ts';
import { readRecords } from './read-records.ts';
import { SfLimits, SfQueryResult } from './schemas.ts';
import { Tooling } from './tooling.ts';
import { updateLabels } from './update-labels.ts';
import { updateRecords, upsertRecords } from './write-records.ts';
import { parseAnswer } from './parse-answer.ts';

export type { SalesforceUser } from './list-users.ts';
export { toSyncError } from './errors.ts';

export interface SalesforceConnectorOptions {
  readonly logger: Logger;
  readonly clock?: () => Date;
  /** Elapsed time, never stepped (default `performance.now` unless `clock` is given): see ServerClock. */
  readonly elapsedMs?: () => number;
  /** Receives a rotated refresh token before it is used; storing it atomically is the caller's job. */
  readonly onRefreshToken?: (token: string) => Promise<void>;
  /** The session every worker shares (Redis state): one token request across workers. */
  readonly sharedSession?: SharedSession;
  /** Base delay of the bounded in-connector retries (ms, default 250). */
  readonly retryBaseMs?: number;
  /**
   * Let the org's assignment rules pick the owner of created Leads (`handoff.owners.assignmentRules`):
   * creates then omit `Sforce-Auto-Assign: FALSE`. Updates always send it. Default false.
   */
  readonly assignmentRules?: boolean;
  /** Overrides `connection.lookbackSeconds` in ms (tests: sub-second overlaps). */
  readonly lookbackMs?: number;
  /** `sync.include.salesforce`: WHERE fragments per object; records outside them are never read. */
  readonly include?: Partial<Record<PersonObject, string>>;
}

export interface SalesforceConnector extends CrmConnector {
  /** Active and inactive standard users, for owner lookups and SLA re-routing. */
  listUsers(): Promise<SalesforceUser[]>;
  /** Tokens minted so far (initial login and refreshes). */
  readonly tokensMinted: number;
}

export function createSalesforceConnector(
  connection: SalesforceConnection,
  options: SalesforceConnectorOptions,
): SalesforceConnector {
  const clock = options.clock ?? (() => new Date());
  const logger = options.logger.child({ connector: 'salesforce' });
  const elapsedMs = elapsedClock(options.clock, options.elapsedMs);
  const client = new SalesforceClient(connection, {
    logger: options.logger,
    clock,
    ...(elapsedMs ? { elapsedMs } : {}),
    onRefreshToken: options.onRefreshToken,
    retryBaseMs: options.retryBaseMs,
    ...(options.sharedSession ? { shared: options.sharedSession } : {}),
  });
  const describe = new DescribeCache(client);
  const tooling = new Tooling(client);
  const api = (object: PersonObject): string => OBJECT_API_NAME[object];
  const lookbackMs = options.lookbackMs ?? connection.lookbackSeconds * 1000;
  const kept = new KeptPages();
  // Narrowed QUERY_TIMEOUT windows per object, from one run's first poll to the next (windowed-pages.ts).
  const windows = new Map<string, number>();
  // The run's signpost in Salesforce's time, so a host clock behind the org's does not leave its latest
  // changes out, nor one ahead move a cursor past rows the org has yet to stamp. Mapped once per signpost:
  // beginPoll's prefetched SOQL must equal the pulls' own even if answers in between narrow the offset.
  let mapped: { local: number; server: Date } | undefined;
  const inServerTime = <T extends { signpost: Date }>(pullOptions: T): T => {
    if (mapped?.local !== pullOptions.signpost.getTime())
      mapped = {
        local: pullOptions.signpost.getTime(),
        server: client.serverClock.toServer(pullOptions.signpost),
      };
    return { ...pullOptions, signpost: mapped.server };
  };

  return {
    crm: 'salesforce',
    objects: ['contact', 'lead'],
    // Updates: five 200-record collections per /composite call; upserts: one 200-record collection.
    batchSizes: { write: 1000, create: 200 },
    get tokensMinted() {
      return client.tokens.minted;
    },
    objectApiName: api,

    async account() {
      // The token answer's identity URL names the org (no call of its own); a token without one is
      // answered by the Organization object, which every org has exactly one row of.
      await client.ensureSession();
      if (client.organizationId) return { id: client.organizationId };
      const rows = parseAnswer(
        SfQueryResult,
        await client.request({
          method: 'GET',
          path: `/query?q=${encodeURIComponent('SELECT Id FROM Organization')}`,
        }),
        'the query for Organization',
      ).records;
      const id = rows[0]?.['Id'];
      if (typeof id !== 'string')
        throw new SyncError('config', 'SF_NO_ORGANIZATION', 'Salesforce answered no Organization row');
      client.organizationId = id;
      return { id };
    },
    // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_limits.htm
    async check() {
      const limits = parseAnswer(
        SfLimits,
        await client.request({ method: 'GET', path: '/limits' }),
        'GET /limits',
      );
      client.meter.observeLimits(limits.DailyApiRequests.Max, limits.DailyApiRequests.Remaining);
    },
    describe: (object, options) => {
      if (options?.fresh) describe.invalidate(api(object));
      return describe.fields(api(object));
    },
    pullChanges: (object, cursor, pullOptions) =>
      withRejections(
        pullRecords(
          {
            client,
            describe,
            logger,
            bulkThreshold: connection.bulkThreshold,
            lookbackMs,
            kept,
            windows,
            ...(options.include ? { include: options.include } : {}),
          },
          object,
          cursor,
          inServerTime(pullOptions),
        ),
      ),
    readRecords: (object, ids, readOptions) =>
      readRecords(
        { client, describe, ...(options.include ? { include: options.include } : {}) },
        object,
        ids,
        readOptions?.fields,
      ),
    // Every stream's first page in ⌈queries/5⌉ composite calls: a no-op poll costs 2 calls, not 4.
    async beginPoll(plan) {
      windows.clear();
      const soqls: string[] = [];
      const fullPulls = new Set<string>();
      for (const r of plan.records) {
        const start = await firstQuery(
          { describe, lookbackMs, ...(options.include ? { include: options.include } : {}) },
          r.object,
          r.cursor,
          inServerTime(r.options),
        );
        soqls.push(start.soql);
        if (start.fullPull) fullPulls.add(start.soql);
      }
      const activities = activitySpecs(
        plan.activities.cursor,
        inServerTime(plan.activities.options),
        lookbackMs,
      );
      for (const spec of activities.specs) soqls.push(spec.soql);
      const opportunities = opportunitySpecs(
        plan.opportunities.cursor,
        inServerTime(plan.opportunities.options),
        lookbackMs,
      );
      for (const spec of opportunities.specs) soqls.push(spec.soql);
      // A stream going on by Bulk never asks for its next page: none is read ahead for it.
      await kept.fetch(
        client,
        logger,
        soqls,
        (soql, page) => !continuesByBulk(fullPulls.has(soql), page, connection.bulkThreshold),
      );
    },
    pullActivities: (cursor, pullOptions) =>
      pullActivities(client, logger, cursor, inServerTime(pullOptions), lookbackMs, kept),
    pullOpportunities: (cursor, pullOptions) =>
      pullOpportunities(client, logger, cursor, inServerTime(pullOptions), lookbackMs, kept),
    write: (object, updates) => updateRecords(client, api(object), updates),
    create: (object, creates) =>
      upsertRecords(client, api(object), creates, { assignmentRules: options.assignmentRules === true }),
    updateLabels: (changes) => updateLabels(tooling, describe, changes),
    createFields: (specs) => createFields(tooling, describe, specs, client),
    findHiddenFields: (refs) => findHiddenFields(tooling, refs),
    grantOwnFieldAccess: (refs) =>
      grantFieldAccess(
        client,
        refs.map((r) => ({ object: api(r.object), field: r.field })),
      ),
    listUsers: () => listUsers(client),
    listOwners: () => listUsers(client),
    createTasks: (tasks) => createTasks(client, tasks),
    // Only account scoring reads it; a config without `scoring.account` makes no Account call.
    companies: salesforceAccounts({ client, describe, tooling, logger, lookbackMs }),
    usage: () => client.meter.usage(),
  };
}
