/**
 * Salesforce record ids: 15 case-sensitive characters (3-char key prefix, 2-char pod, 1 reserved, 9-char
 * base-62 counter) plus the 3-character case-insensitive suffix the REST API always returns.
 * https://help.salesforce.com/s/articleView?id=000385008 (18-character ids and their checksum)
 */

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SUFFIX = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const POD = '5g0';

/** Key prefixes of the objects the sandbox serves (the first three characters of every id). */
export const KEY_PREFIX = {
  Lead: '00Q',
  Contact: '003',
  Account: '001',
  Opportunity: '006',
  OpportunityContactRole: '00K',
  Task: '00T',
  Event: '00U',
  Campaign: '701',
  CampaignMember: '00v',
  User: '005',
  LeadStatus: '01J',
  Organization: '00D',
  CustomField: '00N',
  StandardValueSet: '0Ps',
  QueryLocator: '01g',
  BulkJob: '750',
} as const;

/** The 3-character suffix that makes a 15-character id case-insensitively unique. */
export function idSuffix(id15: string): string {
  let out = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charCodeAt(chunk * 5 + i);
      if (c >= 65 && c <= 90) bits |= 1 << i;
    }
    out += SUFFIX[bits];
  }
  return out;
}

function base62(n: number, width: number): string {
  let s = '';
  let v = n;
  while (v > 0) {
    s = BASE62[v % 62] + s;
    v = Math.floor(v / 62);
  }
  return s.padStart(width, '0');
}

/** The `n`-th id (1-based) for a key prefix. Deterministic, and ascending in `n` under string order. */
export function makeId(prefix: string, n: number): string {
  const id15 = prefix + POD + base62(n, 9);
  return id15 + idSuffix(id15);
}

/** Whether `value` is shaped like a Salesforce id (15 or 18 characters, valid suffix when 18). */
export function isIdShaped(value: string): boolean {
  if (!/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(value)) return false;
  return value.length === 15 || idSuffix(value.slice(0, 15)) === value.slice(15).toUpperCase();
}

/** The canonical 18-character form of a 15- or 18-character id. */
export function to18(value: string): string {
  const id15 = value.slice(0, 15);
  return id15 + idSuffix(id15);
}

/** Hands out ascending ids per key prefix. */
export class IdAllocator {
  private readonly next = new Map<string, number>();

  allocate(prefix: string): string {
    const n = (this.next.get(prefix) ?? 0) + 1;
    this.next.set(prefix, n);
    return makeId(prefix, n);
  }
}
