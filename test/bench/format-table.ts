/** The bench's printed output: a Markdown table (pasted into the README as is) and the targets check. */
import { POLLED_OBJECTS, TARGETS, type BenchRow } from './bench-row.ts';

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const fixed = (n: number, d: number): string => n.toFixed(d);
const mark = (ok: boolean): string => (ok ? '✓' : '✗');

export const TABLE_HEADER = [
  '| size | scenario | CRM | API calls | lower bound | ratio | records/s | wall s | projected s (Pro / Ent) | daily quota | peak RSS MB leadloop / sandbox | 429s | CPU s leadloop / sandbox |',
  '|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
].join('\n');

export function formatRow(r: BenchRow): string {
  const projected =
    r.crm === 'hubspot' ? `${fixed(r.projectedSec, 0)} (Pro)` : `${fixed(r.projectedSec, 0)} (Ent)`;
  return `| ${r.size} | ${r.scenario} | ${r.crm} | ${int(r.apiCalls)} | ${int(r.lowerBound)} | ${fixed(r.ratio, 2)} ${mark(r.ratio <= TARGETS.ratio)} | ${r.records > 0 ? int(r.recordsPerSec) : '–'} | ${fixed(r.wallMs / 1000, 1)} | ${projected} | ${fixed(r.dailyShare * 100, 2)} % | ${int(r.peakRssMb)} / ${int(r.sandboxPeakRssMb)} | ${r.http429} | ${fixed(r.cpuMsLeadloop / 1000, 1)} / ${fixed(r.cpuMsSandbox / 1000, 1)} |`;
}

const find = (rows: readonly BenchRow[], scenario: string, crm: string): BenchRow | undefined =>
  rows.find((r) => r.scenario.startsWith(scenario) && r.crm === crm);

/** One line per target for one size, figure beside target. */
export function targetLines(size: string, people: number, rows: readonly BenchRow[]): string[] {
  const lines: string[] = [];
  const over = rows.filter((r) => r.ratio > TARGETS.ratio);
  lines.push(
    `${mark(over.length === 0)} calls ≤ ${TARGETS.ratio} × lower bound: ${over.length === 0 ? 'every row' : `missed in ${over.map((r) => `${r.scenario}/${r.crm} (${fixed(r.ratio, 2)})`).join(', ')}`}`,
  );
  for (const crm of ['hubspot', 'salesforce'] as const) {
    const noop = find(rows, '3 ', crm);
    if (noop) {
      const perObject = noop.apiCalls / POLLED_OBJECTS[crm];
      lines.push(
        `${mark(perObject <= TARGETS.noOpCallsPerObject)} no-op ${crm}: ${fixed(perObject, 2)} calls per polled object (${noop.apiCalls} / ${POLLED_OBJECTS[crm]}; target ≤ ${TARGETS.noOpCallsPerObject})`,
      );
    }
  }
  const fullHs = find(rows, '1 ', 'hubspot');
  const fullSf = find(rows, '1 ', 'salesforce');
  if (fullHs && fullSf) {
    const perPerson = (fullHs.apiCalls + fullSf.apiCalls) / people;
    lines.push(
      `${mark(perPerson <= TARGETS.fullCallsPerPerson)} full sync: ${fixed(perPerson, 3)} calls per person, both CRMs (target ≤ ${TARGETS.fullCallsPerPerson}; HubSpot's own connector: up to 4)`,
    );
    const needsSpeed = size !== 'S';
    lines.push(
      `${needsSpeed ? mark(fullHs.recordsPerSec >= TARGETS.recordsPerSec) : '·'} full sync: ${int(fullHs.recordsPerSec)} records/s with limits off (target ≥ ${int(TARGETS.recordsPerSec)} at M and L)`,
    );
  }
  const peak = Math.max(...rows.map((r) => r.peakRssMb));
  lines.push(
    `${size === 'L' ? mark(peak <= TARGETS.peakRssMbAtL) : '·'} peak RSS of the leadloop process: ${int(peak)} MB (target ≤ ${TARGETS.peakRssMbAtL} MB at L)`,
  );
  return lines;
}

/** µs of wall time per record on the full sync, per size, and the growth factor S → largest. */
export function slopeLines(perSize: readonly { size: string; rows: readonly BenchRow[] }[]): string[] {
  const points = perSize
    .map(({ size, rows }) => {
      const full = find(rows, '1 ', 'hubspot');
      return full && full.records > 0
        ? { size, us: (full.wallMs * 1000) / full.records, records: full.records }
        : null;
    })
    .filter((p): p is { size: string; us: number; records: number } => p !== null);
  if (points.length === 0) return [];
  const first = points[0] as { size: string; us: number; records: number };
  const last = points[points.length - 1] as { size: string; us: number; records: number };
  const growth = last.us / first.us;
  // Slope of µs/record against log10(records): 0 means flat.
  const decades = Math.log10(last.records / first.records);
  const slope = decades > 0 ? (last.us - first.us) / decades : 0;
  return [
    `time per record on the full sync: ${points.map((p) => `${p.size} ${fixed(p.us, 1)} µs`).join(', ')}`,
    `${mark(points.length < 2 || growth <= 1.25)} slope ${fixed(slope, 1)} µs per 10× records (×${fixed(growth, 2)} from ${first.size} to ${last.size}; flat = ×1.00)`,
  ];
}

/**
 * Peak RSS of each process over a size's scenarios, per size, and whether leadloop's is flat from M to the
 * largest size run (memory must not grow with the number of people; the sandboxes hold the world, so theirs does).
 */
export function rssLines(perSize: readonly { size: string; rows: readonly BenchRow[] }[]): string[] {
  const points = perSize
    .filter(({ rows }) => rows.length > 0)
    .map(({ size, rows }) => ({
      size,
      leadloop: Math.max(...rows.map((r) => r.peakRssMb)),
      sandbox: Math.max(...rows.map((r) => r.sandboxPeakRssMb)),
    }));
  if (points.length === 0) return [];
  const lines = [
    `peak RSS, leadloop / sandboxes: ${points.map((p) => `${p.size} ${int(p.leadloop)} / ${int(p.sandbox)} MB`).join(', ')}`,
  ];
  const m = points.find((p) => p.size === 'M');
  const last = points[points.length - 1];
  if (m && last && last !== m) {
    const growth = last.leadloop / m.leadloop;
    lines.push(
      `${mark(growth <= TARGETS.peakRssGrowth)} leadloop peak RSS ×${fixed(growth, 2)} from M to ${last.size} (target ≤ ×${TARGETS.peakRssGrowth})`,
    );
  }
  return lines;
}

/** `--calls`: every Salesforce call of each scenario as the sandbox logged it, so a gap to the bound has names. */
export function callLines(rows: readonly BenchRow[]): string[] {
  const lines: string[] = [];
  for (const r of rows) {
    if (!r.calls) continue;
    lines.push(`${r.size} ${r.scenario} ${r.crm}: ${r.apiCalls} calls (bound ${r.lowerBound})`);
    for (const call of r.calls) lines.push(`  ${call}`);
  }
  return lines;
}
