/**
 * The ways the fuzzed-answers campaign spoils one CRM answer in transit. Each takes a real 2xx JSON answer
 * and returns the spoilt one, or undefined when this answer offers nothing to spoil that way (no string to
 * lengthen); the campaign then tries the next answer. A repeated cursor spans answers: `CursorLoop`.
 */
import type { Prng } from '../../connectors/sandbox/prng.ts';
import type { Exchange, Rewritten } from '../helpers/rewriting-proxy.ts';

export const MUTATIONS = [
  'wrong-type',
  'missing-field',
  'truncated',
  'html-200',
  'huge-string',
  'control-characters',
  'repeated-cursor',
] as const;
export type MutationKind = (typeof MUTATIONS)[number];

/** Markers the value mutations leave, so a comparison can tell a carried value from a lost one. */
export const HUGE = 'x'.repeat(1_048_576);
export const CONTROL = '\u0000\u0007\u001b[31m\u202e\ud800☃';

type Json = unknown;
interface Slot {
  readonly parent: Record<string, Json> | Json[];
  readonly key: string | number;
  readonly value: Json;
}

/**
 * Record identities (emails, ids, linked-id fields) are left alone by the value mutations: a spoilt one
 * names another person, which no connector can tell from the truth (type and shape mutations cover them).
 */
const IDENTITY = /^(email|attributes|type|url|hs_merged_object_ids)$|id(__c)?$/i;

function slots(root: Json): Slot[] {
  const out: Slot[] = [];
  const walk = (node: Json): void => {
    if (Array.isArray(node)) {
      node.forEach((value, key) => {
        out.push({ parent: node, key, value });
        walk(value);
      });
    } else if (node !== null && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        out.push({ parent: node as Record<string, Json>, key, value });
        walk(value);
      }
    }
  };
  walk(root);
  return out;
}

function set(slot: Slot, value: Json): void {
  if (Array.isArray(slot.parent)) slot.parent[Number(slot.key)] = value;
  else slot.parent[String(slot.key)] = value;
}

function otherType(value: Json): Json {
  if (typeof value === 'string') return value === '' ? 0 : { value };
  if (typeof value === 'number') return 'not a number';
  if (typeof value === 'boolean') return 'yes';
  if (value === null) return { nothing: true };
  if (Array.isArray(value)) return { items: value.length };
  return 'an object was here';
}

/** The cursor a request resumed from: HubSpot's `after` (query or search body), Salesforce's locator path. */
function requestCursor(ex: Exchange): string | undefined {
  const fromQuery = ex.url.searchParams.get('after');
  if (fromQuery) return fromQuery;
  if (ex.requestBody.startsWith('{')) {
    const body = JSON.parse(ex.requestBody) as Record<string, unknown>;
    if (typeof body['after'] === 'string' && body['after'] !== '') return body['after'];
  }
  return /\/query(All)?\/[^/]+$/.test(ex.url.pathname) ? ex.url.pathname : undefined;
}

/** Reads that page by cursor: HubSpot lists, searches and events; Salesforce query and queryMore. */
const PAGED =
  /^(\/crm\/v3\/objects\/\w+(\/search)?|\/events\/v3\/events|\/services\/data\/v[\d.]+\/query(All)?(\/[^/]+)?)$/;

/** A query page's next locator, made up (and `done` cleared) on a last page. */
function loopingQueryPage(page: Record<string, Json>, path: string): string {
  if (typeof page['nextRecordsUrl'] !== 'string') {
    const version = /\/services\/data\/(v[\d.]+)\//.exec(path)?.[1] ?? 'v62.0';
    page['nextRecordsUrl'] = `/services/data/${version}/query/01gLOOP00000000001-2000`;
    page['done'] = false;
  }
  return String(page['nextRecordsUrl']);
}

/**
 * `repeated-cursor`: the server answers a page's next cursor with that same page again, naming the same
 * next cursor, for ever. A last page gets a made-up next cursor first. The loop is served from here once
 * armed, also when the cursor comes back inside a `/composite` call (Salesforce's poll rounds).
 */
export class CursorLoop {
  private cursor: string | undefined;
  private page: string | undefined;
  /** Times the looping page was served. */
  served = 0;

  /** Arms on the first paged answer; answers every later request for the armed cursor. */
  answer(ex: Exchange): Rewritten | undefined {
    if (this.cursor !== undefined && this.page !== undefined) return this.replay(ex, this.cursor, this.page);
    if (ex.status !== 200 || !ex.body.startsWith('{')) return undefined;
    if (ex.url.pathname.endsWith('/composite')) return this.armInComposite(ex);
    if (!PAGED.test(ex.url.pathname)) return undefined;
    const page = JSON.parse(ex.body) as Record<string, Json>;
    if (Array.isArray(page['records'])) {
      this.cursor = loopingQueryPage(page, ex.url.pathname);
    } else if (Array.isArray(page['results'])) {
      const paging = (page['paging'] ?? {}) as { next?: { after?: string } };
      paging.next = { after: paging.next?.after ?? 'bG9vcA', ...paging.next };
      page['paging'] = paging;
      this.cursor = paging.next.after;
    } else return undefined;
    this.page = JSON.stringify(page);
    return { status: ex.status, contentType: ex.contentType, body: this.page };
  }

  /** Salesforce's poll rounds read first pages inside `/composite`: the first query page there loops. */
  private armInComposite(ex: Exchange): Rewritten | undefined {
    const answer = JSON.parse(ex.body) as { compositeResponse?: Record<string, Json>[] };
    const sub = answer.compositeResponse?.find((r) => {
      const body = r['body'] as Record<string, Json> | undefined;
      return r['httpStatusCode'] === 200 && Array.isArray(body?.['records']);
    });
    if (!sub) return undefined;
    const page = sub['body'] as Record<string, Json>;
    this.cursor = loopingQueryPage(page, ex.url.pathname);
    this.page = JSON.stringify(page);
    return { status: ex.status, contentType: ex.contentType, body: JSON.stringify(answer) };
  }

  private replay(ex: Exchange, cursor: string, page: string): Rewritten | undefined {
    if (requestCursor(ex) === cursor) {
      this.served++;
      return { status: 200, contentType: 'application/json;charset=utf-8', body: page };
    }
    if (!ex.url.pathname.endsWith('/composite') || !ex.requestBody.startsWith('{')) return undefined;
    const subs = (
      JSON.parse(ex.requestBody) as { compositeRequest?: { url?: string; referenceId?: string }[] }
    ).compositeRequest;
    const ref = subs?.find((sub) => sub.url === cursor)?.referenceId;
    if (ref === undefined || !ex.body.startsWith('{')) return undefined;
    const answer = JSON.parse(ex.body) as { compositeResponse?: Record<string, Json>[] };
    for (const sub of answer.compositeResponse ?? []) {
      if (sub['referenceId'] !== ref) continue;
      sub['body'] = JSON.parse(page) as Json;
      sub['httpStatusCode'] = 200;
      this.served++;
    }
    return { status: 200, contentType: ex.contentType, body: JSON.stringify(answer) };
  }
}

/** One answer spoilt by `kind` (all but `repeated-cursor`, which is `CursorLoop`'s). */
export function mutateAnswer(
  kind: Exclude<MutationKind, 'repeated-cursor'>,
  ex: Exchange,
  prng: Prng,
): Rewritten | undefined {
  const same = { status: ex.status, contentType: ex.contentType };
  if (kind === 'truncated')
    return ex.body.length < 2
      ? undefined
      : { ...same, body: ex.body.slice(0, 1 + prng.int(ex.body.length - 1)) };
  if (kind === 'html-200')
    return {
      status: 200,
      contentType: 'text/html; charset=utf-8',
      body: '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>',
    };
  const json = JSON.parse(ex.body) as Json;
  const all = slots(json);
  let slot: Slot | undefined;
  if (kind === 'wrong-type') {
    slot = all.length ? prng.pick(all) : undefined;
    if (slot) set(slot, otherType(slot.value));
  } else if (kind === 'missing-field') {
    const fields = all.filter((s) => !Array.isArray(s.parent));
    slot = fields.length ? prng.pick(fields) : undefined;
    if (slot) delete (slot.parent as Record<string, Json>)[String(slot.key)];
  } else {
    const strings = all.filter(
      (s) => typeof s.value === 'string' && !(typeof s.key === 'string' && IDENTITY.test(s.key)),
    );
    slot = strings.length ? prng.pick(strings) : undefined;
    if (slot) set(slot, kind === 'huge-string' ? HUGE : `${CONTROL}${String(slot.value)}`);
  }
  if (!slot) return undefined;
  return { ...same, body: JSON.stringify(json) };
}
