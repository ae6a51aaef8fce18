/**
 * Global describe, sObject describe and the sObject basic-information resource.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_describeGlobal.htm
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm
 */
import { describeGlobal, describeSObject } from '../describe-sobject.ts';
import { notFound } from '../http/api-error.ts';
import type { SandboxContext } from '../http/context.ts';
import type { SObjectTable } from '../store/table.ts';
import { json, type Route } from './route.ts';

export function tableOrNotFound(ctx: SandboxContext, name: string): SObjectTable {
  const table = ctx.store.table(decodeURIComponent(name));
  if (!table) throw notFound();
  return table;
}

export const describeRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/sobjects\/?$/,
    endpoint: 'describeGlobal',
    handler: (ctx, req) => json(describeGlobal(ctx.store, req.version)),
  },
  {
    method: 'GET',
    pattern: /^\/sobjects\/([^/]+)\/describe\/?$/,
    endpoint: 'describe',
    handler: (ctx, req) =>
      json(describeSObject(ctx.store, tableOrNotFound(ctx, req.params[0] ?? ''), req.version)),
  },
  {
    method: 'GET',
    pattern: /^\/sobjects\/([^/]+)\/?$/,
    endpoint: 'sobject.info',
    handler: (ctx, req) => {
      const table = tableOrNotFound(ctx, req.params[0] ?? '');
      const full = describeSObject(ctx.store, table, req.version);
      const {
        fields: _fields,
        childRelationships: _children,
        recordTypeInfos: _types,
        ...objectDescribe
      } = full;
      return json({ objectDescribe, recentItems: [] });
    },
  },
];
