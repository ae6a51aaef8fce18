/**
 * `leadloop model suggest` on a generated sandbox world, end to end through the CLI: sync it, fit a
 * suggestion on the people whose outcome sales reached, and check it ranks the held-out people better than
 * the example model; the candidate file it writes loads into `backtest --model` and `model shadow`.
 * `backtest --decay-preview` on the same state accounts for everyone at every horizon.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeSandboxConfig } from '../../connectors/sandbox/sandbox-config.ts';
import { main } from '../../src/cli.ts';
import { loadCandidateModel } from '../../src/cli/backtest.ts';
import type { SuggestReport } from '../../src/models/suggest/suggest.ts';
import type { DecayPreview } from '../../src/scoring/decay-preview.ts';
import { withSandboxes, type TestSandboxes } from '../helpers/sandboxes.ts';

async function cli(...args: string[]): Promise<{ code: number; out: string }> {
  const chunks: string[] = [];
  const capture = (chunk: unknown): boolean => (chunks.push(String(chunk)), true);
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  try {
    process.exitCode = undefined;
    const code = await main(['node', 'leadloop', ...args]);
    return { code, out: chunks.join('') };
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = undefined;
  }
}

let sb: TestSandboxes;
let file: string;

beforeAll(async () => {
  sb = await withSandboxes({ people: 2000, seed: 42 });
  file = join(sb.dir, 'leadloop.yaml');
  await writeSandboxConfig(file, sb, undefined, { statePath: join(sb.dir, 'state.sqlite') });
  const sync = await cli('sync', '--once', '--config', file);
  expect(sync.code, sync.out).toBe(0);
}, 240_000);

afterAll(async () => {
  await sb?.close();
});

describe('model suggest on a generated world', () => {
  it('ranks held-out people better than the example model, and its file backtests', async ({ annotate }) => {
    const json = await cli('model', 'suggest', '--config', file, '--json');
    expect(json.code, json.out).toBe(0);
    const report = JSON.parse(json.out) as SuggestReport;
    await annotate(
      `held-out AUC ${report.current.auc?.toFixed(3)} (example) -> ${report.suggested.auc?.toFixed(3)} (suggested); ` +
        `train ${report.train.people} (${report.train.good} good), held out ${report.heldOut.people} (${report.heldOut.good} good); ` +
        `gain 95 % ${report.aucInterval?.gain.map((v) => v.toFixed(3)).join(' to ')}, better in ${report.aucInterval?.suggestedBetter}`,
    );
    expect(report.heldOut.good).toBeGreaterThan(5);
    expect(report.suggested.auc ?? 0).toBeGreaterThan(report.current.auc ?? 1);
    // The interval brackets the measured AUCs, and the gain's lower end is what an admin can rely on.
    const interval = report.aucInterval;
    if (!interval) throw new Error('no AUC interval for a held-out set with both outcomes');
    expect(interval.current[0]).toBeLessThanOrEqual(report.current.auc ?? 0);
    expect(interval.suggested[1]).toBeGreaterThanOrEqual(report.suggested.auc ?? 1);
    expect(interval.suggestedBetter).toBeGreaterThan(0.5);

    const candidate = join(sb.dir, 'candidate.yaml');
    const text = await cli('model', 'suggest', '--config', file, '--out', candidate);
    expect(text.code, text.out).toBe(0);
    expect(text.out).toContain(`Candidate model written to ${candidate}`);
    expect(text.out).toMatch(/current +2026-11-a +0\.\d{3}/);
    expect(text.out).toMatch(
      /95 % interval \(paired bootstrap, \d+ resamples\): current 0\.\d{3} to 0\.\d{3}/,
    );
    const loaded = await loadCandidateModel(candidate);
    expect(loaded).toEqual(report.candidate);
    expect(await readFile(candidate, 'utf8')).toContain(
      '# Suggested by `leadloop model suggest --outcome SQL`',
    );

    const backtest = await cli('backtest', '--model', candidate, '--config', file);
    expect(backtest.code, backtest.out).toBe(0);
    expect(backtest.out).toContain('vs candidate 2026-11-a-suggested');
    const shadow = await cli('model', 'shadow', candidate, '--config', file);
    expect(shadow.code, shadow.out).toBe(0);
    expect(shadow.out).toContain('shadowing 2026-11-a-suggested beside live 2026-11-a');
  }, 240_000);

  it('previews decay for everyone at every horizon', async () => {
    const run = await cli('backtest', '--decay-preview', '--config', file, '--json');
    expect(run.code, run.out).toBe(0);
    const preview = JSON.parse(run.out) as DecayPreview;
    expect(preview.horizons.map((h) => h.days)).toEqual([0, 30, 60, 90]);
    for (const h of preview.horizons) {
      expect(Object.values(h.levels).reduce((s, n) => s + n, 0)).toBe(preview.people);
    }
    // Without new behaviour nobody climbs: the top levels only empty out.
    const engaged = preview.horizons.map((h) => h.levels['1'] + h.levels['2'] + h.levels['3']);
    expect(engaged).toEqual([...engaged].sort((a, b) => b - a));
    expect(preview.horizons.at(-1)?.droppedLevel ?? 0).toBeGreaterThan(0);
  }, 120_000);

  it('says what is missing when neither --model nor --decay-preview is given', async () => {
    const run = await cli('backtest', '--config', file);
    expect(run.code).toBe(2);
    expect(run.out).toContain('backtest: give --model FILE (a candidate model) or --decay-preview');
  });
});
