/**
 * leadloop's account fields, created where missing with their glossary labels: the company fields on
 * each CRM's company object and, with `personField`, the account cell on every person object. A dry run
 * creates nothing. Returns, per CRM, whether its company fields are all there (a CRM missing one gets
 * no company write this run: the CRM would refuse the field).
 */
import type { CrmName } from '../domain/crm.ts';
import type { FieldSpec } from '../domain/field.ts';
import type { SyncContext } from '../sync/context.ts';
import { CRMS } from '../sync/context.ts';
import { companyFieldSpecs, personAccountCellSpec } from './account-fields.ts';

async function ensure(
  have: () => Promise<readonly { name: string }[]>,
  specs: readonly FieldSpec[],
  create: (missing: FieldSpec[]) => Promise<readonly { spec: FieldSpec; status: string; message?: string }[]>,
  dryRun: boolean,
  ctx: SyncContext,
): Promise<boolean> {
  const names = new Set((await have()).map((f) => f.name.toLowerCase()));
  const missing = specs.filter((s) => !names.has(s.name.toLowerCase()));
  if (missing.length === 0) return true;
  if (dryRun) return false;
  const failed = (await create(missing)).filter((r) => r.status === 'failed');
  for (const r of failed)
    ctx.logger.warn(
      { object: r.spec.object, field: r.spec.name, reason: r.message },
      'account field not created',
    );
  return failed.length === 0;
}

export async function provisionAccountFields(
  ctx: SyncContext,
  options: { readonly dryRun: boolean; readonly personField: boolean },
): Promise<Record<CrmName, boolean>> {
  const prefix = ctx.config.fields.prefix;
  const labels = ctx.config.terminology.fields;
  const ready: Record<CrmName, boolean> = { hubspot: false, salesforce: false };
  for (const crm of CRMS) {
    const connector = ctx.connectors[crm];
    const source = connector.companies;
    if (!source) continue;
    ready[crm] = await ensure(
      () => source.describe(),
      companyFieldSpecs(crm, source.objectApiName, labels, prefix),
      (missing) => source.createFields(missing),
      options.dryRun,
      ctx,
    );
    if (!options.personField) continue;
    for (const object of connector.objects) {
      const spec = personAccountCellSpec(crm, connector.objectApiName(object), labels, prefix);
      await ensure(
        () => connector.describe(object),
        [spec],
        async (missing) => {
          const results = await connector.createFields(missing);
          // A created field is only writable once the describe the writes check against lists it.
          await connector.describe(object, { fresh: true });
          return results;
        },
        options.dryRun,
        ctx,
      );
    }
  }
  return ready;
}
