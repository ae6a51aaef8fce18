/** Turns zod issues into the one-line-per-problem form admins read: `path: what was expected, got what`. */
import type { z } from 'zod';

const SECRET_KEY = /token|secret|password|private|key$/i;

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(root)' : out;
}

export interface FormatOptions {
  /**
   * `masked` for values a client sent (the admin API): a string shows its first characters and its length,
   * never itself. The config file's own values are shown, cut at 60 characters.
   */
  readonly values?: 'shown' | 'masked';
}

/** A URL's userinfo and query are where credentials live (`https://user:pass@host/?key=...`). */
export function maskUrlCredentials(text: string): string {
  return text.replace(
    /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#@]*@)?([^\s/?#]*)([^\s?#]*)(\?[^\s#]*)?/gi,
    (
      _all,
      scheme: string,
      userinfo: string | undefined,
      host: string,
      path: string,
      query: string | undefined,
    ) => `${scheme}${userinfo ? '***@' : ''}${host}${path}${query ? '?***' : ''}`,
  );
}

function describeValue(value: unknown, options: FormatOptions): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    if (options.values === 'masked')
      return value.length <= 3
        ? JSON.stringify(value)
        : `${JSON.stringify(`${value.slice(0, 2)}…`)} (${value.length} characters)`;
    const shown = maskUrlCredentials(value);
    return JSON.stringify(shown.length > 60 ? `${shown.slice(0, 57)}...` : shown);
  }
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

const article = (type: string): string => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);

function expectedText(issue: z.core.$ZodIssueInvalidType): string {
  const e = String(issue.expected);
  if (e === 'object') return 'a mapping';
  if (e === 'array') return 'a list';
  if (e === 'nonoptional') return 'a value';
  return article(e);
}

function issueMessage(issue: z.core.$ZodIssue, options: FormatOptions): string {
  const secret = issue.path.some((p) => typeof p === 'string' && SECRET_KEY.test(p));
  const got = (v: unknown): string =>
    secret ? '(a value hidden because it is a secret)' : describeValue(v, options);
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return `required: expected ${expectedText(issue)}`;
      return `expected ${expectedText(issue)}, got ${got(issue.input)}`;
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${got(issue.input)}`;
    case 'invalid_union': {
      // A discriminated union reports the whole object as input; show the discriminator's own value.
      const discriminator = (issue as { discriminator?: string }).discriminator;
      const options = (issue as { options?: unknown[] }).options;
      if (discriminator && options && issue.input !== null && typeof issue.input === 'object') {
        const value = (issue.input as Record<string, unknown>)[discriminator];
        return `expected one of ${options.map((o) => JSON.stringify(o)).join(', ')}, got ${got(value)}`;
      }
      return `${issue.message}${issue.input !== undefined ? `, got ${got(issue.input)}` : ''}`;
    }
    default:
      return issue.message;
  }
}

/** One line per problem, each starting with its path. Unknown keys get one line per key. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], options: FormatOptions = {}): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) lines.push(`${formatPath([...issue.path, key])}: unknown key`);
      continue;
    }
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      // Report the branch that got furthest: the one with the fewest problems.
      const best = [...issue.errors].sort((a, b) => a.length - b.length)[0] ?? [];
      const nested = best.map((i) => ({ ...i, path: [...issue.path, ...i.path] }) as z.core.$ZodIssue);
      if (nested.length > 0 && nested.length <= 3) {
        lines.push(...formatIssues(nested, options));
        continue;
      }
    }
    lines.push(`${formatPath(issue.path)}: ${issueMessage(issue, options)}`);
  }
  return [...new Set(lines)];
}
