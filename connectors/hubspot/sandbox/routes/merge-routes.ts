/**
 * Contact merges and GDPR deletes (record-merge.ts).
 * https://developers.hubspot.com/docs/api-reference/crm-contacts-v3/basic/post-crm-v3-objects-contacts-merge
 * (`{primaryObjectId, objectIdToMerge}`, answers the merged contact) and
 * https://developers.hubspot.com/docs/api-reference/crm-contacts-v3/basic/post-crm-v3-objects-contacts-gdpr-delete
 * (`{objectId, idProperty?}`, answers 204 without a body).
 */
import { notFound, validationError } from '../http-errors.ts';
import type { ObjectRow } from '../object-row.ts';
import { mergeContacts, purgeContact } from '../record-merge.ts';
import { findRecord } from '../record-writer.ts';
import { isRecord, json, type Route, type RouteContext } from '../route-types.ts';
import { endpointName, objectTypeParam, type SandboxContext } from '../sandbox-context.ts';

function idField(body: unknown, name: string): string {
  const value = isRecord(body) ? body[name] : undefined;
  if (typeof value !== 'string' && typeof value !== 'number') throw validationError(`"${name}" is required`);
  return String(value);
}

function contactsOnly(req: RouteContext): void {
  if (objectTypeParam(req.params.objectType) !== 'contacts')
    throw validationError('The sandbox merges and GDPR-deletes contacts only');
}

export function mergeRoutes(ctx: SandboxContext): Route[] {
  const base = '/crm/v3/objects/:objectType';
  const live = (id: string): ObjectRow => {
    const row = ctx.state.objects.contacts.get(id);
    if (!row || row.archivedMs !== null) throw notFound(`Object not found.  objectId are usually numeric.`);
    return row;
  };
  return [
    {
      method: 'POST',
      pattern: `${base}/merge`,
      endpoint: endpointName('merge'),
      auth: 'bearer',
      write: true,
      handle: (req) => {
        contactsOnly(req);
        const primary = live(idField(req.body, 'primaryObjectId'));
        const secondary = live(idField(req.body, 'objectIdToMerge'));
        if (primary === secondary) throw validationError('Cannot merge a contact into itself');
        const survivor = mergeContacts(ctx.state, primary, secondary, ctx.apiSource);
        return json(200, ctx.state.objects.contacts.snapshot(survivor, undefined));
      },
    },
    {
      method: 'POST',
      pattern: `${base}/gdpr-delete`,
      endpoint: endpointName('gdpr-delete'),
      auth: 'bearer',
      write: true,
      handle: (req) => {
        contactsOnly(req);
        const id = idField(req.body, 'objectId');
        const idProperty = isRecord(req.body) ? req.body.idProperty : undefined;
        const store = ctx.state.objects.contacts;
        const row =
          typeof idProperty === 'string' && idProperty !== 'hs_object_id'
            ? findRecord(ctx.state, 'contacts', id, idProperty)
            : store.get(id);
        if (!row) {
          // By email, an unknown address is blocklisted instead (not simulated); by id it names nothing.
          if (typeof idProperty === 'string' && idProperty !== 'hs_object_id') return { status: 204 };
          throw notFound(`Object not found.  objectId are usually numeric.`);
        }
        purgeContact(ctx.state, row, ctx.apiSource);
        return { status: 204 };
      },
    },
  ];
}
