/** `GET /api/fields`: both CRMs' person fields from `describe()` (label, API name, type, options, writable). */
import type { RequestHandler } from 'express';
import { describeCrms } from '../terminology/describe-crms.ts';
import type { AppDeps } from './app-deps.ts';

export function getFields(deps: AppDeps): RequestHandler {
  return async (_req, res) => {
    const described = await describeCrms(deps.runtime.connectors);
    const shape = (objects: (typeof described)['hubspot']) =>
      objects.map((o) => ({
        object: o.object,
        apiName: o.apiName,
        fields: o.fields.map((f) => ({
          name: f.name,
          label: f.label,
          type: f.type,
          length: f.length,
          options: f.options,
          writable: f.writable,
          custom: f.custom,
        })),
      }));
    res.json({ hubspot: shape(described.hubspot), salesforce: shape(described.salesforce) });
  };
}
