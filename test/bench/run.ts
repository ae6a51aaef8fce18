/**
 * `npm run bench [-- --size S|M|L] [--json FILE] [--real-limits] [--naive-sample N] [--no-naive] [--calls]`
 * `npm run bench -- --workers 1,2,4 [--size S] [--chunk-size N]`: the scale-out table instead (scale-out.ts).
 * API calls against the A5 lower bound, throughput, memory and 429s for five scenarios at each size,
 * against sandboxes in their own process; a naive per-record sync beside it. A program that prints
 * figures, never a timed test. See README.md beside this file.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { BenchRow } from './bench-row.ts';
import { callLines, formatRow, rssLines, slopeLines, TABLE_HEADER, targetLines } from './format-table.ts';
import { formatNaive, type NaiveResult } from './naive/naive-baseline.ts';
import { formatRealLimits, runRealLimits, type RealLimitsResult } from './real-limits.ts';
import { runSize } from './run-size.ts';
import {
  formatScaleOutRow,
  runScaleOut,
  SCALE_OUT_HEADER,
  scaleOutChecks,
  type ScaleOutRow,
} from './scale-out.ts';

const SIZES: Readonly<Record<string, number>> = { S: 10_000, M: 100_000, L: 1_000_000 };

const { values } = parseArgs({
  options: {
    size: { type: 'string', multiple: true },
    json: { type: 'string' },
    'real-limits': { type: 'boolean', default: false },
    'naive-sample': { type: 'string', default: '1000' },
    'no-naive': { type: 'boolean', default: false },
    calls: { type: 'boolean', default: false },
    seed: { type: 'string', default: '42' },
    'log-dir': { type: 'string', default: join(tmpdir(), 'leadloop-bench-logs') },
    workers: { type: 'string' },
    'chunk-size': { type: 'string', default: '1000' },
  },
});

const out = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};

const defaultSizes = values.workers ? ['S'] : ['S', 'M'];
const sizes = values.size && values.size.length > 0 ? values.size.map((s) => s.toUpperCase()) : defaultSizes;
for (const s of sizes) if (!(s in SIZES)) throw new Error(`unknown size ${s} (S, M or L)`);
const seed = Number(values.seed);
const logDir = values['log-dir'];
mkdirSync(logDir, { recursive: true });

const started = performance.now();

if (values.workers !== undefined) {
  const counts = values.workers.split(',').map((w) => Number(w.trim()));
  if (counts.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error(`--workers takes worker counts such as 1,2,4, got "${values.workers}"`);
  const chunkSize = Number(values['chunk-size']);
  if (!Number.isInteger(chunkSize) || chunkSize < 1)
    throw new Error(`--chunk-size takes a number of people, got "${values['chunk-size']}"`);
  const rows: ScaleOutRow[] = [];
  out(
    `leadloop bench scale-out: sizes ${sizes.join(', ')}, workers ${counts.join(', ')}, chunks of ${chunkSize}, seed ${seed}, logs in ${logDir}/`,
  );
  for (const size of sizes) {
    out();
    out(SCALE_OUT_HEADER);
    const sized: ScaleOutRow[] = [];
    const onRow = (row: ScaleOutRow): void => {
      sized.push(row);
      out(formatScaleOutRow(row, sized[0]));
    };
    const people = SIZES[size] as number;
    await runScaleOut({ size, people, seed, logDir, workers: counts, chunkSize, onNote: out, onRow });
    out();
    for (const line of scaleOutChecks(sized)) out(line);
    rows.push(...sized);
  }
  out();
  out(`bench finished in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  if (values.json) writeFileSync(values.json, `${JSON.stringify(rows, null, 2)}\n`);
  process.exit(0);
}
const all: BenchRow[] = [];
const perSize: { size: string; rows: BenchRow[] }[] = [];
const naive: NaiveResult[] = [];
let realLimits: RealLimitsResult | undefined;

out(`leadloop bench: sizes ${sizes.join(', ')}, seed ${seed}, logs in ${logDir}/`);
for (const size of sizes) {
  const people = SIZES[size] as number;
  out();
  const naiveSample = values['no-naive'] ? 0 : Number(values['naive-sample']);
  // Each row as its scenario ends: an L run takes an hour, and a run stopped half-way still shows its rows.
  let headed = false;
  const onRow = (row: BenchRow): void => {
    if (!headed) out(TABLE_HEADER);
    headed = true;
    out(formatRow(row));
  };
  const result = await runSize({ size, people, seed, logDir, onNote: out, onRow, naiveSample });
  out();
  if (values.calls) for (const line of callLines(result.rows)) out(line);
  for (const line of targetLines(size, people, result.rows)) out(line);
  all.push(...result.rows);
  perSize.push({ size, rows: result.rows });
  if (result.naive) {
    naive.push(result.naive);
    out();
    for (const line of formatNaive(result.naive)) out(line);
  }
}
out();
for (const line of slopeLines(perSize)) out(line);
for (const line of rssLines(perSize)) out(line);

if (values['real-limits']) {
  out();
  realLimits = await runRealLimits({ people: SIZES['M'] as number, seed, logDir, onNote: out });
  for (const line of formatRealLimits(realLimits)) out(line);
}
out();
out(`bench finished in ${((performance.now() - started) / 1000).toFixed(0)} s`);

if (values.json) {
  // One object per row; the naive baseline and the real-limits run are rows too, marked by `scenario`.
  const naiveRows = naive.flatMap((n) =>
    (['hubspot', 'salesforce'] as const).map((crm) => ({
      size: n.size,
      scenario: 'naive baseline (extrapolated)',
      crm,
      apiCalls: Math.round(n[crm].extrapolatedCalls),
      lowerBound: null,
      ratio: null,
      vsLeadloop: n[crm].leadloopCalls > 0 ? n[crm].extrapolatedCalls / n[crm].leadloopCalls : null,
      recordsPerSec: n[crm].sampleWallMs > 0 ? n[crm].sampled / (n[crm].sampleWallMs / 1000) : null,
      peakRssMb: null,
      http429: 0,
      ...n[crm],
    })),
  );
  const limitsRow = realLimits ? [{ ...realLimits, lowerBound: null, ratio: null, recordsPerSec: null }] : [];
  const rows = [...all, ...naiveRows, ...limitsRow];
  writeFileSync(values.json, `${JSON.stringify(rows, null, 2)}\n`);
  out(`rows written to ${join(values.json)}`);
}
