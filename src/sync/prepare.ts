/**
 * Before any write: describe both CRMs, provision leadloop's own fields where missing, and type-check
 * the admin's field mappings. An impossible mapping is a config error here, before a single write.
 */
import { z } from 'zod';
import type { FieldDescriptor, FieldSpec } from '../domain/field.ts';
import { defineMeta } from '../state/meta.ts';
import type { CrmName, PersonObject } from '../domain/crm.ts';
import type { DescribedObject } from '../terminology/plan-labels.ts';
import { glossaryOwnFieldList } from '../terminology/own-field-specs.ts';
import { mappingTargets, type MappingDescribe, type MappingTargets } from '../mapping/targets.ts';
import { assertMappings, problemLine } from '../mapping/type-check.ts';
import {
  absentOnObject,
  absentSalesforceFields,
  hiddenFieldMessage,
  type AbsentField,
  sfFieldKey,
  type SkippedField,
  type SkipReason,
  withoutHidden,
} from '../mapping/absent-fields.ts';
import type { FieldMapping } from '../mapping/schema.ts';
import type { CrmConnector } from '../../connectors/types.ts';
import { assertStateBoundToCrms } from './bind-state.ts';
import { withheldKey } from './plan/withhold-fields.ts';
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
  /**
   * Salesforce fields the run skips: mapped or own fields field-level security hides, and mapped fields
   * it could not check. Each is a config error to fix; no write or create sends them this run.
   */
  readonly hiddenFields: SkippedField[];
  /** The same fields as `withheldKey`s: what processChunk holds back. */
  readonly withheld: ReadonlySet<string>;
  /** Own fields created in this preparation (or that a dry run would create). */
  readonly provisioned: { crm: string; object: string; field: string }[];
}

/** leadloop's own field specs for one object (the further models' too), labelled with the glossary. */
export function ownFieldSpecsFor(
  ctx: SyncContext,
  crm: 'hubspot' | 'salesforce',
  object: PersonObject,
): FieldSpec[] {
  const entries = glossaryOwnFieldList(
    crm,
    ctx.connectors[crm].objectApiName(object),
    ctx.config.terminology,
    Object.keys(ctx.config.scoring.models ?? {}),
    {
      prefix: ctx.config.fields.prefix,
      explanationLength: ctx.config.fields.explanationLength,
    },
  );
  return entries.map((e) => e.spec);
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
 * Of fields absent from describe, those the org has but hides from the integration user (`hidden`), or
 * all of them as `unverified` when the CRM refuses the probe (the user may not view setup): a probe that
 * cannot answer must not stop the sync. Asks only when a field is absent, so a clean run (or a no-op
 * poll) makes no extra call.
 */
async function probeAbsent(
  ctx: SyncContext,
  connector: CrmConnector,
  absent: readonly AbsentField[],
): Promise<{ hidden: Set<string>; unverified: boolean }> {
  if (absent.length === 0 || !connector.findHiddenFields) return { hidden: new Set(), unverified: false };
  try {
    const found = await connector.findHiddenFields(absent);
    return { hidden: new Set(found.map(sfFieldKey)), unverified: false };
  } catch (err) {
    const fields = absent.map(sfFieldKey);
    ctx.logger.warn({ err, fields }, 'could not check whether absent fields are hidden from leadloop');
    return { hidden: new Set(), unverified: true };
  }
}

/**
 * leadloop's own fields that exist but are hidden were created by a run that stopped before granting
 * access (or an admin revoked it): grant again rather than leave them unwritten until someone runs
 * `labels apply`. False when there is nothing to grant or the CRM refuses, which is logged.
 */
async function grantHiddenOwn(
  ctx: SyncContext,
  connector: CrmConnector,
  object: PersonObject,
  specs: readonly { name: string }[],
): Promise<boolean> {
  if (specs.length === 0 || !connector.grantOwnFieldAccess) return false;
  const refs = specs.map((s) => ({ object, field: s.name }));
  try {
    await connector.grantOwnFieldAccess(refs);
    ctx.logger.warn(
      { fields: refs.map(sfFieldKey) },
      "granted leadloop's permission set its hidden own fields",
    );
    return true;
  } catch (err) {
    ctx.logger.error(
      { err, fields: refs.map(sfFieldKey) },
      "could not grant access to leadloop's own fields",
    );
    return false;
  }
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
  const skipped: SkippedField[] = [];
  for (const crm of CRMS) {
    const connector = ctx.connectors[crm];
    const toCreate: { object: PersonObject; specs: FieldSpec[] }[] = [];
    const lackingOf = new Map<PersonObject, FieldSpec[]>();
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
      lackingOf.set(
        object,
        ownFieldSpecsFor(ctx, crm, object).filter((s) => !have.has(s.name)),
      );
      described.set(`${crm}:${object}`, fields);
    }
    // An own field that exists but is hidden cannot be created again (the create fails on its name);
    // unverifiable ones are tried, as if absent, and a failed create is logged below. One probe for
    // every object's lacking fields.
    const { hidden } = await probeAbsent(
      ctx,
      connector,
      [...lackingOf].flatMap(([object, specs]) => specs.map((s) => ({ object, field: s.name }))),
    );
    for (const object of connector.objects) {
      let fields = described.get(`${crm}:${object}`) ?? [];
      const lacking = lackingOf.get(object) ?? [];
      const missing = lacking.filter((s) => !hidden.has(sfFieldKey({ object, field: s.name })));
      const hiddenOwn = lacking.filter((s) => !missing.includes(s));
      const granted = options.dryRun ? false : await grantHiddenOwn(ctx, connector, object, hiddenOwn);
      if (granted) fields = await connector.describe(object, { fresh: true });
      const visible = new Set(fields.map((f) => f.name));
      for (const s of hiddenOwn)
        if (!visible.has(s.name)) skipped.push({ object, field: s.name, reason: 'own' });
      for (const s of missing) provisioned.push({ crm, object: s.object, field: s.name });
      if (missing.length > 0) toCreate.push({ object, specs: missing });
      described.set(`${crm}:${object}`, fields);
    }
    // Every object's missing fields in one createFields: one grant of field access, Tooling calls packed.
    if (toCreate.length > 0 && !options.dryRun) {
      const results = await connector.createFields(toCreate.flatMap((c) => c.specs));
      const failed = results.filter((r) => r.status === 'failed');
      for (const f of failed)
        ctx.logger.error({ crm, field: f.spec.name, reason: f.message }, 'could not create a leadloop field');
      for (const { object } of toCreate)
        described.set(`${crm}:${object}`, await connector.describe(object, { fresh: true }));
    }
    for (const object of connector.objects) {
      const fields = described.get(`${crm}:${object}`) ?? [];
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
  const probed = await probeAbsent(ctx, ctx.connectors.salesforce, absent);
  for (const f of absent) {
    const reason: SkipReason | undefined = probed.unverified
      ? 'unverified'
      : probed.hidden.has(sfFieldKey(f))
        ? 'mapped'
        : undefined;
    if (reason) skipped.push({ ...f, reason });
  }
  for (const f of skipped)
    ctx.logger.error(
      { field: sfFieldKey(f), problem: hiddenFieldMessage(sfFieldKey(f), f.reason) },
      'field hidden from leadloop',
    );
  const fieldMappings = withoutHidden(
    ctx.config.fieldMappings,
    new Set(skipped.filter((f) => f.reason !== 'own').map(sfFieldKey)),
  );
  const warnings = assertMappings(fieldMappings, describe);
  for (const w of warnings) ctx.logger.warn({ problem: problemLine(w) }, 'field mapping warning');
  const available = new Map([...described].map(([key, fields]) => [key, new Set(fields.map((f) => f.name))]));
  return {
    describe,
    described: byCrm,
    available,
    targets: mappingTargets(fieldMappings, describe),
    fieldMappings,
    hiddenFields: skipped,
    withheld: new Set(skipped.map((f) => withheldKey('salesforce', f.object, f.field))),
    provisioned,
  };
}
