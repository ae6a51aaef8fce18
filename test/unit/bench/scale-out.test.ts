import { describe, expect, it } from 'vitest';
import { parseStatTicks, parseStatusPeakMb } from '../../../test/bench/proc-usage.ts';
import { formatScaleOutRow, scaleOutChecks, type ScaleOutRow } from '../../../test/bench/scale-out.ts';

describe('/proc parsing', () => {
  it('reads utime + stime past a command name holding spaces and parentheses', () => {
    // Fields 14 and 15 are 250 and 50.
    const stat =
      '4242 (node (worker) x) S 1 4242 4242 0 -1 4194560 9000 0 0 0 250 50 0 0 20 0 11 0 100 1000000 20000';
    expect(parseStatTicks(stat)).toBe(300);
  });

  it('names the line it cannot read', () => {
    expect(() => parseStatTicks('4242 (node) S 1')).toThrow('unreadable /proc stat line: 4242 (node) S 1');
  });

  it('reads VmHWM in MB', () => {
    expect(
      parseStatusPeakMb('Name:\tnode\nVmPeak:\t  999999 kB\nVmHWM:\t  250000 kB\nVmRSS:\t 1000 kB\n'),
    ).toBe(256);
    expect(() => parseStatusPeakMb('Name:\tnode\n')).toThrow('no VmHWM line');
  });
});

const row = (workers: number, wallMs: number, calls: [number, number], recorded = calls): ScaleOutRow => ({
  size: 'S',
  workers,
  chunkSize: 1000,
  status: 'succeeded',
  peopleProcessed: 10_000,
  wallMs,
  workerCpuMs: Array.from({ length: workers }, () => 4000 / workers),
  workerPeakRssMb: Array.from({ length: workers }, () => 200),
  sandboxCpuMs: 1500,
  redisCpuMs: 3000,
  calls: { hubspot: calls[0], salesforce: calls[1] },
  recorded: { hubspot: recorded[0], salesforce: recorded[1] },
  endpoints: { hubspot: { 'contacts.list': calls[0] }, salesforce: { composite: calls[1] } },
});

describe('scale-out table', () => {
  it('prints the speed-up against the first row and the CPU of every worker', () => {
    const base = row(1, 20_000, [240, 40]);
    expect(formatScaleOutRow(row(2, 12_500, [240, 40]), base)).toBe(
      '| S | 2 | 1,000 | succeeded | 12.5 | 1.60× | 2.0 / 2.0 | 4.0 | 200 / 200 | 1.5 | 3.0 | 240 / 40 | 240 / 40 |',
    );
  });

  it('flags calls that moved with the worker count, and summaries that missed calls', () => {
    expect(scaleOutChecks([row(1, 1, [240, 40]), row(2, 1, [240, 40])])).toEqual([
      '✓ calls unchanged across worker counts',
      "✓ each run's summary records the calls the sandboxes counted (apiCalls.<crm>, summed over the workers)",
    ]);
    expect(scaleOutChecks([row(1, 1, [240, 40]), row(4, 1, [250, 40], [200, 40])])).toEqual([
      '✗ calls unchanged across worker counts: 1: 240 / 40, 4: 250 / 40',
      '  4 workers against 1: hubspot contacts.list +10',
      "✗ each run's summary records the calls the sandboxes counted (apiCalls.<crm>, summed over the workers)",
    ]);
  });
});
