/**
 * The company link key: a host name, lower-case, without scheme, port, path or a leading `www.`, so
 * HubSpot's `acme.com` and a Salesforce Website `https://www.Acme.com/about` are one company. Anything
 * that is not a dotted host is no key at all: two companies with junk in the field must not merge.
 */

const HOST = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/;

export function normaliseDomain(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  let text = value.trim().toLowerCase();
  text = text.replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  text = text.split(/[/?#]/, 1)[0] ?? '';
  text = text.replace(/:\d+$/, '').replace(/\.$/, '');
  if (text.startsWith('www.')) text = text.slice(4);
  return HOST.test(text) ? text : null;
}

/** The domain of an email address, normalised like a company domain; null for no plausible address. */
export function emailDomain(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const at = value.lastIndexOf('@');
  return at > 0 ? normaliseDomain(value.slice(at + 1)) : null;
}

/**
 * A company name for the `company-name` match: lower-case, punctuation dropped, whitespace collapsed,
 * common legal suffixes removed (`Acme Systems, Inc.` = `acme systems`).
 */
const LEGAL_SUFFIXES = new Set([
  'inc',
  'ltd',
  'llc',
  'gmbh',
  'ag',
  'sa',
  'sas',
  'bv',
  'plc',
  'co',
  'corp',
  'limited',
]);

export function normaliseCompanyName(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const words = value
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter((w) => w !== '');
  while (words.length > 1 && LEGAL_SUFFIXES.has(words.at(-1) ?? '')) words.pop();
  return words.length > 0 ? words.join(' ') : null;
}
