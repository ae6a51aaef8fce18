/**
 * Legacy marketing Email Events API (`GET /email/public/v1/events`, newest first, `offset` token,
 * limit 10 by default and 1,000 at most) and the campaign lookup that names an `emailCampaignId`.
 * https://developers.hubspot.com/docs/api-reference/legacy/email-analytics-v1/events/get-email-public-v1-events
 */
import type { EmailEvent } from '../behaviour-log.ts';
import { notFound, validationError } from '../http-errors.ts';
import { json, type Route } from '../route-types.ts';
import type { SandboxContext } from '../sandbox-context.ts';
import { decodeCursor, encodeCursor } from '../time-series.ts';

const MAX_LIMIT = 1_000;
const APP_NAME = 'BatchMailer';

function msParam(value: string | null, name: string, fallback: number): number {
  if (value === null || value === '') return fallback;
  if (!/^\d+$/.test(value))
    throw validationError(`${name} must be milliseconds since the epoch (got ${value})`);
  return Number(value);
}

/** Share of opens and clicks a real portal's events report as filtered (bots, privacy proxies). */
const FILTERED_PERCENT = 15;

/**
 * Apple Mail Privacy Protection opens every message it downloads and link scanners click every link, so a
 * real portal sees many machine-made opens and clicks; HubSpot marks the ones it recognises
 * `filteredEvent: true`. Chosen from the event id, so the same seed gives the same events.
 */
function isFiltered(e: EmailEvent): boolean {
  if (e.type !== 'OPEN' && e.type !== 'CLICK') return false;
  let h = 2166136261;
  for (let i = 0; i < e.id.length; i++) h = Math.imul(h ^ e.id.charCodeAt(i), 16777619);
  return (h >>> 0) % 100 < FILTERED_PERCENT;
}

export function emailEventRoutes(ctx: SandboxContext): Route[] {
  const shape = (e: EmailEvent): Record<string, unknown> => ({
    id: e.id,
    created: e.ms,
    type: e.type,
    recipient: e.recipient,
    portalId: ctx.portalId,
    appId: 113,
    appName: APP_NAME,
    emailCampaignId: e.emailCampaignId,
    sentBy: { id: `${e.id}-sent`, created: e.ms },
    filteredEvent: isFiltered(e),
    ...e.extra,
  });
  return [
    {
      method: 'GET',
      pattern: '/email/public/v1/events',
      endpoint: 'email-events.list',
      auth: 'bearer',
      handle: (req) => {
        const q = req.query;
        const limit = Number(q.get('limit') ?? 10);
        if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
          throw validationError(`limit must be between 1 and ${MAX_LIMIT}`);
        const type = q.get('eventType');
        const recipient = q.get('recipient');
        const campaignId = q.get('campaignId');
        const log = ctx.state.behaviour;
        const series =
          recipient !== null
            ? log.emailsByRecipient.get(recipient.toLowerCase())
            : type !== null
              ? log.emailsByType.get(type)
              : log.emails;
        const keep = (e: EmailEvent): boolean =>
          (type === null || e.type === type) &&
          (campaignId === null || String(e.emailCampaignId) === campaignId);
        const from = msParam(q.get('startTimestamp'), 'startTimestamp', Number.NEGATIVE_INFINITY);
        const to = msParam(q.get('endTimestamp'), 'endTimestamp', Number.POSITIVE_INFINITY);
        const page = series
          ? series.page(from, to, true, decodeCursor(q.get('offset') ?? undefined), limit, keep)
          : { items: [], more: false };
        const last = page.items[page.items.length - 1];
        const repeated = ctx.faults()?.repeatedCursor(q.get('offset'));
        const offset = repeated ?? (last ? encodeCursor(last) : undefined);
        const body: Record<string, unknown> = {
          events: page.items.map(shape),
          hasMore: repeated !== undefined || page.more,
        };
        if (offset !== undefined) body.offset = offset;
        return json(200, body);
      },
    },
    {
      method: 'GET',
      pattern: '/email/public/v1/campaigns/:campaignId',
      endpoint: 'email-campaigns.get',
      auth: 'bearer',
      handle: (req) => {
        const campaign = ctx.state.behaviour.campaignById(Number(req.params.campaignId));
        if (!campaign) throw notFound(`Email campaign ${req.params.campaignId ?? ''} not found`);
        return json(200, {
          id: campaign.id,
          appId: 113,
          appName: APP_NAME,
          name: campaign.name,
          subject: campaign.name,
          type: 'BATCH_EMAIL',
        });
      },
    },
  ];
}
