/**
 * Forms, on every tier: `GET /marketing/v3/forms` (the portal's forms) and the legacy
 * `GET /form-integrations/v1/submissions/forms/{formGuid}` (a form's submissions, newest first). The
 * submissions are the dataset's form submissions, the same ones Events v3 serves as `e_submitted_form`.
 * https://developers.hubspot.com/docs/api-reference/marketing-forms-v3/guide
 * https://developers.hubspot.com/docs/api-reference/legacy/marketing/forms/v1/get-form-integrations-v1-submissions-forms-form_guid
 */
import type { BehaviourEvent } from '../behaviour-log.ts';
import { notFound, validationError } from '../http-errors.ts';
import { json, type Route } from '../route-types.ts';
import type { SandboxContext } from '../sandbox-context.ts';
import { decodeCursor, encodeCursor } from '../time-series.ts';

const FORM_EVENT = 'e_submitted_form';
const SUBMISSIONS_DEFAULT = 20;
const SUBMISSIONS_MAX = 50;
const FORMS_DEFAULT = 20;
const FORMS_MAX = 100;

function limitParam(raw: string | null, fallback: number, max: number): number {
  const limit = raw === null ? fallback : Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > max)
    throw validationError(`limit must be between 1 and ${max} (got ${raw ?? ''})`);
  return limit;
}

function submissions(ctx: SandboxContext): BehaviourEvent[] {
  const series = ctx.state.behaviour.eventsByType.get(FORM_EVENT);
  if (!series) return [];
  const all = series.page(
    Number.NEGATIVE_INFINITY,
    Number.POSITIVE_INFINITY,
    false,
    undefined,
    series.size,
    () => true,
  );
  return all.items;
}

interface Form {
  id: string;
  name: string;
  createdMs: number;
}

function forms(ctx: SandboxContext): Form[] {
  const byId = new Map<string, Form>();
  for (const e of submissions(ctx)) {
    const id = e.properties['hs_form_id'];
    if (id === undefined || byId.has(id)) continue;
    byId.set(id, { id, name: e.properties['hs_form_title'] ?? 'Form', createdMs: e.ms });
  }
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}

export function formRoutes(ctx: SandboxContext): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/marketing/v3/forms',
      endpoint: 'forms.list',
      auth: 'bearer',
      handle: (req) => {
        const limit = limitParam(req.query.get('limit'), FORMS_DEFAULT, FORMS_MAX);
        const all = forms(ctx);
        const after = req.query.get('after');
        const start = after === null ? 0 : all.findIndex((f) => f.id > after);
        const page = start < 0 ? [] : all.slice(start, start + limit);
        const iso = (ms: number): string => new Date(ms).toISOString();
        const body: Record<string, unknown> = {
          results: page.map((f) => ({
            id: f.id,
            name: f.name,
            formType: 'hubspot',
            createdAt: iso(f.createdMs),
            updatedAt: iso(f.createdMs),
            archived: false,
          })),
        };
        const last = page[page.length - 1];
        if (last && start + limit < all.length)
          body.paging = { next: { after: last.id, link: `?after=${last.id}` } };
        return json(200, body);
      },
    },
    {
      method: 'GET',
      pattern: '/form-integrations/v1/submissions/forms/:formGuid',
      endpoint: 'forms.submissions',
      auth: 'bearer',
      handle: (req) => {
        const guid = req.params.formGuid ?? '';
        const limit = limitParam(req.query.get('limit'), SUBMISSIONS_DEFAULT, SUBMISSIONS_MAX);
        const series = ctx.state.behaviour.eventsByType.get(FORM_EVENT);
        if (!forms(ctx).some((f) => f.id === guid)) throw notFound(`Form ${guid} not found`);
        const page = series
          ? series.page(
              Number.NEGATIVE_INFINITY,
              Number.POSITIVE_INFINITY,
              true,
              decodeCursor(req.query.get('after') ?? undefined),
              limit,
              (e) => e.properties['hs_form_id'] === guid,
            )
          : { items: [], more: false };
        const contacts = ctx.state.objects.contacts;
        const body: Record<string, unknown> = {
          results: page.items.map((e) => {
            const row = contacts.get(e.objectId);
            const email = row?.props['email'];
            return {
              conversionId: e.id,
              submittedAt: e.ms,
              values: email ? [{ name: 'email', value: email }] : [],
              pageUrl: e.properties['hs_url'] ?? '',
            };
          }),
        };
        const last = page.items[page.items.length - 1];
        if (page.more && last) {
          const after = encodeCursor(last);
          body.paging = { next: { after, link: `?after=${after}` } };
        }
        return json(200, body);
      },
    },
  ];
}
