/**
 * CRM v3 batch endpoints (read/create/update/upsert/archive, ≤ 100 inputs): 200/201, 207 multi-status for
 * batch read and traced batch create, a whole-call 400/409 for refused writes (batch-writer.ts).
 * https://developers.hubspot.com/docs/api-reference/latest/crm/objects/contacts/guide
 */
import { standardError } from '../http-errors.ts';
import type { ObjectRow } from '../object-row.ts';
import { batchWrite } from '../batch-writer.ts';
import { batchBody, batchInputs, findRecord, type RecordResult } from '../record-writer.ts';
import { isRecord, json, type Route, type RouteContext } from '../route-types.ts';
import { endpointName, objectTypeParam, type SandboxContext } from '../sandbox-context.ts';

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
}

export function batchRoutes(ctx: SandboxContext): Route[] {
  const base = '/crm/v3/objects/:objectType/batch';
  const write = (mode: 'create' | 'update' | 'upsert', okStatus: number) => (req: RouteContext) => {
    const type = objectTypeParam(req.params.objectType);
    const startedAt = ctx.state.clock().toISOString();
    const inputs = batchInputs(req.body);
    const results: RecordResult[] = batchWrite(
      { state: ctx.state, faults: ctx.faults(), source: ctx.apiSource },
      type,
      inputs,
      mode,
    );
    const store = ctx.state.objects[type];
    const ok = results.flatMap((r, i) => {
      if (!r.ok) return [];
      const input = inputs[i];
      const written = input && isRecord(input.properties) ? Object.keys(input.properties) : undefined;
      const snapshot = store.snapshot(r.row, written);
      // Create and upsert results carry the input's trace id (SimplePublicUpsertObject.objectWriteTraceId).
      const trace = mode !== 'update' && typeof input?.objectWriteTraceId === 'string';
      const traced = trace ? { ...snapshot, objectWriteTraceId: input.objectWriteTraceId } : snapshot;
      return [mode === 'upsert' ? { ...traced, new: r.created } : traced];
    });
    const errors = results.flatMap((r) => (r.ok ? [] : [r.error]));
    return json(
      errors.length > 0 ? 207 : okStatus,
      batchBody(ok, errors, startedAt, ctx.state.clock().toISOString()),
    );
  };
  return [
    {
      method: 'POST',
      pattern: `${base}/read`,
      endpoint: endpointName('batch.read'),
      auth: 'bearer',
      handle: (req) => {
        const type = objectTypeParam(req.params.objectType);
        const startedAt = ctx.state.clock().toISOString();
        const inputs = batchInputs(req.body);
        const body = isRecord(req.body) ? req.body : {};
        const archived = req.query.get('archived') === 'true';
        const store = ctx.state.objects[type];
        const found: ObjectRow[] = [];
        const missing: string[] = [];
        for (const input of inputs) {
          const id = String(input.id);
          // A merged-away id is answered by the record it was merged into (record-merge.ts).
          const row = archived
            ? store.get(id)
            : (findRecord(ctx.state, type, id, body.idProperty) ??
              (body.idProperty === undefined ? store.mergedInto(id) : undefined));
          if (row && (row.archivedMs !== null) === archived) found.push(row);
          else missing.push(id);
        }
        const properties = stringList(body.properties);
        const errors = missing.length
          ? [
              standardError(
                'OBJECT_NOT_FOUND',
                `Could not get some ${type.replace(/s$/, '').toUpperCase()} objects, they may be deleted or not exist. Check that ids are valid.`,
                { ids: missing },
              ),
            ]
          : [];
        const results = found.map((row) => store.snapshot(row, properties));
        return json(
          errors.length ? 207 : 200,
          batchBody(results, errors, startedAt, ctx.state.clock().toISOString()),
        );
      },
    },
    {
      method: 'POST',
      pattern: `${base}/create`,
      endpoint: endpointName('batch.create'),
      auth: 'bearer',
      write: true,
      handle: write('create', 201),
    },
    {
      method: 'POST',
      pattern: `${base}/update`,
      endpoint: endpointName('batch.update'),
      auth: 'bearer',
      write: true,
      handle: write('update', 200),
    },
    {
      method: 'POST',
      pattern: `${base}/upsert`,
      endpoint: endpointName('batch.upsert'),
      auth: 'bearer',
      write: true,
      handle: write('upsert', 200),
    },
    {
      method: 'POST',
      pattern: `${base}/archive`,
      endpoint: endpointName('batch.archive'),
      auth: 'bearer',
      write: true,
      handle: (req) => {
        const type = objectTypeParam(req.params.objectType);
        for (const input of batchInputs(req.body)) {
          const row = ctx.state.objects[type].get(String(input.id));
          if (row) ctx.state.archive(type, row, ctx.apiSource);
        }
        return { status: 204 };
      },
    },
  ];
}
