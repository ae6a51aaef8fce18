import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.ts';
import { ConfigError } from '../../../src/lib/errors.ts';

const examplePath = new URL('../../../config/leadloop.example.yaml', import.meta.url);
const example = await readFile(examplePath, 'utf8');

function problemsOf(text: string, env: NodeJS.ProcessEnv = {}): readonly string[] {
  try {
    parseConfig(text, env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('config loading', () => {
  it('accepts the documented example with embedded defaults', () => {
    const config = parseConfig(example, {});
    expect(config.scoring.modelVersion).toBe('2026-11-a');
    expect(config.state).toEqual({ type: 'sqlite', path: '.leadloop/state.sqlite' });
    expect(config.connections.hubspot.accessToken).toBe('sandbox-hubspot-token');
  });

  it('interpolates ${ENV} references inside values, not into the YAML structure', () => {
    const config = parseConfig(example, { HUBSPOT_TOKEN: 'pat-na1-abc: #not-a-comment' });
    expect(config.connections.hubspot.accessToken).toBe('pat-na1-abc: #not-a-comment');
  });

  it('names a missing environment variable without printing any secret', () => {
    const text = example.replace('${HUBSPOT_TOKEN:-sandbox-hubspot-token}', '${HUBSPOT_TOKEN}');
    expect(problemsOf(text, { SALESFORCE_PRIVATE_KEY: 'super-secret-key' })).toMatchInlineSnapshot(`
      [
        "connections.hubspot.accessToken: environment variable HUBSPOT_TOKEN is not set",
      ]
    `);
  });

  it('reports one line per problem with its path and what was expected', () => {
    const text = example
      .replace('points: 100, group: title', 'points: ten, group: title')
      .replace('halfLifeDays: 30 ', 'halfLifeDayz: 30 ')
      .replace('type: jwt ', 'type: password ');
    expect(problemsOf(text)).toMatchInlineSnapshot(`
      [
        "connections.salesforce.auth.type: expected one of "jwt", "refresh-token", got "password"",
        "scoring.profile.rules[0].points: expected a number, got "ten"",
        "scoring.engagement.halfLifeDays: required: expected a number",
        "scoring.engagement.halfLifeDayz: unknown key",
      ]
    `);
  });

  it('refuses an owner in two stages.teams, naming the team and the owner', () => {
    const text = example.replace(
      '  # teams:',
      '  teams: { Inbound: [005A, 005B], Outbound: [005C, 005A] }\n  # teams:',
    );
    expect(problemsOf(text)).toEqual([
      'stages.teams.Outbound[1]: owner 005A is already in team "Inbound": an owner belongs to one team',
    ]);
  });

  it('rejects unknown keys anywhere, so typos are never silently ignored', () => {
    const text = example.replace('log:\n  level: info', 'log:\n  levle: info');
    expect(problemsOf(text)).toEqual(['log.levle: unknown key']);
  });

  it('hides secret values in type errors', () => {
    const text = example.replace('${SALESFORCE_PRIVATE_KEY:-sandbox-private-key}', '12345');
    const problems = problemsOf(text);
    expect(problems.join('\n')).not.toContain('12345');
    expect(problems[0]).toMatch(/^connections\.salesforce\.auth\.privateKey: /);
  });

  it('reports YAML syntax errors with their source', () => {
    expect(problemsOf('scoring: [unclosed', {})[0]).toMatch(/^config: YAML syntax: /);
  });
});
