/**
 * Loads the one YAML file: parse, interpolate `${ENV}` references inside string values, validate with
 * zod. Every problem becomes one line naming its path, so an admin fixes a file in one pass.
 */
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { ConfigError } from '../lib/errors.ts';
import { LeadloopConfig } from './schema.ts';
import { formatIssues, formatPath } from './format-issues.ts';
import { readYaml } from './read-yaml.ts';

const ENV_REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * Replaces `${NAME}` (or `${NAME:-default}`) in every string value. Done after YAML parsing so a secret
 * containing `:` or `#` cannot change the document's structure.
 */
export function interpolateEnv(
  value: unknown,
  env: NodeJS.ProcessEnv,
  path: (string | number)[] = [],
  problems: string[] = [],
): unknown {
  if (typeof value === 'string') {
    return value.replace(ENV_REF, (_match, name: string, fallback: string | undefined) => {
      const found = env[name];
      if (found !== undefined && found !== '') return found;
      if (fallback !== undefined) return fallback;
      problems.push(`${formatPath(path)}: environment variable ${name} is not set`);
      return '';
    });
  }
  if (Array.isArray(value)) return value.map((item, i) => interpolateEnv(item, env, [...path, i], problems));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, interpolateEnv(v, env, [...path, k], problems)]),
    );
  }
  return value;
}

/** Parses YAML text into a validated config, or throws `ConfigError` listing every problem. */
export function parseConfig(
  text: string,
  env: NodeJS.ProcessEnv = process.env,
  source = 'config',
): LeadloopConfig {
  const problems: string[] = [];
  const raw = interpolateEnv(readYaml(text, source).value, env, [], problems);
  if (problems.length > 0) throw new ConfigError(problems, { source });
  return validateConfig(raw, source);
}

export function validateConfig(raw: unknown, source = 'config'): LeadloopConfig {
  const result = LeadloopConfig.safeParse(raw, { reportInput: true });
  if (!result.success)
    throw new ConfigError(formatIssues(result.error.issues as z.core.$ZodIssue[]), { source });
  return result.data;
}

export async function loadConfig(
  file: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<LeadloopConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ConfigError(
      [`${file}: cannot read the config file (${(err as NodeJS.ErrnoException).code ?? 'error'})`],
      {
        source: file,
      },
    );
  }
  return parseConfig(text, env, file);
}
