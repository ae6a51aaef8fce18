/**
 * Before any write: describe both CRMs, provision leadloop's own fields where missing, and type-check
 * the admin's field mappings. An impossible mapping is a config error here, before a single write.
 */
import { z } from 'zod';
import type { FieldDescriptor, FieldSpec } from '../domain/field.ts';
import { defineMeta } from '../state/meta.ts';
import type { CrmName, PersonObject } from '../domain/crm.ts';
import type { DescribedObject } from '../terminology/plan-labels.ts';
import { OWN_FIELD_KEYS } from '../mapping/own-fields.ts';
import { glossaryOwnFieldSpecs } from '../terminology/own-field-specs.ts';
import { mappingTargets, type MappingDescribe, type MappingTargets } from '../mapping/targets.ts';
import { assertMappings, problemLine } from '../mapping/type-check.ts';
import {
  absentOnObject,
  absentSalesforceFields,
  hiddenFieldMessage,
  type AbsentField,
  sfFieldKey,
  withoutHidden,
} from '../mapping/absent-fields.ts';
import type { FieldMapping } from '../mapping/schema.ts';
import { assertStateBoundToCrms } from './bind-state.ts';
import { CRMS, type SyncContext } from './context.ts';

export interface Prepared {
  readonly describe: MappingDescribe;
  /** Fresh describe results per CRM, after provisioning: label drift is checked against these. */
  readonly described: Record<CrmName, DescribedObject[]>;
  /** Field names each CRM object has: a pull asks only for fields that exist. */
  readonly available: ReadonlyMap<string, ReadonlySet<string>>;
  readonly targets: MappingTargets[];
  /** The config's mappings minus the Salesforce fields hidden from the integration user this run. */
  readonly fieldMappings: FieldMapping[];
  /** Mapped fields that exist but field-level security hides: a config error to fix; skipped meanwhile. */
  readonly hiddenFields: AbsentField[];
  /** Own fields created in this preparation (or that a dry run would create). */
  readonly provisioned: { crm: string; object: string; field: string }[];
}

/** leadloop's own field specs for one object, labelled with the organisation's glossary. */
export function ownFieldSpecsFor(
  ctx: SyncContext,
  crm: 'hubspot' | 'salesforce',
  object: PersonObject,
): FieldSpec[] {
  const specs = glossaryOwnFieldSpecs(
    crm,
    ctx.connectors[crm].objectApiName(object),
    ctx.config.terminology,
    {
      prefix: ctx.config.fields.prefix,
      explanationLength: ctx.config.fields.explanationLength,
    },
  );
  return OWN_FIELD_KEYS.map((key) => specs[key]);
}

/** How often an incremental run re-reads both CRMs' field metadata (label drift, new fields). */
export const FRESH_DESCRIBE_MS = 60 * 60_000;
/** When both CRMs' field metadata was last read fresh (epoch ms). */
const describedFreshAt = defineMeta('describe-fresh-at', z.number());

/**
 * Field metadata is read fresh on full and rescore runs and at most hourly on incremental ones;
 * other polls use the connectors' cached describe, so a no-change poll spends no calls on metadata.
 * Targeted runs (`records`) never refresh it: a webhook's few records should cost a few calls.
 */
async function wantFresh(ctx: SyncContext, kind: string | undefined): Promise<boolean> {
  if (kind === 'records') return false;
  if (kind !== 'incremental') return true;
  const last = (await describedFreshAt.read(ctx.store)) ?? 0;
  return ctx.clock().getTime() - last >= FRESH_DESCRIBE_MS;
}

/**
 * Mapped Salesforce fields absent from describe that the org has but hides from the integration user.
 * Asks the CRM only when a field is absent, so a clean run (or a no-op poll) makes no extra call.
 */
async function hiddenFields(ctx: SyncContext, absent: AbsentField[]): Promise<Set<string>> {
  const probe = ctx.connectors.salesforce.findHiddenFields;
  if (absent.length === 0 || !probe) return new Set();
  const found = await probe.call(ctx.connectors.salesforce, absent);
  return new Set(found.map(sfFieldKey));
}

export async function prepareRun(
  ctx: SyncContext,
  options: { dryRun: boolean; kind?: string },
): Promise<Prepared> {
  await assertStateBoundToCrms(ctx);
  const fresh = await wantFresh(ctx, options.kind);
  if (fresh) await describedFreshAt.write(ctx.store, ctx.clock().getTime());
  const described = new Map<string, FieldDescriptor[]>();
  const byCrm: Record<CrmName, DescribedObject[]> = { hubspot: [], salesforce: [] };
  const provisioned: Prepared['provisioned'] = [];
  for (const crm of CRMS) {
    const connector = ctx.connectors[crm];
    for (const object of connector.objects) {
      let fields = await connector.describe(object, { fresh });
      // A mapped field a cached describe lacks may have been granted since: re-read before judging it.
      if (
        !fresh &&
        connector.findHiddenFields &&
        absentOnObject(ctx.config.fieldMappings, object, fields).length > 0
      )
        fields = await connector.describe(object, { fresh: true });
      const have = new Set(fields.map((f) => f.name));
      const missing = ownFieldSpecsFor(ctx, crm, object).filter((s) => !have.has(s.name));
      if (missing.length > 0) {
        for (const s of missing) provisioned.push({ crm, object: s.object, field: s.name });
        if (!options.dryRun) {
          const results = await connector.createFields(missing);
          const failed = results.filter((r) => r.status === 'failed');
          for (const f of failed)
            ctx.logger.error(
              { crm, field: f.spec.name, reason: f.message },
              'could not create a leadloop field',
            );
          fields = await connector.describe(object, { fresh: true });
        }
      }
      described.set(`${crm}:${object}`, fields);
      byCrm[crm].push({ object, apiName: connector.objectApiName(object), fields });
    }
  }
  const describe: MappingDescribe = {
    hubspot: described.get('hubspot:contact') ?? [],
    salesforce: {
      lead: described.get('salesforce:lead') ?? [],
      contact: described.get('salesforce:contact') ?? [],
    },
  };
  const absent = absentSalesforceFields(ctx.config.fieldMappings, describe);
  const hidden = await hiddenFields(ctx, absent);
  for (const key of hidden)
    ctx.logger.error({ field: key, problem: hiddenFieldMessage(key) }, 'mapped field hidden from leadloop');
  const fieldMappings = withoutHidden(ctx.config.fieldMappings, hidden);
  const warnings = assertMappings(fieldMappings, describe);
  for (const w of warnings) ctx.logger.warn({ problem: problemLine(w) }, 'field mapping warning');
  const available = new Map([...described].map(([key, fields]) => [key, new Set(fields.map((f) => f.name))]));
  return {
    describe,
    described: byCrm,
    available,
    targets: mappingTargets(fieldMappings, describe),
    fieldMappings,
    hiddenFields: absent.filter((f) => hidden.has(sfFieldKey(f))),
    provisioned,
  };
}
