/**
 * The admin API's routes, in one table: `createApp` mounts them from it and `openApiDocument` describes
 * them from it, with the request-body schemas the handlers validate with, so the spec cannot miss a route
 * or disagree with what a handler accepts.
 */
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { LEADLOOP_VERSION } from '../lib/version.ts';
import { FieldMapping } from '../mapping/schema.ts';
import type { AppDeps } from './app-deps.ts';
import { getFields } from './get-fields.ts';
import { getLabelsPlan } from './get-labels-plan.ts';
import { getMappings } from './get-mappings.ts';
import { getStatus } from './get-status.ts';
import { LabelsApplyBody, postLabelsApply } from './post-labels-apply.ts';
import { CheckBody, postMappingsCheck } from './post-mappings-check.ts';
import { PreviewBody, postMappingsPreview } from './post-mappings-preview.ts';
import { SyncBody, postSync } from './post-sync.ts';
import { MappingsBody, putMappings } from './put-mappings.ts';

export interface ApiRoute {
  readonly method: 'get' | 'put' | 'post';
  /** Under `/api`. */
  readonly path: string;
  readonly summary: string;
  readonly body?: z.ZodType;
  /** What the body means when `body` checks only its outline (the handler validates the rest itself). */
  readonly documentedBody?: z.ZodType;
  readonly handler: (deps: AppDeps) => RequestHandler;
}

export const API_ROUTES: readonly ApiRoute[] = [
  {
    method: 'get',
    path: '/status',
    summary:
      "Recent runs, people waiting, write failures, duplicate groups, label drift, alerts (a CRM's daily API limit reached)",
    handler: getStatus,
  },
  {
    method: 'get',
    path: '/fields',
    summary: "Both CRMs' person fields with labels, types and writability",
    handler: getFields,
  },
  {
    method: 'get',
    path: '/mappings',
    summary: 'The field mappings as written in the config file',
    handler: getMappings,
  },
  {
    method: 'put',
    path: '/mappings',
    summary: 'Replace the field mappings in the config file (validated and type-checked; comments kept)',
    body: MappingsBody,
    documentedBody: z.strictObject({ fieldMappings: z.array(FieldMapping).max(500) }),
    handler: putMappings,
  },
  {
    method: 'post',
    path: '/mappings/check',
    summary:
      'Type compatibility of one HubSpot property and Salesforce field pair, with value-map suggestions',
    body: CheckBody,
    handler: postMappingsCheck,
  },
  {
    method: 'post',
    path: '/mappings/preview',
    summary: 'What a set of mappings would write: a dry run, nothing written',
    body: PreviewBody,
    documentedBody: PreviewBody.extend({ fieldMappings: z.array(FieldMapping).max(500).optional() }),
    handler: postMappingsPreview,
  },
  {
    method: 'get',
    path: '/labels/plan',
    summary: 'Field and picklist labels that differ from the glossary, and fields to provision',
    handler: getLabelsPlan,
  },
  {
    method: 'post',
    path: '/labels/apply',
    summary: 'Apply the current label plan',
    body: LabelsApplyBody,
    handler: postLabelsApply,
  },
  {
    method: 'post',
    path: '/sync',
    summary: 'Start a sync run (queued on workers when Redis is used)',
    body: SyncBody,
    handler: postSync,
  },
];

const ErrorAnswer = z.object({
  error: z.string().describe('stable code, e.g. CONFIG_INVALID, INVALID_BODY, NOT_PROVISIONED'),
  message: z.string(),
  errors: z
    .array(
      z.object({ path: z.string(), message: z.string(), level: z.enum(['error', 'warning']).optional() }),
    )
    .optional()
    .describe('one entry per problem, each naming its path'),
});

/** JSON Schema 2020-12, which OpenAPI 3.1 uses as is; request bodies are described as they are parsed. */
const schemaOf = (schema: z.ZodType): Record<string, unknown> => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return rest;
};

export function openApiDocument(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const json = (schema: Record<string, unknown>) => ({ 'application/json': { schema } });
  for (const route of API_ROUTES) {
    const operation: Record<string, unknown> = {
      summary: route.summary,
      operationId: `${route.method}${route.path.replace(/\/(\w)/g, (_m, c: string) => c.toUpperCase()).replace(/\W/g, '')}`,
      responses: {
        '200': { description: 'OK', content: json({ type: 'object' }) },
        '400': {
          description: 'Invalid request or configuration',
          content: json({ $ref: '#/components/schemas/Error' }),
        },
        '401': { description: 'Missing or wrong admin token / session' },
        '429': { description: 'Too many wrong tokens from this address (Retry-After)' },
      },
    };
    const body = route.documentedBody ?? route.body;
    if (body) operation['requestBody'] = { required: true, content: json(schemaOf(body)) };
    paths[`/api${route.path}`] = { ...paths[`/api${route.path}`], [route.method]: operation };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'leadloop admin API',
      version,
      description:
        'Every route needs `Authorization: Bearer <http.adminToken>` or the admin page session cookie, and JSON bodies.',
    },
    paths,
    components: {
      schemas: { Error: schemaOf(ErrorAnswer) },
      securitySchemes: {
        adminToken: { type: 'http', scheme: 'bearer' },
        session: { type: 'apiKey', in: 'cookie', name: 'leadloop_session' },
      },
    },
    security: [{ adminToken: [] }, { session: [] }],
  };
}

/** The document as checked in (config/openapi.json) and served (`GET /api/openapi.json`). */
export function openApiText(): string {
  return `${JSON.stringify(openApiDocument(LEADLOOP_VERSION), null, 2)}\n`;
}
