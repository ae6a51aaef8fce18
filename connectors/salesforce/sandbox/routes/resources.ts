/**
 * The version root (resource directory) and `/limits`.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_discoveryresource.htm
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_limits.htm
 */
import type { SandboxContext } from '../http/context.ts';
import { json, type Route } from './route.ts';

export function identityUrl(ctx: SandboxContext): string {
  return `${ctx.baseUrl}/id/${ctx.orgId}/${ctx.store.integrationUserId}`;
}

/** Release names for `GET /services/data`: v62.0 is Winter '25, three releases a year. */
export function releaseLabel(version: number): string {
  const k = 62 - version;
  const group = Math.floor(k / 3);
  const pos = ((k % 3) + 3) % 3;
  const season = ['Winter', 'Summer', 'Spring'][pos] as string;
  const year = (pos === 0 ? 25 : 24) - group;
  return `${season} '${String(year).padStart(2, '0')}`;
}

export const resourceRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/?$/,
    endpoint: 'resources',
    handler: (ctx, req) => {
      const base = `/services/data/v${req.version}`;
      const names = [
        'sobjects',
        'query',
        'queryAll',
        'limits',
        'composite',
        'tooling',
        'jobs',
        'search',
        'recent',
      ];
      return json({
        ...Object.fromEntries(names.map((n) => [n, `${base}/${n}`])),
        identity: identityUrl(ctx),
      });
    },
  },
  {
    method: 'GET',
    pattern: /^\/limits\/?$/,
    endpoint: 'limits',
    handler: (ctx) => {
      const used = ctx.usage.dailyUsed();
      const jobs = ctx.bulkJobs.createdToday(ctx.store.now().slice(0, 10));
      return json({
        ConcurrentAsyncGetReportInstances: { Max: 200, Remaining: 200 },
        DailyApiRequests: { Max: ctx.usage.limit, Remaining: Math.max(0, ctx.usage.limit - used) },
        DailyAsyncApexExecutions: { Max: 250000, Remaining: 250000 },
        DailyBulkApiBatches: { Max: 15000, Remaining: 15000 },
        DailyBulkV2QueryFileStorageMB: { Max: 976562, Remaining: 976562 },
        DailyBulkV2QueryJobs: { Max: 10000, Remaining: Math.max(0, 10000 - jobs) },
        DataStorageMB: { Max: 1024, Remaining: 1024 },
        FileStorageMB: { Max: 1024, Remaining: 1024 },
        HourlyODataCallout: { Max: 10000, Remaining: 10000 },
      });
    },
  },
];
