/**
 * What executing a dry run's plan would cost: API calls per CRM (records per call from each connector's
 * batch sizes) and the share of the daily allocation it would use — the budget an admin checks before
 * a big change.
 */
import type { CrmConnector } from '../../connectors/types.ts';
import type { CrmName } from '../domain/crm.ts';
import type { PlannedCreate } from './plan-creates.ts';
import type { PlannedWrite } from './plan-person.ts';

export interface CallForecast {
  readonly records: number;
  readonly creates: number;
  readonly calls: number;
  /** Daily calls left as the CRM last reported them, when it reports them. */
  readonly dailyRemaining: number | null;
  /** calls ÷ dailyRemaining; null when the CRM reports no daily figure. */
  readonly shareOfDailyLeft: number | null;
}

export function forecastCalls(
  connectors: Readonly<Record<CrmName, CrmConnector>>,
  writes: readonly PlannedWrite[],
  creates: readonly PlannedCreate[],
): Record<CrmName, CallForecast> {
  const out = {} as Record<CrmName, CallForecast>;
  for (const crm of Object.keys(connectors) as CrmName[]) {
    const connector = connectors[crm];
    const perObject = new Map<string, Set<string>>();
    for (const w of writes) {
      if (w.crm !== crm) continue;
      const ids = perObject.get(w.object) ?? new Set<string>();
      ids.add(w.id);
      perObject.set(w.object, ids);
    }
    const createsPerObject = new Map<string, number>();
    for (const c of creates)
      if (c.crm === crm) createsPerObject.set(c.object, (createsPerObject.get(c.object) ?? 0) + 1);
    let calls = 0;
    let records = 0;
    for (const ids of perObject.values()) {
      records += ids.size;
      calls += Math.ceil(ids.size / connector.batchSizes.write);
    }
    let createCount = 0;
    for (const n of createsPerObject.values()) {
      createCount += n;
      calls += Math.ceil(n / connector.batchSizes.create);
    }
    const quota = connector.usage().quota;
    const dailyRemaining =
      quota.dailyLimit !== undefined && quota.dailyUsed !== undefined
        ? Math.max(0, quota.dailyLimit - quota.dailyUsed)
        : null;
    out[crm] = {
      records,
      creates: createCount,
      calls,
      dailyRemaining,
      shareOfDailyLeft:
        dailyRemaining === null
          ? null
          : dailyRemaining === 0
            ? calls > 0
              ? Infinity
              : 0
            : calls / dailyRemaining,
    };
  }
  return out;
}
