/**
 * The process-wide list of configured secret values (tokens, client secrets, private keys, passwords),
 * redacted by value from every log line and scrubbed error text (`scrub-text.ts`). Key-based redaction
 * misses a secret an SDK echoes inside a message or a CRM quotes back in a body; matching the value does not.
 * The composition root registers the loaded config's secrets (src/main/config-secrets.ts).
 */

/** Shorter values would redact ordinary words and ids; real tokens and keys are far longer. */
export const MIN_SECRET_LENGTH = 8;

/** Lines of a PEM body shorter than this are padding tails (`Aw==`), not worth redacting on their own. */
const MIN_PEM_LINE = 16;

const values = new Set<string>();
let version = 0;

/**
 * A multi-line value (a PEM private key) is also registered line by line, and with its line breaks
 * removed: a truncated or re-wrapped copy in an error message must not leak the key body either. A
 * literal `\n` (how a PEM often sits in an env var) counts as a line break.
 */
function variants(value: string): string[] {
  const out = [value];
  const lines = value
    .split(/\r?\n|\\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  if (lines.length > 1) {
    const body = lines.filter((line) => !line.startsWith('-----'));
    out.push(...body.filter((line) => line.length >= MIN_PEM_LINE), body.join(''));
    out.push(lines.join('\n'));
  }
  return out.filter((v) => v.length >= MIN_SECRET_LENGTH);
}

/** Adds secret values to redact from now on; empty, missing and short values are ignored. */
export function registerSecrets(list: readonly (string | null | undefined)[]): void {
  const before = values.size;
  for (const value of list) {
    if (typeof value !== 'string') continue;
    for (const v of variants(value)) values.add(v);
  }
  if (values.size !== before) version += 1;
}

/** Forgets every registered value (tests). */
export function clearRegisteredSecrets(): void {
  if (values.size > 0) version += 1;
  values.clear();
}

/** A number that changes whenever the registered values do, so matchers are rebuilt only then. */
export function secretsVersion(): number {
  return version;
}

export function registeredSecrets(): readonly string[] {
  return [...values];
}
