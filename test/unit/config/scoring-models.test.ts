/** Several named scoring models: `scoring.models.<name>` beside the primary model under `scoring:`. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadCandidateModel } from '../../../src/cli/backtest.ts';
import { parseConfig } from '../../../src/config/load.ts';
import { ConfigError } from '../../../src/lib/errors.ts';

const examplePath = new URL('../../../config/leadloop.example.yaml', import.meta.url);
const exampleText = await readFile(examplePath, 'utf8');

interface Raw {
  scoring: Record<string, unknown>;
  fields?: Record<string, unknown>;
  terminology: { fields: Record<string, string> };
}
const raw = (): Raw => parse(exampleText) as Raw;

/** A small further model: one profile rule, one engagement rule. */
const regional = (version: string) => ({
  modelVersion: version,
  profile: {
    rules: [{ name: 'EMEA country', field: 'country', in: ['Germany', 'France'], points: 60 }],
    grades: { A: 60, B: 40, C: 20 },
  },
  engagement: {
    halfLifeDays: 14,
    rules: [{ name: 'Demo', activity: 'form_submission', form: 'Demo*', points: 50, decay: 'none' }],
    levels: { '1': 50, '2': 30, '3': 10 },
  },
  handoff: { mqlCells: ['A1'] },
});

function withModels(models: Record<string, unknown>, edit: (r: Raw) => void = () => {}): unknown {
  const r = raw();
  r.scoring['models'] = models;
  edit(r);
  return r;
}

/** Through the YAML loader, as an admin's file goes (env defaults interpolated). */
const load = (input: unknown) => parseConfig(stringify(input), {});

function problemsOf(input: unknown): readonly string[] {
  try {
    load(input);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('scoring.models', () => {
  it('leaves a one-model config exactly as it was: no models key, the primary under scoring', () => {
    const config = parseConfig(exampleText, {});
    expect('models' in config.scoring).toBe(false);
    expect(config.scoring.modelVersion).toBe('2026-11-a');
  });

  it('parses further models with their own rules, defaults applied, the primary untouched', () => {
    const single = parseConfig(exampleText, {});
    const config = load(withModels({ emea: regional('emea-1'), apac: regional('apac-1') }));
    const { models, ...primary } = config.scoring;
    expect(primary).toEqual(single.scoring);
    expect(Object.keys(models ?? {})).toEqual(['emea', 'apac']);
    expect(models?.['emea']?.disqualify).toEqual([]);
    expect(models?.['emea']?.engagement.rules[0]?.decay).toBe('none');
  });

  it('names a model that cannot form a CRM field name', () => {
    expect(problemsOf(withModels({ EMEA: regional('x'), north_america: regional('y') })))
      .toMatchInlineSnapshot(`
      [
        "scoring.models.EMEA: a model name is lower-case letters and digits, starting with a letter (it becomes part of CRM field names: leadloop_<name>_score)",
        "scoring.models.north_america: a model name is lower-case letters and digits, starting with a letter (it becomes part of CRM field names: leadloop_<name>_score)",
      ]
    `);
  });

  it('refuses a model whose fields would be the primary model’s (profile → leadloop_profile_score)', () => {
    expect(problemsOf(withModels({ profile: regional('x') }))).toMatchInlineSnapshot(`
      [
        "scoring.models.profile: its field leadloop_profile_score would be the primary model's "profileScore" field: choose another model name",
      ]
    `);
  });

  it('refuses a name too long for Salesforce’s 40-character field names, with the prefix in play', () => {
    expect(load(withModels({ northamerica: regional('x') })).scoring.models).toHaveProperty('northamerica');
    expect(
      problemsOf(withModels({ northamerica: regional('x') }, (r) => (r.fields = { prefix: 'acmeleadsco' }))),
    ).toMatchInlineSnapshot(`
      [
        "scoring.models.northamerica: its Salesforce field Acmeleadsco_Northamerica_Engagement_Score__c is 41 characters before __c, above Salesforce's 40: shorten the model name by 1",
        "scoring.models.northamerica: the Salesforce label "Acmeleadsco Northamerica Score Explanation" of Acmeleadsco_Northamerica_Explanation__c is 42 characters, above Salesforce's 40: shorten the model name or the glossary label",
      ]
    `);
  });

  it('refuses a glossary label that, with the model name, passes Salesforce’s 40-character labels', () => {
    const longLabel = (r: Raw) => {
      r.terminology.fields['engagementScore'] = 'Marketing Engagement Score';
    };
    expect(load(withModels({ emea: regional('x') }, longLabel)).scoring.models).toHaveProperty('emea');
    expect(problemsOf(withModels({ northamerica: regional('x') }, longLabel))).toMatchInlineSnapshot(`
      [
        "scoring.models.northamerica: the Salesforce label "Marketing Engagement Score (Northamerica)" of Leadloop_Northamerica_Engagement_Score__c is 41 characters, above Salesforce's 40: shorten the model name or the glossary label",
      ]
    `);
  });

  it('keeps stages on the primary: a further model cannot hold a stage override', () => {
    const model = { ...regional('x'), override: { stageField: 'stage_override' } };
    expect(problemsOf(withModels({ emea: model }))).toMatchInlineSnapshot(`
      [
        "scoring.models.emea.override.stageField: stages follow the primary model (the one under \`scoring:\`): move \`stageField\` there",
      ]
    `);
  });

  it('reports a mistake inside a further model at its path', () => {
    const model = { ...regional('x'), profile: { rules: [], grades: { A: 10, B: 40, C: 20 } } };
    expect(problemsOf(withModels({ emea: model }))).toMatchInlineSnapshot(`
      [
        "scoring.models.emea.profile.grades.B: grade B (40) is above A (10)",
      ]
    `);
  });

  it('a whole two-model config given as a backtest candidate is its primary model', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'leadloop-models-'));
    try {
      const file = join(dir, 'candidate.yaml');
      await writeFile(file, stringify(withModels({ emea: regional('emea-1') })));
      const candidate = await loadCandidateModel(file);
      expect(candidate.modelVersion).toBe('2026-11-a');
      expect('models' in candidate).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
