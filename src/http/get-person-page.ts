/**
 * `GET /admin/people?q=`: the person page. Finds people as `leadloop explain` does and plans them with the
 * same `planPerson` a run uses (nothing written). Record links: HubSpot's record page on the portal the
 * token reaches; Salesforce's `/{id}` on the org's My Domain when the login URL is one (it redirects to the
 * record in Lightning and Classic alike); otherwise the id alone.
 */
import type { RequestHandler } from 'express';
import { explainPeople, findPeople } from '../sync/explain-person.ts';
import { prepareRun } from '../sync/prepare.ts';
import type { AppDeps } from './app-deps.ts';
import { renderLoginPage } from './render-admin-page.ts';
import { renderPersonPage, type PersonView } from './render-person-page.ts';

const MAX_QUERY = 320;

function salesforceBase(loginUrl: string): string | undefined {
  const url = new URL(loginUrl);
  return url.protocol === 'https:' && url.hostname.endsWith('.my.salesforce.com') ? url.origin : undefined;
}

export function getPersonPage(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    if (!deps.auth.isAuthenticated(req)) {
      res.status(401).type('html').send(renderLoginPage());
      return;
    }
    const raw = req.query['q'];
    const query = typeof raw === 'string' ? raw.trim().slice(0, MAX_QUERY) : '';
    if (query === '') {
      res.type('html').send(renderPersonPage('', undefined));
      return;
    }
    const { runtime } = deps;
    const links = await findPeople(runtime, query);
    const plans =
      links.length === 0
        ? []
        : await explainPeople(runtime, await prepareRun(runtime, { dryRun: true }), links);
    const portal = links.length === 0 ? undefined : (await runtime.connectors.hubspot.account()).id;
    const sfBase = salesforceBase(runtime.config.connections.salesforce.loginUrl);
    const views: PersonView[] = plans.map((plan) => {
      const link = links.find((l) => l.personId === plan.personId);
      const primary = [
        link?.hubspotId && { crm: 'hubspot', object: 'contact', id: link.hubspotId },
        link?.salesforceContactId && { crm: 'salesforce', object: 'contact', id: link.salesforceContactId },
        link?.salesforceLeadId && { crm: 'salesforce', object: 'lead', id: link.salesforceLeadId },
      ].filter((r): r is { crm: string; object: string; id: string } => Boolean(r));
      const records = [
        ...primary.map((r) => ({ ...r, primary: true })),
        ...plan.state.duplicates.map((d) => ({ crm: d.crm, object: d.object, id: d.id, primary: false })),
      ].map((r) => {
        const url =
          r.crm === 'hubspot'
            ? portal &&
              `https://app.hubspot.com/contacts/${encodeURIComponent(portal)}/record/0-1/${encodeURIComponent(r.id)}`
            : sfBase && `${sfBase}/${encodeURIComponent(r.id)}`;
        return url ? { ...r, url } : r;
      });
      return { plan, records };
    });
    res.type('html').send(renderPersonPage(query, views));
  };
}
