/**
 * The whole leadloop configuration: one YAML file, validated here. Every type in the product is derived
 * from these schemas (`z.infer`), and `config/leadloop.schema.json` is generated from them.
 * Objects are strict: an unknown key is an error, because a typo must never be silently ignored.
 */
import { z } from 'zod';
import { FieldMappings } from '../mapping/schema.ts';
import { AccountScoringConfig } from '../accounts/schema.ts';
import { ScoringConfig } from '../scoring/schema.ts';
import { SecondaryModels } from '../scoring/models-schema.ts';
import { checkModelFields } from './check-model-fields.ts';
import { StagesConfig } from '../stages/schema.ts';
import { TerminologyConfig } from '../terminology/schema.ts';
import { Connections } from './connections.ts';
import { SyncInclude } from './include.ts';

export const StateConfig = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('sqlite'), path: z.string().min(1).default('.leadloop/state.sqlite') }),
  z.strictObject({ type: z.literal('redis'), url: z.string().min(1) }),
]);
export type StateConfig = z.infer<typeof StateConfig>;

export const ScheduleConfig = z.strictObject({
  /** Cron (5 fields) for the incremental sync. */
  incremental: z.string().default('*/15 * * * *'),
  /** Nightly rescore: decay lowers stale leads without any CRM change. */
  rescore: z.string().default('0 2 * * *'),
  /** Weekly full reconcile: catches formula fields and anything cursors cannot see. */
  fullReconcile: z.string().default('0 3 * * 0'),
  timezone: z.string().default('UTC'),
});
export type ScheduleConfig = z.infer<typeof ScheduleConfig>;

export const HandoffConfig = z.strictObject({
  /** Create a Salesforce Lead for a HubSpot-only person: when MQL (default), always, or never. */
  createInSalesforce: z.enum(['mql', 'all', 'never']).default('mql'),
  /** Create a HubSpot contact for a Salesforce-only person: always, when recycled (default), or never. */
  createInHubSpot: z.enum(['all', 'recycled', 'never']).default('recycled'),
  /** Owner of created Leads: Salesforce assignment rules, or round-robin over these user ids. */
  owners: z
    .strictObject({
      assignmentRules: z.boolean().default(true),
      roundRobin: z.array(z.string().min(1)).default([]),
    })
    .default({ assignmentRules: true, roundRobin: [] }),
  /** Company placeholder for Leads created from contacts without one (Salesforce requires Company). */
  defaultCompany: z.string().default('[not provided]'),
});
export type HandoffConfig = z.infer<typeof HandoffConfig>;

export const DuplicatesConfig = z.strictObject({
  /**
   * Salesforce records sharing a person's email (Lead + Lead, Lead + Contact, Contact + Contact) join that
   * person as duplicates. `all` (default): each duplicate carries the primary record's leadloop fields
   * (score, grade, cell, stage...), so sales sees one truth whichever record it opens; `primary`: only
   * the primary record is written.
   */
  writeScores: z.enum(['primary', 'all']).default('all'),
});
export type DuplicatesConfig = z.infer<typeof DuplicatesConfig>;

export const OwnFieldsConfig = z.strictObject({
  /** Prefix of leadloop's own field API names: `leadloop_score` in HubSpot, `Leadloop_Score__c` in Salesforce. */
  prefix: z
    .string()
    .regex(/^[a-z][a-z0-9]*$/, 'expected lower-case letters and digits')
    .default('leadloop'),
  /** Touch HubSpot's own `lifecyclestage` (forward-only) through this stage → value map; off by default. */
  hubspotLifecycleStage: z.record(z.string(), z.string()).optional(),
  /** Max length of the explanation text written to the CRMs. */
  explanationLength: z.number().int().min(40).max(32_000).default(255),
});
export type OwnFieldsConfig = z.infer<typeof OwnFieldsConfig>;

export const HttpConfig = z.strictObject({
  port: z.number().int().min(0).max(65_535).default(8080),
  host: z.string().default('127.0.0.1'),
  /**
   * Bearer token for the admin API and pages. `serve` refuses one shorter than 32 characters or copied
   * from the docs (see src/http/admin-token-policy.ts); empty means unset.
   */
  adminToken: z.string().max(4096).optional(),
  /** Public https base URL of this server (webhook signatures cover it; https turns on Secure cookies and HSTS). */
  publicUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** Mark the session cookie Secure even when publicUrl is not https (TLS ends at a proxy in front). */
  secureCookie: z.boolean().default(false),
  /**
   * Express `trust proxy`: which proxies' X-Forwarded-For/-Proto to believe (false: none; true: all; a
   * hop count; or addresses / subnets). Needed behind a proxy for client addresses and webhook URLs.
   */
  trustProxy: z
    .union([z.boolean(), z.number().int().min(0).max(32), z.array(z.string().min(1)).min(1)])
    .default(false),
  /**
   * `/metrics` on its own listener, unauthenticated (for a Prometheus scraper); without it `/metrics`
   * sits behind the admin token on the main port.
   */
  metrics: z
    .strictObject({
      port: z.number().int().min(0).max(65_535),
      host: z.string().default('127.0.0.1'),
    })
    .optional(),
});
export type HttpConfig = z.infer<typeof HttpConfig>;

/** People per chunk, chosen from the bench: write batches fill (HubSpot 100, Salesforce 200 per call). */
export const DEFAULT_CHUNK_SIZE = 5000;

/** How a run is cut into work: the same for `sync --once`, the embedded scheduler and BullMQ workers. */
export const SyncConfig = z.strictObject({
  /** People per chunk (one `process` job on workers); smaller spreads a run over more workers. */
  chunkSize: z.number().int().min(1).max(50_000).default(DEFAULT_CHUNK_SIZE),
  /** Selective sync: which records each CRM's pulls read (src/config/include.ts). */
  include: SyncInclude.optional(),
});

const LeadloopConfigObject = z.strictObject({
  connections: Connections,
  state: StateConfig.default({ type: 'sqlite', path: '.leadloop/state.sqlite' }),
  schedule: ScheduleConfig.default({
    incremental: '*/15 * * * *',
    rescore: '0 2 * * *',
    fullReconcile: '0 3 * * 0',
    timezone: 'UTC',
  }),
  sync: SyncConfig.default({ chunkSize: DEFAULT_CHUNK_SIZE }),
  // `account` joins here rather than in ScoringConfig: its rules reuse the person rule schema from there.
  scoring: ScoringConfig.extend({
    account: AccountScoringConfig.optional(),
    /** Further named models, scores only (src/scoring/models-schema.ts); the one above is the primary. */
    models: SecondaryModels.optional(),
  }),
  stages: StagesConfig.default({ salesFeedback: {}, lostOpportunity: 'RECYCLED' }),
  handoff: HandoffConfig.default({
    createInSalesforce: 'mql',
    createInHubSpot: 'recycled',
    owners: { assignmentRules: true, roundRobin: [] },
    defaultCompany: '[not provided]',
  }),
  duplicates: DuplicatesConfig.default({ writeScores: 'all' }),
  fields: OwnFieldsConfig.default({ prefix: 'leadloop', explanationLength: 255 }),
  fieldMappings: FieldMappings,
  terminology: TerminologyConfig.default({
    enforce: false,
    stages: {},
    fields: {},
    mappedFields: { hubspot: {}, salesforce: {} },
    picklists: { hubspot: {}, salesforce: {} },
  }),
  http: HttpConfig.default({ port: 8080, host: '127.0.0.1', secureCookie: false, trustProxy: false }),
  log: z
    .strictObject({
      level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
    })
    .default({ level: 'info' }),
  /** Audit log and ledger retention. */
  retention: z
    .strictObject({ auditDays: z.number().int().positive().default(90) })
    .default({ auditDays: 90 }),
});
/** Checks that span sections (the models' field names depend on `fields.prefix`). */
export const LeadloopConfig = LeadloopConfigObject.superRefine(checkModelFields);
export type LeadloopConfig = z.infer<typeof LeadloopConfig>;
/** The config as written, before defaults: what the admin page edits. */
export type LeadloopConfigInput = z.input<typeof LeadloopConfig>;
