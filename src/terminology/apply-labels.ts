/**
 * Applies a label plan through the connectors: missing fields first (`createFields`), then field and
 * option labels (`updateLabels`, which never renames API values). Every item gets its own result;
 * reported items (`not-editable`, `value-migration`) are passed through as `reported`. A CRM that fails
 * as a whole (auth, quota) marks its own items failed and leaves the other CRM's work alone.
 */
import type { CrmConnector } from '../../connectors/types.ts';
import type { CrmName } from '../domain/crm.ts';
import type { LabelChange } from '../domain/field.ts';
import { serializeError } from '../lib/logger.ts';
import type { Connectors } from './describe-crms.ts';
import type { LabelPlan, PlanItem } from './plan-labels.ts';

export type ApplyStatus =
  'created' | 'exists' | 'applied' | 'unchanged' | 'not-editable' | 'reported' | 'failed';

export interface ApplyItemResult {
  readonly item: PlanItem;
  readonly status: ApplyStatus;
  readonly message?: string;
}

export type ApplyResults = Readonly<Record<CrmName, readonly ApplyItemResult[]>>;

const failedAll = (items: readonly PlanItem[], err: unknown): ApplyItemResult[] => {
  const message = String(serializeError(err)['message']);
  return items.map((item) => ({ item, status: 'failed', message }));
};

async function applyCreates(connector: CrmConnector, items: readonly PlanItem[]): Promise<ApplyItemResult[]> {
  const withSpec = items.flatMap((item) => (item.spec ? [{ item, spec: item.spec }] : []));
  if (withSpec.length === 0) return [];
  try {
    const results = await connector.createFields(withSpec.map((w) => w.spec));
    return withSpec.map(({ item }, i) => {
      const r = results[i];
      if (!r) return { item, status: 'failed', message: 'no result from the connector' };
      return { item, status: r.status, ...(r.message === undefined ? {} : { message: r.message }) };
    });
  } catch (err) {
    return failedAll(
      withSpec.map((w) => w.item),
      err,
    );
  }
}

const toChange = (item: PlanItem): LabelChange => ({
  object: item.object,
  field: item.field,
  ...(item.optionValue === undefined ? {} : { optionValue: item.optionValue }),
  from: item.from ?? '',
  to: item.to,
});

async function applyLabels(connector: CrmConnector, items: readonly PlanItem[]): Promise<ApplyItemResult[]> {
  if (items.length === 0) return [];
  try {
    const results = await connector.updateLabels(items.map(toChange));
    return items.map((item, i) => {
      const r = results[i];
      if (!r) return { item, status: 'failed', message: 'no result from the connector' };
      return { item, status: r.status, ...(r.message === undefined ? {} : { message: r.message }) };
    });
  } catch (err) {
    return failedAll(items, err);
  }
}

async function applyCrm(connector: CrmConnector, items: readonly PlanItem[]): Promise<ApplyItemResult[]> {
  const created = await applyCreates(
    connector,
    items.filter((i) => i.kind === 'create-field'),
  );
  const labelled = await applyLabels(
    connector,
    items.filter((i) => i.kind === 'field-label' || i.kind === 'option-label'),
  );
  const reported = items
    .filter((i) => i.kind === 'not-editable' || i.kind === 'value-migration')
    .map((item): ApplyItemResult => ({ item, status: 'reported', message: item.reason }));
  const byItem = new Map<PlanItem, ApplyItemResult>(
    [...created, ...labelled, ...reported].map((r) => [r.item, r]),
  );
  return items.map((item) => byItem.get(item) ?? { item, status: 'failed', message: 'not processed' });
}

export async function applyLabelPlan(connectors: Connectors, plan: LabelPlan): Promise<ApplyResults> {
  const [hubspot, salesforce] = await Promise.all([
    applyCrm(connectors.hubspot, plan.hubspot),
    applyCrm(connectors.salesforce, plan.salesforce),
  ]);
  return { hubspot, salesforce };
}

/** Items that did not land (for exit codes and the admin page). */
export const failedResults = (results: ApplyResults): ApplyItemResult[] =>
  [...results.hubspot, ...results.salesforce].filter((r) => r.status === 'failed');
