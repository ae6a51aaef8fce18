/**
 * The email link key: trimmed and lower-cased, so `Ann@X.com` and `ann@x.com ` are one person. Addresses
 * are otherwise kept as written: no provider-specific rewriting (Gmail dots, `+tags`), because two such
 * addresses can belong to two people and a wrong merge is worse than a missed one.
 */

/** One `@`, a non-empty local part, a dotted domain, no whitespace: enough to reject obvious junk. */
const PLAUSIBLE = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** The normalised address, or null when the value is blank or obviously not an email address. */
export function normaliseEmail(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const email = value.trim().toLowerCase();
  return PLAUSIBLE.test(email) ? email : null;
}
