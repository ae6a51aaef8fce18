/** How to reach each CRM (`connections:`). Secrets come from `${ENV}` references, never literals in git. */
import { z } from 'zod';
import type { CrmName } from '../domain/crm.ts';
import { checkCrmUrl, HOST_PATTERN } from '../lib/safe-url.ts';
import { maskUrlCredentials } from './format-issues.ts';

export const HubSpotTier = z.enum([
  'free',
  'starter',
  'professional',
  'enterprise',
  'api-add-on',
  'public-app',
]);
export type HubSpotTier = z.infer<typeof HubSpotTier>;

/**
 * SSRF guard keys shared by both connections (`src/lib/safe-url.ts`): extra API hosts beyond the CRM's
 * own, and the opt-in for loopback URLs that only the local sandboxes need.
 */
const urlPolicyKeys = {
  /** More hosts this connection may call (`my-proxy.example.com`, `*.example.com`), beyond the CRM's own. */
  allowedHosts: z
    .array(
      z
        .string()
        .regex(
          HOST_PATTERN,
          'expected a host name, "*." plus a domain of two or more labels, or an IP address',
        ),
    )
    .optional(),
  /** Accept loopback URLs over http (the local sandboxes). Never needed for the real CRMs. */
  allowLocalhost: z.boolean().optional(),
};

/** Adds a config error at `key` when that URL fails the connection's SSRF policy. */
function urlGuard(crm: CrmName, key: string) {
  return (
    value: Record<string, unknown> & {
      allowedHosts?: string[] | undefined;
      allowLocalhost?: boolean | undefined;
    },
    ctx: z.core.$RefinementCtx,
  ): void => {
    const raw = value[key];
    if (typeof raw !== 'string') return;
    const check = checkCrmUrl(raw, {
      crm,
      allowedHosts: value.allowedHosts,
      allowLocalhost: value.allowLocalhost,
    });
    if (!check.ok)
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: `${maskUrlCredentials(raw)} ${check.reason}`,
        input: maskUrlCredentials(raw),
      });
  };
}

export const HubSpotConnection = z
  .strictObject({
    baseUrl: z.url().default('https://api.hubapi.com'),
    ...urlPolicyKeys,
    /** Private-app token, or an OAuth access token when `oauth` is set. */
    accessToken: z.string().min(1).optional(),
    oauth: z
      .strictObject({
        clientId: z.string().min(1),
        clientSecret: z.string().min(1),
        refreshToken: z.string().min(1),
      })
      .optional(),
    /** The app's client secret, used to check `X-HubSpot-Signature-v3` on webhook deliveries. */
    webhookClientSecret: z.string().min(1).optional(),
    tier: HubSpotTier.default('professional'),
    limits: z
      .strictObject({
        /** Requests per rolling 10 s; defaults from the tier, corrected at run time from the headers. */
        tenSecondMax: z.number().int().positive().optional(),
        dailyMax: z.number().int().positive().optional(),
        searchPerSecond: z.number().positive().default(5),
        /** Share of the daily quota left for the company's other integrations. */
        dailyReserve: z.number().min(0).max(0.95).default(0.2),
      })
      .default({ searchPerSecond: 5, dailyReserve: 0.2 }),
    /**
     * Seconds each incremental pull re-reads before the last cutoff (contacts, engagements, events): search
     * answers recent changes late and out of order, so the overlap catches what a run could not yet see;
     * records read before are dropped. An hour, the horizon Estuary's HubSpot connector holds back by.
     */
    searchLookbackSeconds: z.number().int().min(0).default(3600),
  })
  .superRefine(urlGuard('hubspot', 'baseUrl'));
export type HubSpotConnection = z.infer<typeof HubSpotConnection>;

export const SalesforceAuth = z.discriminatedUnion('type', [
  z.strictObject({
    /** OAuth 2.0 JWT bearer flow: the server-to-server production default. */
    type: z.literal('jwt'),
    clientId: z.string().min(1),
    username: z.string().min(1),
    privateKey: z.string().min(1),
  }),
  z.strictObject({
    type: z.literal('refresh-token'),
    clientId: z.string().min(1),
    clientSecret: z.string().min(1).optional(),
    refreshToken: z.string().min(1),
  }),
]);
export type SalesforceAuth = z.infer<typeof SalesforceAuth>;

export const SalesforceConnection = z
  .strictObject({
    /** login.salesforce.com, test.salesforce.com, a My Domain URL, or the sandbox. */
    loginUrl: z.url().default('https://login.salesforce.com'),
    ...urlPolicyKeys,
    apiVersion: z
      .string()
      .regex(/^\d+\.0$/, 'expected a version like "62.0"')
      .default('62.0'),
    auth: SalesforceAuth,
    /** Stop scheduling new work past this share of the daily API allocation. */
    dailyBudgetShare: z.number().min(0.05).max(1).default(0.8),
    /** Use Bulk API 2.0 for full pulls above this many records. */
    bulkThreshold: z.number().int().positive().default(50_000),
    /**
     * Seconds an incremental Lead/Contact/activity/opportunity pull re-reads behind its cursor: writes
     * that commit after the SystemModstamp they carry surface below a cursor that has passed them.
     * 0 turns the overlap off; a day bounds the re-read cost.
     */
    lookbackSeconds: z
      .number()
      .int('expected whole seconds')
      .min(0, 'expected 0 (off) or more seconds')
      .max(86_400, 'expected at most 86400 seconds (a day)')
      .default(300),
  })
  .superRefine(urlGuard('salesforce', 'loginUrl'));
export type SalesforceConnection = z.infer<typeof SalesforceConnection>;

export const Connections = z.strictObject({
  hubspot: HubSpotConnection,
  salesforce: SalesforceConnection,
});
export type Connections = z.infer<typeof Connections>;
