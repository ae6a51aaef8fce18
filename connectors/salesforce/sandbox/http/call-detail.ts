/**
 * One line naming what a counted call did, for the sandbox's call log (`stats().calls`): the method, the
 * path after `/services/data/vXX.X`, the object a SOQL query reads, the records a collection carries, and
 * for `/composite` each subrequest the same way. Benchmarks and tests read it to say where calls go.
 */

const DATA_PATH = /^\/services\/data\/v\d+\.\d(\/.*)?$/;
const FROM = /\bFROM\s+([A-Za-z0-9_]+)/i;

function soqlObject(q: string | null): string {
  if (!q) return '';
  // Subqueries `(SELECT … FROM OpportunityContactRoles)` come first in the select list: drop them.
  let outer = q;
  for (let i = 0; i < 10 && outer.includes('('); i++) outer = outer.replace(/\([^()]*\)/g, '');
  const m = FROM.exec(outer);
  return m ? ` ${m[1] as string}` : '';
}

function records(body: unknown): string {
  if (!body || typeof body !== 'object') return '';
  const list = (body as { records?: unknown }).records;
  return Array.isArray(list) ? ` ×${list.length}` : '';
}

function one(method: string, path: string, query: URLSearchParams, body: unknown): string {
  const short = path.replace(/\/(query|queryAll)\/[^/]+$/, '/$1/<next>');
  return `${method} ${short}${soqlObject(query.get('q'))}${records(body)}`;
}

function subrequests(body: unknown): string {
  const list = (body as { compositeRequest?: unknown } | undefined)?.compositeRequest;
  if (!Array.isArray(list)) return '';
  const parts = list.map((raw: unknown) => {
    const s = (raw ?? {}) as { method?: unknown; url?: unknown; body?: unknown };
    if (typeof s.url !== 'string') return '?';
    const u = new URL(s.url, 'http://sandbox.invalid');
    const rest = DATA_PATH.exec(u.pathname)?.[1] ?? u.pathname;
    return one(String(s.method ?? 'GET').toUpperCase(), rest, u.searchParams, s.body);
  });
  return ` [${parts.join('; ')}]`;
}

/** `POST /composite [GET /queryAll Lead; PATCH /composite/sobjects ×200]`, `GET /queryAll/<next>`… */
export function callDetail(method: string, rest: string, query: URLSearchParams, body: unknown): string {
  const line = one(method, rest, query, undefined);
  return /\/composite\/?$/.test(rest) ? `${line}${subrequests(body)}` : `${line}${records(body)}`;
}
