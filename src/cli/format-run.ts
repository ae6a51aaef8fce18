/** Human-readable output of `sync` runs and dry runs. */
import type { CrmName } from '../domain/crm.ts';
import type { CallForecast } from '../sync/forecast.ts';
import type { PlannedCreate } from '../sync/plan-creates.ts';
import type { PlannedWrite } from '../sync/plan-person.ts';
import type { CounterValues } from '../sync/run-counters.ts';
import type { RunReport } from '../sync/run-sync.ts';

/** Counters named `prefix.<crm>.<field>` grouped into a small table. */
export function groupedCounters(counters: CounterValues, prefix: 'writes'): Map<string, [string, number][]> {
  const groups = new Map<string, [string, number][]>();
  for (const [name, value] of Object.entries(counters)) {
    if (!name.startsWith(`${prefix}.`) || value === undefined) continue;
    const [crm = '', ...rest] = name.slice(prefix.length + 1).split('.');
    groups.set(crm, [...(groups.get(crm) ?? []), [rest.join('.'), value]]);
  }
  return groups;
}

export function formatRunReport(report: RunReport): string {
  const c = report.counters;
  const lines = [
    `${report.kind} sync ${report.runId}: ${report.status} in ${(report.durationMs / 1000).toFixed(1)} s`,
    `  pulled ${c['recordsPulled'] ?? 0} records, ${c['activitiesPulled'] ?? 0} activities, ${c['opportunitiesPulled'] ?? 0} opportunities; ${c['peopleProcessed'] ?? 0} people processed`,
    `  API calls: HubSpot ${c['apiCalls.hubspot'] ?? 0}, Salesforce ${c['apiCalls.salesforce'] ?? 0}`,
  ];
  for (const [crm, fields] of groupedCounters(c, 'writes')) {
    const total = fields.reduce((n, [, v]) => n + v, 0);
    lines.push(`  writes to ${crm}: ${total} (${fields.map(([f, v]) => `${f} ${v}`).join(', ')})`);
  }
  for (const [crm, n] of Object.entries(c).filter(([k]) => k.startsWith('creates.')))
    lines.push(`  created in ${crm.slice(8)}: ${n}`);
  const retry = c['writesRetryable'] ?? 0;
  const permanent = c['writesFailedPermanently'] ?? 0;
  if (retry + permanent > 0)
    lines.push(
      `  failed writes: ${retry} retryable (next run), ${permanent} permanent (see leadloop status)`,
    );
  if (report.provisioned.length > 0) lines.push(`  provisioned ${report.provisioned.length} leadloop fields`);
  return `${lines.join('\n')}\n`;
}

export function formatDryRun(
  writes: readonly PlannedWrite[],
  creates: readonly PlannedCreate[],
  forecast: Record<CrmName, CallForecast>,
): string {
  const lines: string[] = [
    `dry run: ${writes.length} field writes and ${creates.length} creates planned; nothing was written`,
  ];
  const byCrmField = new Map<string, number>();
  for (const w of writes)
    byCrmField.set(
      `${w.crm} ${w.object}.${w.field}`,
      (byCrmField.get(`${w.crm} ${w.object}.${w.field}`) ?? 0) + 1,
    );
  for (const [key, n] of [...byCrmField].sort()) lines.push(`  ${key}: ${n}`);
  for (const w of writes.slice(0, 20)) {
    lines.push(
      `    ${w.crm}/${w.object}/${w.id} ${w.field}: ${JSON.stringify(w.from)} → ${JSON.stringify(w.to)} (${w.reason})`,
    );
  }
  if (writes.length > 20) lines.push(`    … ${writes.length - 20} more (use --json for all)`);
  for (const [crm, f] of Object.entries(forecast)) {
    const share =
      f.shareOfDailyLeft === null
        ? 'daily allocation not reported'
        : `${(f.shareOfDailyLeft * 100).toFixed(2)}% of the daily calls left`;
    lines.push(
      `  forecast ${crm}: ${f.calls} API calls for ${f.records} records + ${f.creates} creates (${share})`,
    );
  }
  return `${lines.join('\n')}\n`;
}
