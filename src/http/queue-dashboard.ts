/**
 * `/admin/queues`: the BullMQ dashboard (@bull-board) over this server's queues when Redis is used, behind
 * the admin token or session like every admin page: jobs waiting, active, failed with their errors, retry
 * and clean. Its UI is a prebuilt bundle served from this server (no CDN; the Google Fonts link it carries
 * is blocked by the CSP, so it falls back to system fonts). It needs `<base href>` and inline styles, so
 * its pages get a CSP of their own that allows exactly those two things.
 */
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import type { RequestHandler, Router } from 'express';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

export const queueDashboardCsp: RequestHandler = (_req, res, next) => {
  res.set(
    'Content-Security-Policy',
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'self'",
  );
  next();
};

export function queueDashboard(queues: readonly Queue[]): Router {
  const adapter = new ExpressAdapter();
  adapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: queues.map((q) => new BullMQAdapter(q)),
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: 'leadloop queues' } },
  });
  return adapter.getRouter() as Router;
}
