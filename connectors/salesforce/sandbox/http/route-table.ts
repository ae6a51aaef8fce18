/**
 * Every data-API route the sandbox serves, in match order, and the lookup that tells a missing
 * resource (404) from a wrong method (405).
 */
import { bulk2Routes } from '../routes/bulk2-jobs.ts';
import { collectionRoutes } from '../routes/collections.ts';
import { compositeRoutes } from '../routes/composite.ts';
import { describeRoutes } from '../routes/describe.ts';
import { queryRoutes } from '../routes/query.ts';
import { replicationRoutes } from '../routes/replication.ts';
import { resourceRoutes } from '../routes/resources.ts';
import type { Route } from '../routes/route.ts';
import { sobjectRowRoutes } from '../routes/sobject-rows.ts';
import { toolingRoutes } from '../routes/tooling.ts';

const ROUTES: Route[] = [
  ...resourceRoutes,
  ...queryRoutes,
  ...replicationRoutes,
  ...describeRoutes,
  ...sobjectRowRoutes,
  ...collectionRoutes,
  ...compositeRoutes,
  ...bulk2Routes,
  ...toolingRoutes,
];

export type RouteMatch = { route: Route; params: string[] } | { route: null; allowed: string[] };

export function matchRoute(method: string, rest: string): RouteMatch {
  const allowed: string[] = [];
  for (const route of ROUTES) {
    const m = route.pattern.exec(rest);
    if (!m) continue;
    if (route.method === method) return { route, params: m.slice(1).map((p) => p ?? '') };
    allowed.push(route.method);
  }
  return { route: null, allowed };
}
