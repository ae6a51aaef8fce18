/**
 * Webhooks v3 management: settings (target URL, throttling) and subscriptions, authenticated like HubSpot
 * with the developer `hapikey` (a bearer token is accepted too). https://developers.hubspot.com/docs/api/webhooks
 */
import { notFound, validationError } from '../http-errors.ts';
import { isRecord, json, type Route } from '../route-types.ts';
import type { SandboxContext } from '../sandbox-context.ts';

const EVENT_TYPES = new Set(['contact.creation', 'contact.deletion', 'contact.propertyChange']);

export function webhookRoutes(ctx: SandboxContext): Route[] {
  const base = '/webhooks/v3/:appId';
  const hooks = ctx.webhooks;
  const checkApp = (appId: string | undefined): void => {
    if (appId !== String(ctx.appId)) throw notFound(`App ${appId ?? ''} not found`);
  };
  const now = (): string => ctx.state.clock().toISOString();
  return [
    {
      method: 'GET',
      pattern: `${base}/settings`,
      endpoint: 'webhooks.settings.get',
      auth: 'developer',
      handle: (req) => {
        checkApp(req.params.appId);
        if (!hooks.settings) throw notFound('No webhook settings for this app');
        return json(200, hooks.settings);
      },
    },
    {
      method: 'PUT',
      pattern: `${base}/settings`,
      endpoint: 'webhooks.settings.put',
      auth: 'developer',
      handle: (req) => {
        checkApp(req.params.appId);
        if (!isRecord(req.body) || typeof req.body.targetUrl !== 'string')
          throw validationError('"targetUrl" is required');
        const throttling = isRecord(req.body.throttling) ? req.body.throttling : {};
        const max =
          typeof throttling.maxConcurrentRequests === 'number' ? throttling.maxConcurrentRequests : 10;
        if (max < 5) throw validationError('throttling.maxConcurrentRequests must be at least 5');
        hooks.settings = {
          targetUrl: req.body.targetUrl,
          throttling: { maxConcurrentRequests: max },
          createdAt: hooks.settings?.createdAt ?? now(),
          updatedAt: now(),
        };
        return json(200, hooks.settings);
      },
    },
    {
      method: 'DELETE',
      pattern: `${base}/settings`,
      endpoint: 'webhooks.settings.delete',
      auth: 'developer',
      handle: (req) => {
        checkApp(req.params.appId);
        hooks.settings = undefined;
        return { status: 204 };
      },
    },
    {
      method: 'GET',
      pattern: `${base}/subscriptions`,
      endpoint: 'webhooks.subscriptions.list',
      auth: 'developer',
      handle: (req) => {
        checkApp(req.params.appId);
        return json(200, { results: [...hooks.subscriptions.values()] });
      },
    },
    {
      method: 'POST',
      pattern: `${base}/subscriptions`,
      endpoint: 'webhooks.subscriptions.create',
      auth: 'developer',
      handle: (req) => {
        checkApp(req.params.appId);
        const body = isRecord(req.body) ? req.body : {};
        const eventType = String(body.eventType ?? '');
        if (!EVENT_TYPES.has(eventType))
          throw validationError(
            `Unsupported eventType: ${eventType}; the sandbox serves ${[...EVENT_TYPES].join(', ')}`,
          );
        const propertyName = typeof body.propertyName === 'string' ? body.propertyName : undefined;
        if (eventType === 'contact.propertyChange' && !propertyName)
          throw validationError('contact.propertyChange subscriptions require "propertyName"');
        if (propertyName && !ctx.state.catalogs.contacts.get(propertyName))
          throw validationError(`Property ${propertyName} does not exist`);
        return json(201, hooks.subscribe(eventType, propertyName, body.active !== false, now()));
      },
    },
    {
      method: 'GET',
      pattern: `${base}/subscriptions/:subscriptionId`,
      endpoint: 'webhooks.subscriptions.get',
      auth: 'developer',
      handle: (req) => {
        checkApp(req.params.appId);
        const sub = hooks.subscriptions.get(req.params.subscriptionId ?? '');
        if (!sub) throw notFound('Subscription not found');
        return json(200, sub);
      },
    },
    {
      method: 'PATCH',
      pattern: `${base}/subscriptions/:subscriptionId`,
      endpoint: 'webhooks.subscriptions.update',
      auth: 'developer',
      handle: (req) => {
        checkApp(req.params.appId);
        const sub = hooks.subscriptions.get(req.params.subscriptionId ?? '');
        if (!sub) throw notFound('Subscription not found');
        if (isRecord(req.body) && typeof req.body.active === 'boolean') sub.active = req.body.active;
        sub.updatedAt = now();
        return json(200, sub);
      },
    },
    {
      method: 'DELETE',
      pattern: `${base}/subscriptions/:subscriptionId`,
      endpoint: 'webhooks.subscriptions.delete',
      auth: 'developer',
      handle: (req) => {
        checkApp(req.params.appId);
        hooks.subscriptions.delete(req.params.subscriptionId ?? '');
        return { status: 204 };
      },
    },
  ];
}
