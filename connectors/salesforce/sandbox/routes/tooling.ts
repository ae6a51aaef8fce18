/**
 * Tooling API: query over CustomField / StandardValueSet, create a custom field, read and edit its
 * Metadata (label, help text, picklist value labels), and rename standard picklist value labels via
 * StandardValueSet. Standard field labels (e.g. Lead.Title) have no API: such requests are rejected.
 * https://developer.salesforce.com/docs/atlas.en-us.api_tooling.meta/api_tooling/intro_rest_resources.htm
 */
import { ApiError, notFound, type SfResponse } from '../http/api-error.ts';
import type { SandboxContext, SfRequest } from '../http/context.ts';
import { addCustomField, ToolingError, updateCustomField } from '../store/custom-fields.ts';
import { syncLeadStatusRows } from '../store/lead-status-rows.ts';
import { attributes } from '../soql/project-record.ts';
import { firstPage } from './query.ts';
import { json, type Route } from './route.ts';
import { customFieldRecord, standardValueSetRecord, toolingSource } from './tooling-source.ts';

function objectBody(req: SfRequest): Record<string, unknown> {
  if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) {
    throw new ApiError(400, 'JSON_PARSER_ERROR', 'The request body must be a JSON object');
  }
  return req.body as Record<string, unknown>;
}

function metadataOf(body: Record<string, unknown>): Record<string, unknown> {
  const meta = body['Metadata'];
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta))
    throw new ApiError(400, 'REQUIRED_FIELD_MISSING', 'Required fields are missing: [Metadata]', [
      'Metadata',
    ]);
  return meta as Record<string, unknown>;
}

function toolingCall<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ToolingError) throw new ApiError(400, err.code, err.message, err.fields);
    throw err;
  }
}

function standardFieldRejection(fullName: string): ApiError {
  return new ApiError(
    400,
    'FIELD_INTEGRITY_EXCEPTION',
    `${fullName} is a standard field: its label cannot be changed through the Tooling or Metadata API (only in Setup > Rename Tabs and Labels). Custom fields (__c) and picklist value labels can be changed.`,
    ['FullName'],
  );
}

function createField(ctx: SandboxContext, req: SfRequest): SfResponse {
  const body = objectBody(req);
  const fullName = typeof body['FullName'] === 'string' ? body['FullName'] : '';
  const dot = fullName.indexOf('.');
  if (dot <= 0)
    throw new ApiError(
      400,
      'REQUIRED_FIELD_MISSING',
      'Required fields are missing: [FullName] (expected Object.Field__c)',
      ['FullName'],
    );
  const [object, field] = [fullName.slice(0, dot), fullName.slice(dot + 1)];
  if (!field.endsWith('__c') && ctx.store.table(object)?.field(field)) throw standardFieldRejection(fullName);
  const entry = toolingCall(() => addCustomField(ctx.store, object, field, metadataOf(body)));
  return json({ id: entry.id, success: true, errors: [], warnings: [], infos: [] }, 201);
}

function fieldEntry(ctx: SandboxContext, req: SfRequest) {
  const entry = ctx.store.customFields.get(req.params[0] ?? '');
  if (!entry) {
    const id = req.params[0] ?? '';
    if (id.includes('.')) throw standardFieldRejection(id);
    throw notFound();
  }
  return entry;
}

function patchValueSet(ctx: SandboxContext, req: SfRequest): SfResponse {
  const name = [...ctx.store.valueSetIds].find(([, id]) => id === req.params[0])?.[0];
  const values = name ? ctx.store.valueSets.get(name) : undefined;
  if (!name || !values) throw notFound();
  const meta = metadataOf(objectBody(req));
  const incoming = Array.isArray(meta['standardValue'])
    ? (meta['standardValue'] as Record<string, unknown>[])
    : null;
  if (!incoming)
    throw new ApiError(
      400,
      'REQUIRED_FIELD_MISSING',
      'Required fields are missing: [Metadata.standardValue]',
      ['Metadata'],
    );
  for (const v of incoming) {
    const valueName = String(v['valueName'] ?? v['fullName'] ?? '');
    if (valueName === '')
      throw new ApiError(
        400,
        'FIELD_INTEGRITY_EXCEPTION',
        'Each standardValue needs its valueName (the API value is kept; only the label changes)',
        ['Metadata'],
      );
    const label = typeof v['label'] === 'string' && v['label'] !== '' ? v['label'] : valueName;
    const existing = values.find((x) => x.valueName === valueName);
    if (existing) existing.label = label;
    else values.push({ valueName, label, default: v['default'] === true, active: v['isActive'] !== false });
  }
  if (name === 'LeadStatus') syncLeadStatusRows(ctx.store);
  return { status: 204 };
}

export const toolingRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/tooling\/query\/?$/,
    endpoint: 'tooling.query',
    compositeKind: 'query',
    handler: (ctx, req) =>
      json(
        firstPage(ctx, req, toolingSource(ctx.store), false, (result) => {
          const wantsMetadata = result.bound.columns.some(
            (c) =>
              c.kind === 'path' && (c.path.field.name === 'Metadata' || c.path.field.name === 'FullName'),
          );
          if (wantsMetadata && result.rows.length > 1) {
            throw new ApiError(
              400,
              'MALFORMED_QUERY',
              'When retrieving results with Metadata or FullName fields, the query qualificiations must specify no more than one row for retrieval. Result size: ' +
                result.rows.length,
            );
          }
        }),
      ),
  },
  {
    method: 'POST',
    pattern: /^\/tooling\/sobjects\/CustomField\/?$/i,
    endpoint: 'tooling.sobject.create',
    handler: createField,
  },
  {
    method: 'GET',
    pattern: /^\/tooling\/sobjects\/CustomField\/([^/]+)\/?$/i,
    endpoint: 'tooling.sobject.get',
    handler: (ctx, req) => {
      const entry = fieldEntry(ctx, req);
      return json({
        attributes: attributes('CustomField', entry.id, req.version, true),
        ...customFieldRecord(entry),
      });
    },
  },
  {
    method: 'PATCH',
    pattern: /^\/tooling\/sobjects\/CustomField\/([^/]+)\/?$/i,
    endpoint: 'tooling.sobject.update',
    handler: (ctx, req) => {
      const entry = fieldEntry(ctx, req);
      const body = objectBody(req);
      const fullName = `${entry.table}.${entry.field.name}`;
      if (typeof body['FullName'] === 'string' && body['FullName'] !== fullName) {
        throw new ApiError(400, 'FIELD_INTEGRITY_EXCEPTION', `FullName cannot be changed (${fullName})`, [
          'FullName',
        ]);
      }
      toolingCall(() => updateCustomField(ctx.store, entry, metadataOf(body)));
      return { status: 204 };
    },
  },
  {
    method: 'GET',
    pattern: /^\/tooling\/sobjects\/StandardValueSet\/([^/]+)\/?$/i,
    endpoint: 'tooling.sobject.get',
    handler: (ctx, req) => {
      const name = [...ctx.store.valueSetIds].find(([, id]) => id === req.params[0])?.[0];
      if (!name) throw notFound();
      return json({
        attributes: attributes('StandardValueSet', req.params[0], req.version, true),
        ...standardValueSetRecord(ctx.store, name),
      });
    },
  },
  {
    method: 'PATCH',
    pattern: /^\/tooling\/sobjects\/StandardValueSet\/([^/]+)\/?$/i,
    endpoint: 'tooling.sobject.update',
    handler: patchValueSet,
  },
];
