/**
 * Key-based redaction at any depth. pino's `redact` paths are fixed (`*.*.accessToken` stops at three
 * levels), and an SDK error or a CRM body nests credentials deeper; this walk censors every key that names
 * a secret, bounded in depth and breadth so a huge or cyclic object cannot make logging slow. It copies
 * only what it changes: the caller's objects are never mutated.
 */
import { CENSOR } from './scrub-text.ts';

/** Deeper than any payload we log on purpose; the line scrubber still covers string values below it. */
const MAX_DEPTH = 10;
/** Entries walked per object or array; a 10k-id array is not worth walking id by id. */
const MAX_ENTRIES = 500;

/** `accessToken`, `refresh_token`, `client-secret`, `privateKeyPem`, `x-api-key`, `set-cookie`... */
const SECRET_KEY =
  /(?:token|secret|password|passwd|assertion|privatekey|privatekeypem|apikey|sessionid|authorization|cookie)$/i;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key.replace(/[-_]/g, ''));
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Returns `value` itself when nothing needed censoring, else a copy with every secret-named key's value
 * replaced. Class instances (Errors, Dates, Buffers) are left to their serializers.
 */
export function censorSecretKeys<T>(value: T, depth = 0): T {
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    const n = Math.min(value.length, MAX_ENTRIES);
    for (let i = 0; i < n; i += 1) {
      const item: unknown = value[i];
      const next = censorSecretKeys(item, depth + 1);
      if (next !== item) (copy ??= [...value])[i] = next;
    }
    return (copy ?? value) as T;
  }
  if (!isPlainObject(value)) return value;
  let copy: Record<string, unknown> | undefined;
  let seen = 0;
  for (const key in value) {
    if (seen++ >= MAX_ENTRIES) break;
    const item = value[key];
    // A flag (`hasToken: true`) says nothing secret; anything else under a secret name goes.
    const secret = item !== undefined && typeof item !== 'boolean' && isSecretKey(key);
    const next = secret ? CENSOR : censorSecretKeys(item, depth + 1);
    if (next !== item) (copy ??= { ...value })[key] = next;
  }
  return (copy ?? value) as T;
}
