/** The demo's printed summary. */
import type { SimulatedChanges } from '../demo/simulate.ts';
import type { LoopReport } from '../report/closed-loop.ts';
import { formatLoopReport } from '../report/format-report.ts';
import type { RunReport } from '../sync/run-sync.ts';
import { groupedCounters } from './format-run.ts';

export interface DemoSummary {
  readonly people: number;
  readonly seed: number;
  readonly full: RunReport;
  /** The fewest calls any correct full sync of this world could make (limits-and-reliability.md A5). */
  readonly fullLowerBound: { hubspot: number; salesforce: number };
  readonly changes: SimulatedChanges;
  readonly incremental: RunReport;
  readonly noop: RunReport;
  readonly report: LoopReport;
  /** API calls as the sandboxes counted them (the CRMs' own meters). */
  readonly sandboxCalls: { hubspot: number; salesforce: number };
  readonly seconds: number;
}

function runLine(title: string, r: RunReport, bound?: { hubspot: number; salesforce: number }): string[] {
  const c = r.counters;
  const calls = (crm: 'hubspot' | 'salesforce'): string => {
    const made = c[`apiCalls.${crm}`] ?? 0;
    return bound
      ? `${made} (lower bound ${bound[crm]}, ×${(made / Math.max(1, bound[crm])).toFixed(2)})`
      : String(made);
  };
  const lines = [
    `${title} (${(r.durationMs / 1000).toFixed(1)} s): pulled ${c['recordsPulled'] ?? 0} records + ${c['activitiesPulled'] ?? 0} activities + ${c['opportunitiesPulled'] ?? 0} opportunities, ${c['linksChanged'] ?? 0} links changed, ${c['peopleProcessed'] ?? 0} people scored`,
    `  API calls: HubSpot ${calls('hubspot')}, Salesforce ${calls('salesforce')}`,
  ];
  // What the engine would have logged as warnings, said here in the summary's words instead.
  const drift = c['labelDrift'] ?? 0;
  if (drift > 0)
    lines.push(
      `  ${drift} label${drift === 1 ? '' : 's'} differ from the glossary (leadloop labels plan lists them)`,
    );
  const duplicates = c['duplicatesJoined'] ?? 0;
  if (duplicates > 0)
    lines.push(
      `  ${duplicates} Salesforce duplicate${duplicates === 1 ? '' : 's'} joined their person (leadloop status lists the groups)`,
    );
  const writes = groupedCounters(c, 'writes');
  if (writes.size === 0) lines.push('  writes: none (nothing changed)');
  for (const [crm, fields] of writes) {
    const total = fields.reduce((n, [, v]) => n + v, 0);
    lines.push(`  writes to ${crm}: ${total} field values`);
    for (const [field, n] of fields.sort((a, b) => b[1] - a[1])) lines.push(`    ${field.padEnd(34)} ${n}`);
  }
  for (const [k, v] of Object.entries(c).filter(([k]) => k.startsWith('creates.')))
    lines.push(`  created in ${k.slice(8)}: ${v}`);
  const transitions = Object.entries(c).filter(([k]) => k.startsWith('transitions.'));
  if (transitions.length > 0)
    lines.push(`  stage changes: ${transitions.map(([k, v]) => `→${k.slice(12)} ${v}`).join(', ')}`);
  return lines;
}

export function formatDemo(s: DemoSummary): string {
  const ch = s.changes;
  return [
    `leadloop demo: ${s.people} people (seed ${s.seed}) on sandbox HubSpot + Salesforce, embedded SQLite state`,
    '',
    ...runLine('1. full sync', s.full, s.fullLowerBound),
    '',
    `2. a day later: ${ch.newActivities} new HubSpot activities; sales accepted ${ch.accepted} MQLs, rejected ${ch.rejected}, converted ${ch.converted}, won ${ch.won}`,
    ...runLine('   incremental sync', s.incremental),
    '',
    ...runLine('3. no-op sync', s.noop),
    '',
    formatLoopReport(s.report),
    `API calls counted by the sandboxes in total: HubSpot ${s.sandboxCalls.hubspot}, Salesforce ${s.sandboxCalls.salesforce}`,
    `done in ${s.seconds.toFixed(1)} s`,
    '',
  ].join('\n');
}
