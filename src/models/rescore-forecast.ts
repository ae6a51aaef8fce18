/** What a publish will write, shown before it starts: records and calls per CRM, and the days the budget spreads them over. */
import type { CrmName } from '../domain/crm.ts';
import { dailyAllowance, type PerCrm } from './rescore-budget.ts';

export interface CrmForecast {
  readonly records: number;
  readonly calls: number;
  /** Calls the budget allows a day; null when unbudgeted or the CRM's daily allocation is not known yet. */
  readonly callsPerDay: number | null;
  /** Days the rescore takes in this CRM (1 when it fits in one); null when not known. */
  readonly days: number | null;
}

export function forecastRescore(
  records: PerCrm,
  batch: PerCrm,
  budget: number | undefined,
  dailyLimit: Partial<PerCrm>,
): Record<CrmName, CrmForecast> {
  const allowance = budget === undefined ? undefined : dailyAllowance(budget, dailyLimit);
  const one = (crm: CrmName): CrmForecast => {
    const calls = Math.ceil(records[crm] / Math.max(1, batch[crm]));
    const perDay = allowance?.[crm];
    const callsPerDay = perDay === undefined || !Number.isFinite(perDay) ? null : perDay;
    const days =
      budget === undefined
        ? 1
        : callsPerDay === null
          ? null
          : callsPerDay === 0
            ? Infinity
            : Math.max(1, Math.ceil(calls / callsPerDay));
    return { records: records[crm], calls, callsPerDay, days };
  };
  return { hubspot: one('hubspot'), salesforce: one('salesforce') };
}

export function formatForecast(forecast: Record<CrmName, CrmForecast>, budget: number | undefined): string[] {
  return (Object.entries(forecast) as [CrmName, CrmForecast][]).map(([crm, f]) => {
    const spread =
      budget === undefined
        ? 'all in the next run (no scoring.rescoreBudget)'
        : f.callsPerDay === null
          ? `at ${budget * 100}% of the daily allocation, which ${crm} reports on a run's first call`
          : f.days === Infinity
            ? `the budget allows no call a day (${budget * 100}% of the daily allocation rounds to 0)`
            : `${f.callsPerDay.toLocaleString('en-US')} calls a day (${budget * 100}% of the daily allocation): ${f.days} day(s)`;
    return `  ${crm.padEnd(10)} ${f.records.toLocaleString('en-US')} records in ${f.calls.toLocaleString('en-US')} write calls; ${spread}`;
  });
}
