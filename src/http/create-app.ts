/**
 * The HTTP app `leadloop serve` runs: admin API (bearer token or the page's session cookie), HubSpot
 * webhooks (signature v3 on the raw body), Prometheus metrics, health, and the admin page. One endpoint
 * per file; this file only wires them. Bodies are size-capped and validated by strict zod schemas.
 */
import type { Queue } from 'bullmq';
import express, { type Express, type RequestHandler } from 'express';
import type { Logger } from '../lib/logger.ts';
import { LEADLOOP_VERSION } from '../lib/version.ts';
import type { SyncContext } from '../sync/context.ts';
import { runSync } from '../sync/run-sync.ts';
import { createAdminAuth } from './admin-auth.ts';
import type { AuthFailureLimits } from './auth-failure-limiter.ts';
import { createAuthFailureLimiter } from './auth-failure-limiter.ts';
import type { AppDeps, RunSyncFn } from './app-deps.ts';
import { errorHandler } from './error-handler.ts';
import { createEventDedupe } from './event-dedupe.ts';
import { getAdminAsset } from './get-admin-asset.ts';
import { getAdminPage } from './get-admin-page.ts';
import { getHealthz } from './get-healthz.ts';
import { API_ROUTES, openApiDocument } from './api-routes.ts';
import { getMetrics } from './get-metrics.ts';
import { getHealthCsv, getHealthPage, postHealthRetry } from './get-health-page.ts';
import { getOverviewPage } from './get-overview-page.ts';
import { getPersonPage } from './get-person-page.ts';
import { getReportCsv, getReportPage } from './get-report-page.ts';
import { getModelsPage } from './get-models-page.ts';
import { getTerminologyPage } from './get-terminology-page.ts';
import { QUEUE_DASHBOARD_PATH, queueDashboard, queueDashboardCsp } from './queue-dashboard.ts';
import { createRecordsRunner, type RecordsRunner } from './records-runner.ts';
import { postAdminLogin } from './post-admin-login.ts';
import { postAdminLogout } from './post-admin-logout.ts';
import { postHubSpotWebhook } from './post-hubspot-webhook.ts';
import { createSyncTrigger, type SyncEnqueue, type SyncTrigger } from './sync-trigger.ts';

export interface CreateAppOptions {
  readonly runtime: SyncContext;
  /** The YAML file the admin page reads and writes `fieldMappings` in. */
  readonly configPath: string;
  readonly logger: Logger;
  /** The queue producer; without it, syncs run in this process and webhooks mark people dirty. */
  readonly enqueue?: SyncEnqueue;
  /** Without `enqueue`: where webhooks' targeted syncs run (default: in this process). */
  readonly records?: RecordsRunner;
  /** BullMQ queues to show at /admin/queues (with Redis); none: no dashboard. */
  readonly queues?: readonly Queue[];
  /**
   * Public base URL HubSpot calls, e.g. `https://leadloop.example.com` (signatures cover the full URL);
   * default `http.publicUrl`. When https, the session cookie is Secure and HSTS is sent.
   */
  readonly publicUrl?: string;
  /** Set the session cookie `Secure` (TLS ends at a proxy); default `http.secureCookie`. */
  readonly secureCookie?: boolean;
  /** The admin token; default `http.adminToken` (the demo passes one it generated). */
  readonly adminToken?: string;
  /** Failed-token limits (default 10 per address and 100 overall per minute). */
  readonly authFailureLimits?: AuthFailureLimits;
  /** The sync engine entry point (tests may pass their own). */
  readonly runSync?: RunSyncFn;
  /** Minimum time between two accepted `POST /api/sync`. */
  readonly syncMinIntervalMs?: number;
}

export interface LeadloopApp {
  readonly app: Express;
  readonly trigger: SyncTrigger;
  /** `/metrics` alone, unauthenticated, for the separate `http.metrics` listener. */
  readonly metricsApp: Express;
}

const JSON_LIMIT = '256kb';
const WEBHOOK_LIMIT = '1mb';

const securityHeaders: RequestHandler = (_req, res, next) => {
  res.set({
    'Content-Security-Policy':
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  });
  next();
};

const strictTransportSecurity: RequestHandler = (_req, res, next) => {
  res.set('Strict-Transport-Security', 'max-age=31536000');
  next();
};

/** Writes take JSON only: a cross-site HTML form cannot send it, which backs up the SameSite cookie. */
const requireJson: RequestHandler = (req, res, next) => {
  if (req.method === 'GET' || req.method === 'HEAD' || req.is('application/json')) return next();
  res
    .status(415)
    .json({ error: 'UNSUPPORTED_MEDIA_TYPE', message: 'send a JSON body (Content-Type: application/json)' });
};

const apiDocument = openApiDocument(LEADLOOP_VERSION);

export function createApp(options: CreateAppOptions): LeadloopApp {
  const { runtime, logger } = options;
  const run = options.runSync ?? runSync;
  const trigger = createSyncTrigger({
    enqueue: options.enqueue,
    run: (kind) => run(runtime, { kind }),
    clock: runtime.clock,
    logger,
    ...(options.syncMinIntervalMs === undefined ? {} : { minIntervalMs: options.syncMinIntervalMs }),
  });
  const http = runtime.config.http;
  const publicUrl = options.publicUrl ?? http.publicUrl;
  const https = publicUrl?.startsWith('https:') === true;
  const deps: AppDeps = {
    runtime,
    configPath: options.configPath,
    logger,
    enqueue: options.enqueue,
    publicUrl,
    auth: createAdminAuth({
      token: options.adminToken ?? http.adminToken,
      clock: runtime.clock,
      secureCookie: https || (options.secureCookie ?? http.secureCookie),
      limiter: createAuthFailureLimiter(options.authFailureLimits),
    }),
    dedupe: createEventDedupe({ clock: runtime.clock }),
    trigger,
    runSync: run,
    records: options.enqueue ? undefined : (options.records ?? createRecordsRunner(runtime, logger)),
  };

  const app = express();
  app.disable('x-powered-by');
  // Behind a proxy, req.ip and req.protocol (webhook signature URL) come from X-Forwarded-* only if trusted.
  app.set('trust proxy', http.trustProxy);
  app.use(securityHeaders);
  // HSTS only when the public URL is https: sent over plain http it would be ignored or, worse, stick.
  if (https) app.use(strictTransportSecurity);

  app.get('/healthz', getHealthz);
  // The metrics name run counts and failures: behind the token here; `http.metrics` serves them open on a
  // separate (loopback by default) listener for a scraper.
  const metrics = getMetrics(deps);
  app.get('/metrics', deps.auth.require, metrics);
  // Raw body: the signature covers the exact bytes HubSpot sent.
  app.post(
    '/webhooks/hubspot',
    express.raw({ type: () => true, limit: WEBHOOK_LIMIT }),
    postHubSpotWebhook(deps),
  );

  app.get('/admin', getOverviewPage(deps));
  app.get('/admin/mappings', getAdminPage(deps));
  app.get('/admin/terminology', getTerminologyPage(deps));
  app.get('/admin/report', getReportPage(deps));
  app.get('/admin/report.csv', getReportCsv(deps));
  app.get('/admin/people', getPersonPage(deps));
  app.get('/admin/health', getHealthPage(deps));
  app.get('/admin/models', getModelsPage(deps));
  app.get('/admin/health.csv', getHealthCsv(deps));
  app.post('/admin/health/retry', ...postHealthRetry(deps));
  app.get('/admin/admin-page.js', getAdminAsset('admin-page.js'));
  app.get('/admin/terminology-page.js', getAdminAsset('terminology-page.js'));
  app.get('/admin/admin-page.css', getAdminAsset('admin-page.css'));
  app.post('/admin/login', express.urlencoded({ extended: false, limit: '8kb' }), postAdminLogin(deps));
  app.post('/admin/logout', postAdminLogout(deps));
  if (options.queues && options.queues.length > 0)
    app.use(QUEUE_DASHBOARD_PATH, queueDashboardCsp, deps.auth.require, queueDashboard(options.queues));

  const api = express.Router();
  api.use(deps.auth.require);
  api.use(requireJson);
  api.use(express.json({ limit: JSON_LIMIT, strict: true }));
  for (const route of API_ROUTES) api[route.method](route.path, route.handler(deps));
  // The API's own description holds no secret: public, so tools can fetch it before holding a token.
  app.get('/api/openapi.json', (_req, res) => {
    res.json(apiDocument);
  });
  app.use('/api', api);

  app.use((_req, res) => {
    res.status(404).json({ error: 'NOT_FOUND' });
  });
  app.use(errorHandler(logger));
  const metricsApp = express();
  metricsApp.disable('x-powered-by');
  metricsApp.get('/metrics', metrics);
  metricsApp.use((_req, res) => {
    res.status(404).json({ error: 'NOT_FOUND' });
  });
  metricsApp.use(errorHandler(logger));
  return { app, trigger, metricsApp };
}
