/**
 * `/__sandbox/*`: the standalone sandbox's control surface (never counted as API calls): statistics,
 * fault knobs, token expiry, and mutations mirroring `SalesforceStore` for scripts and the demo.
 */
import { ApiError, notFound, type SfResponse } from '../http/api-error.ts';
import type { SandboxContext } from '../http/context.ts';
import type { SalesforceFaults } from '../faults.ts';
import { json } from './route.ts';

type Args = Record<string, unknown>;

const str = (args: Args, key: string): string => {
  const v = args[key];
  if (typeof v !== 'string' || v === '') throw new ApiError(400, 'MISSING_ARGUMENT', `${key} is required`);
  return v;
};

const ids = (args: Args, key: string): string[] => {
  const v = args[key];
  if (!Array.isArray(v) || !v.every((x): x is string => typeof x === 'string'))
    throw new ApiError(400, 'MISSING_ARGUMENT', `${key} (a list of ids) is required`);
  return v;
};

const fields = (args: Args): Record<string, string | number | boolean | null> =>
  (args['fields'] ?? {}) as Record<string, string | number | boolean | null>;

/** Store helpers reachable over HTTP: `POST /__sandbox/store/<action>` with a JSON body of arguments. */
const ACTIONS: Record<string, (ctx: SandboxContext, a: Args) => unknown> = {
  get: (ctx, a) => ctx.store.get(str(a, 'sobject'), str(a, 'id')) ?? null,
  create: (ctx, a) => ({ id: ctx.store.create(str(a, 'sobject'), fields(a)) }),
  update: (ctx, a) => ctx.store.update(str(a, 'sobject'), str(a, 'id'), fields(a)),
  delete: (ctx, a) => {
    ctx.store.delete(str(a, 'sobject'), str(a, 'id'));
    return { ok: true };
  },
  merge: (ctx, a) => ctx.store.merge(str(a, 'sobject'), str(a, 'masterId'), ids(a, 'mergeIds'), fields(a)),
  setLeadStatus: (ctx, a) => ctx.store.setLeadStatus(str(a, 'leadId'), str(a, 'status')),
  convertLead: (ctx, a) =>
    ctx.store.convertLead(
      str(a, 'leadId'),
      (a['options'] ?? {}) as Parameters<SandboxContext['store']['convertLead']>[1],
    ),
  createOpportunity: (ctx, a) => ({
    id: ctx.store.createOpportunity(
      a as unknown as Parameters<SandboxContext['store']['createOpportunity']>[0],
    ),
  }),
  setOpportunityStage: (ctx, a) => ctx.store.setOpportunityStage(str(a, 'id'), str(a, 'stageName')),
  addTask: (ctx, a) => ({
    id: ctx.store.addTask(a as unknown as Parameters<SandboxContext['store']['addTask']>[0]),
  }),
  addEvent: (ctx, a) => ({
    id: ctx.store.addEvent(a as unknown as Parameters<SandboxContext['store']['addEvent']>[0]),
  }),
  addCampaignMember: (ctx, a) => ({
    id: ctx.store.addCampaignMember(a as Parameters<SandboxContext['store']['addCampaignMember']>[0]),
  }),
  setFieldLabel: (ctx, a) => {
    ctx.store.setFieldLabel(str(a, 'sobject'), str(a, 'field'), str(a, 'label'));
    return { ok: true };
  },
  personIds: (ctx, a) => ({
    leadId: ctx.store.leadIdForPersonKey(str(a, 'key')) ?? null,
    contactId: ctx.store.contactIdForPersonKey(str(a, 'key')) ?? null,
  }),
};

export function handleAdmin(ctx: SandboxContext, method: string, path: string, body: unknown): SfResponse {
  const sub = path.slice('/__sandbox/'.length);
  if (sub === 'stats' && method === 'GET')
    return json({
      ...ctx.usage.snapshot(),
      dailyApiUsed: ctx.usage.dailyUsed(),
      dailyApiLimit: ctx.usage.limit,
    });
  if (sub === 'reset-stats' && method === 'POST') {
    ctx.usage.resetStats();
    return { status: 204 };
  }
  if (sub === 'faults' && (method === 'PUT' || method === 'POST')) {
    ctx.faults.set((body ?? null) as SalesforceFaults | null);
    return json(ctx.faults.current());
  }
  if (sub === 'faults' && method === 'GET') return json(ctx.faults.current());
  if (sub === 'expire-tokens' && method === 'POST') {
    ctx.tokens.expireAllAccess();
    return { status: 204 };
  }
  if (sub === 'api-usage' && method === 'PUT') {
    const used = (body as { used?: unknown } | undefined)?.used;
    if (typeof used !== 'number') throw new ApiError(400, 'MISSING_ARGUMENT', 'used (number) is required');
    ctx.usage.setDailyUsed(used);
    return { status: 204 };
  }
  // Salesforce merges through SOAP merge() or Apex only (no REST resource): `POST /__sandbox/merge` with
  // {sobject, masterId, mergeIds, fields?} stands in for an admin merging duplicates.
  const name = sub === 'merge' ? 'merge' : sub.startsWith('store/') ? sub.slice('store/'.length) : '';
  const action = Object.hasOwn(ACTIONS, name) ? ACTIONS[name] : undefined;
  if (action && method === 'POST') {
    try {
      return json(action(ctx, (body ?? {}) as Args) ?? null);
    } catch (err) {
      if (err instanceof ApiError) throw err;
      throw new ApiError(400, 'SANDBOX_STORE_ERROR', (err as Error).message);
    }
  }
  throw notFound(`No sandbox control endpoint ${method} ${path}`);
}
