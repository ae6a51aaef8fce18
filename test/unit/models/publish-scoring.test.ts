import { parseDocument } from 'yaml';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { publishedConfig } from '../../../src/models/publish-scoring.ts';
import { ConfigError } from '../../../src/lib/errors.ts';

const EXAMPLE = readFileSync(new URL('../../../config/leadloop.example.yaml', import.meta.url), 'utf8');
const ENV: NodeJS.ProcessEnv = {};

describe('publish: the candidate scoring into the config file', () => {
  const live = parseDocument(EXAMPLE);
  const liveScoring = (live.toJS() as { scoring: Record<string, unknown> }).scoring;

  it('replaces the scoring section, keeping comments elsewhere and the live rescore budget', () => {
    const doc = parseDocument(EXAMPLE);
    doc.setIn(['scoring', 'rescoreBudget'], 0.05);
    const candidate = { ...liveScoring, modelVersion: 'candidate-7' };
    const { doc: next, config } = publishedConfig(doc, candidate, 'leadloop.yaml', ENV);
    expect(config.scoring.modelVersion).toBe('candidate-7');
    expect(config.scoring.rescoreBudget).toBe(0.05);
    const text = next.toString();
    const comments = (s: string): string[] =>
      s.split('\n').filter((l) => /^\s*#/.test(l) && !l.includes('scoring'));
    // Every comment outside the scoring section survives (those inside belong to the model replaced).
    const outside = comments(EXAMPLE.slice(0, EXAMPLE.indexOf('\nscoring:')));
    for (const line of outside) expect(text).toContain(line);
    // The document given is left as it was (the caller writes only after confirmation).
    expect(doc.getIn(['scoring', 'modelVersion'])).toBe(liveScoring['modelVersion']);
  });

  it('a candidate that makes the config invalid is refused, naming the path', () => {
    const bad = { ...liveScoring, modelVersion: 'v9', rescoreBudget: 2 };
    expect(() => publishedConfig(parseDocument(EXAMPLE), bad, 'leadloop.yaml', ENV)).toThrow(ConfigError);
    try {
      publishedConfig(parseDocument(EXAMPLE), bad, 'leadloop.yaml', ENV);
    } catch (err) {
      expect((err as ConfigError).problems.join('\n')).toContain('scoring.rescoreBudget');
    }
  });
});
