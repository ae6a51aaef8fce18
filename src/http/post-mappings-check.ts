/**
 * `POST /api/mappings/check`: the admin page's live check for one HubSpot property ↔ Salesforce field
 * pair: type compatibility for the chosen direction, rule and transform, plus value-map suggestions when
 * both sides are picklists.
 */
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { PersonObject } from '../domain/crm.ts';
import { compatibility } from '../mapping/compatibility.ts';
import { Direction, SyncRule, Transform } from '../mapping/schema.ts';
import type { AppDeps } from './app-deps.ts';
import { HttpError, parseBody } from './http-error.ts';
import { suggestValueMap } from './suggest-value-map.ts';

export const CheckBody = z.strictObject({
  hubspot: z.string().min(1),
  salesforce: z.strictObject({ object: PersonObject, field: z.string().min(1) }),
  direction: Direction.optional(),
  rule: SyncRule.optional(),
  transform: Transform.optional(),
});

const PICKLISTS = new Set(['picklist', 'multipicklist']);

export function postMappingsCheck(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const body = parseBody(CheckBody, req.body);
    const { connectors } = deps.runtime;
    const hs = (await connectors.hubspot.describe('contact')).find((f) => f.name === body.hubspot);
    const sf = (await connectors.salesforce.describe(body.salesforce.object)).find(
      (f) => f.name === body.salesforce.field,
    );
    const missing = [
      ...(hs ? [] : [{ path: 'hubspot', message: `no HubSpot contact property "${body.hubspot}"` }]),
      ...(sf
        ? []
        : [
            {
              path: 'salesforce.field',
              message: `no Salesforce ${body.salesforce.object} field "${body.salesforce.field}"`,
            },
          ]),
    ];
    if (!hs || !sf) throw new HttpError(400, 'UNKNOWN_FIELD', 'unknown field', missing);
    const result = compatibility(hs, sf, {
      ...(body.direction ? { direction: body.direction } : {}),
      ...(body.rule ? { rule: body.rule } : {}),
      transform: body.transform,
    });
    const picklists = PICKLISTS.has(hs.type) && PICKLISTS.has(sf.type);
    res.json({
      ...result,
      hubspot: { name: hs.name, label: hs.label, type: hs.type },
      salesforce: { object: sf.object, name: sf.name, label: sf.label, type: sf.type },
      ...(picklists ? { suggestion: suggestValueMap(hs, sf) } : {}),
    });
  };
}
