/**
 * Salesforce record ids: 15 case-sensitive characters (3-char key prefix, then the record number) plus the
 * 3-character case-insensitive suffix the REST API returns, so generated ids look and check like real ones.
 * https://help.salesforce.com/s/articleView?id=000385585 (15- vs 18-character ids)
 */
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SUFFIX = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** Appends the checksum: for each 5-char chunk, a bit per upper-case letter picks one suffix character. */
export function toEighteen(id15: string): string {
  if (id15.length !== 15)
    throw new RangeError(`a 15-character Salesforce id is needed, got ${JSON.stringify(id15)}`);
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk += 1) {
    let bits = 0;
    for (let i = 0; i < 5; i += 1) {
      const c = id15.charCodeAt(chunk * 5 + i);
      if (c >= 65 && c <= 90) bits |= 1 << i;
    }
    suffix += SUFFIX[bits];
  }
  return id15 + suffix;
}

/** `salesforceId('005', 2)` → `005000000000002AAA`: the key prefix, then `n` in base 62, zero-padded. */
export function salesforceId(prefix: string, n: number): string {
  if (prefix.length !== 3 || !Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`bad Salesforce id parts: prefix ${JSON.stringify(prefix)}, number ${n}`);
  }
  let body = '';
  let rest = n;
  do {
    body = BASE62.charAt(rest % 62) + body;
    rest = Math.floor(rest / 62);
  } while (rest > 0);
  if (body.length > 12) throw new RangeError(`record number ${n} does not fit a Salesforce id`);
  return toEighteen(prefix + body.padStart(12, '0'));
}
