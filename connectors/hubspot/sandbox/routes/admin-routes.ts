/**
 * `/__sandbox/*`: drive a standalone sandbox over HTTP (stats, faults, limits, mutations mirroring the
 * in-process store helpers). No auth, not counted, never limited or faulted.
 */
import { z } from 'zod';
import { ActivityType } from '../../../../src/domain/activity.ts';
import { LeadloopError } from '../../../../src/lib/errors.ts';
import type { HubSpotFaults } from '../fault-injector.ts';
import { errorBody, HubSpotHttpError, validationError } from '../http-errors.ts';
import { hubSpotTierLimits, type HubSpotSandboxLimits } from '../limits-policy.ts';
import type { SandboxStats } from '../request-pipeline.ts';
import { isRecord, json, type Route, type RouteContext, type RouteResult } from '../route-types.ts';
import type { HubSpotStore } from '../store-helpers.ts';

export interface AdminControls {
  stats(): SandboxStats;
  resetStats(): void;
  faults(): HubSpotFaults | null;
  setFaults(f: HubSpotFaults | null): void;
  limits(): HubSpotSandboxLimits | null;
  setLimits(l: HubSpotSandboxLimits | null): void;
  expireTokens(): void;
  store: HubSpotStore;
}

const Faults = z.strictObject({
  latencyMs: z.number().min(0).optional(),
  latencySpikeRate: z.number().min(0).max(1).optional(),
  latencySpikeMs: z.number().min(0).optional(),
  errorRate5xx: z.number().min(0).max(1).optional(),
  burstRate: z.number().min(0).max(1).optional(),
  burstLength: z.number().int().min(1).optional(),
  htmlErrorRate: z.number().min(0).max(1).optional(),
  resetRate: z.number().min(0).max(1).optional(),
  rate429: z.number().min(0).max(1).optional(),
  recordFailureRate: z.number().min(0).max(1).optional(),
  lockedRate: z.number().min(0).max(1).optional(),
  repeatPagingCursor: z.boolean().optional(),
  seed: z.number().int().optional(),
});
const Limits = z.union([
  z.strictObject({
    tenSecondMax: z.number().int().min(1),
    dailyMax: z.number().int().min(0),
    searchPerSecond: z.number().int().min(1),
    enabled: z.boolean(),
  }),
  z.strictObject({
    tier: z.enum(['free', 'starter', 'professional', 'enterprise', 'api-add-on', 'public-app']),
  }),
]);
const Activity = z.object({
  type: ActivityType,
  occurredAt: z.string(),
  name: z.string().nullish(),
  url: z.string().nullish(),
  tag: z.string().nullish(),
  campaign: z.string().nullish(),
});
const ContactUpdate = z.object({
  properties: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  at: z.string().optional(),
});

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body);
  if (!r.success) throw validationError(z.prettifyError(r.error));
  return r.data;
}

/** Store helper errors become 404/400 answers. */
function guarded(fn: (req: RouteContext) => RouteResult): (req: RouteContext) => RouteResult {
  return (req) => {
    try {
      return fn(req);
    } catch (err) {
      if (err instanceof LeadloopError) {
        throw new HubSpotHttpError(
          err.code === 'SANDBOX_NOT_FOUND' ? 404 : 400,
          errorBody(err.code, err.message),
        );
      }
      throw err;
    }
  };
}

export function adminRoutes(c: AdminControls): Route[] {
  const admin = { auth: 'none', admin: true } as const;
  return [
    {
      ...admin,
      method: 'GET',
      pattern: '/__sandbox/stats',
      endpoint: 'admin',
      handle: () => json(200, c.stats()),
    },
    {
      ...admin,
      method: 'POST',
      pattern: '/__sandbox/reset-stats',
      endpoint: 'admin',
      handle: () => (c.resetStats(), { status: 204 }),
    },
    {
      ...admin,
      method: 'GET',
      pattern: '/__sandbox/faults',
      endpoint: 'admin',
      handle: () => json(200, c.faults()),
    },
    {
      ...admin,
      method: 'PUT',
      pattern: '/__sandbox/faults',
      endpoint: 'admin',
      handle: (req) => {
        c.setFaults(req.body === undefined || req.body === null ? null : parse(Faults, req.body));
        return json(200, c.faults());
      },
    },
    {
      ...admin,
      method: 'GET',
      pattern: '/__sandbox/limits',
      endpoint: 'admin',
      handle: () => json(200, c.limits()),
    },
    {
      ...admin,
      method: 'PUT',
      pattern: '/__sandbox/limits',
      endpoint: 'admin',
      handle: (req) => {
        if (req.body === undefined || req.body === null) c.setLimits(null);
        else {
          const l = parse(Limits, req.body);
          c.setLimits('tier' in l ? hubSpotTierLimits(l.tier) : l);
        }
        return json(200, c.limits());
      },
    },
    {
      ...admin,
      method: 'POST',
      pattern: '/__sandbox/expire-tokens',
      endpoint: 'admin',
      handle: () => (c.expireTokens(), { status: 204 }),
    },
    {
      ...admin,
      method: 'PATCH',
      pattern: '/__sandbox/contacts/:contactId',
      endpoint: 'admin',
      handle: guarded((req) => {
        const body = parse(ContactUpdate, req.body);
        return json(
          200,
          c.store.updateContact(
            req.params.contactId ?? '',
            body.properties,
            body.at ? new Date(body.at) : undefined,
          ),
        );
      }),
    },
    {
      ...admin,
      method: 'POST',
      pattern: '/__sandbox/contacts/:ref/activities',
      endpoint: 'admin',
      handle: guarded((req) =>
        json(201, { id: c.store.addActivity(req.params.ref ?? '', parse(Activity, req.body)) }),
      ),
    },
    {
      ...admin,
      method: 'PUT',
      pattern: '/__sandbox/properties/:name/label',
      endpoint: 'admin',
      handle: guarded((req) => {
        if (!isRecord(req.body) || typeof req.body.label !== 'string')
          throw validationError('"label" is required');
        c.store.setPropertyLabel(req.params.name ?? '', req.body.label);
        return { status: 204 };
      }),
    },
    {
      ...admin,
      method: 'GET',
      pattern: '/__sandbox/people/:key',
      endpoint: 'admin',
      handle: guarded((req) => {
        const id = c.store.contactIdForPersonKey(req.params.key ?? '');
        if (!id)
          throw new LeadloopError('SANDBOX_NOT_FOUND', `no contact for person ${req.params.key ?? ''}`);
        return json(200, c.store.getContact(id));
      }),
    },
  ];
}
