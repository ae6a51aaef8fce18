/**
 * `sync.include.hubspot` applied to contacts as they are read. The pulls use the list endpoint (no
 * filters) and lastmodifieddate search windows, so the filter is evaluated here on the properties each
 * contact came back with, the filter's own properties added to every read. A contact outside leaves the
 * connector as a deletion marked `excluded` (src/sync/excluded-records.ts), the way the Salesforce
 * connector reports records outside its WHERE fragment: one that leaves the filter is unlinked and never
 * recreated, and one nobody holds blocks a hand-off create for its email.
 */
import type { HubSpotFilter, HubSpotInclude } from '../../src/config/include.ts';
import type { Page, PersonRecord } from '../../src/domain/person.ts';
import type { WriteOutcome } from '../../src/domain/write.ts';
import { SyncError } from '../../src/lib/errors.ts';

type Value = PersonRecord['fields'][string] | undefined;

const text = (v: Value): string => (v === null || v === undefined ? '' : String(v).trim().toLowerCase());

/** Numbers, or instants as epoch milliseconds (HubSpot date properties answer ISO strings). */
function numberOf(v: Value): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean' || v === null || v === undefined || v === '') return null;
  const n = Number(v);
  if (Number.isFinite(n)) return n;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? null : ms;
}

function holds(filter: HubSpotFilter, fields: PersonRecord['fields']): boolean {
  const actual = fields[filter.propertyName];
  const present = text(actual) !== '';
  switch (filter.operator) {
    case 'HAS_PROPERTY':
      return present;
    case 'NOT_HAS_PROPERTY':
      return !present;
    case 'IN':
      return present && filter.values.some((v) => text(v) === text(actual));
    case 'NOT_IN':
      return !filter.values.some((v) => text(v) === text(actual));
    case 'EQ':
      return text(filter.value) === text(actual);
    case 'NEQ':
      return text(filter.value) !== text(actual);
    case 'LT':
    case 'LTE':
    case 'GT':
    case 'GTE': {
      const a = numberOf(actual);
      const b = numberOf(filter.value);
      if (a === null || b === null) return false;
      return filter.operator === 'LT'
        ? a < b
        : filter.operator === 'LTE'
          ? a <= b
          : filter.operator === 'GT'
            ? a > b
            : a >= b;
    }
    default: {
      const never: never = filter;
      return never;
    }
  }
}

export function insideInclude(include: HubSpotInclude, fields: PersonRecord['fields']): boolean {
  return include.filterGroups.some((g) => g.filters.every((f) => holds(f, fields)));
}

export const includeProperties = (include: HubSpotInclude): string[] => [
  ...new Set(include.filterGroups.flatMap((g) => g.filters.map((f) => f.propertyName))),
];

/** A filter on a property the portal lacks would hold for nobody (or everybody): stop and name it. */
export function checkIncludeProperties(include: HubSpotInclude, known: ReadonlySet<string>): void {
  include.filterGroups.forEach((g, gi) =>
    g.filters.forEach((f, fi) => {
      if (known.has(f.propertyName)) return;
      const at = `sync.include.hubspot.filterGroups[${gi}].filters[${fi}].propertyName`;
      throw new SyncError(
        'config',
        'HUBSPOT_INCLUDE_INVALID',
        `${at}: HubSpot contacts have no property "${f.propertyName}"`,
        { property: f.propertyName, path: at },
      );
    }),
  );
}

/** A pulled record outside the filter becomes an excluded deletion; deletions pass as they are. */
export function applyInclude(include: HubSpotInclude, record: PersonRecord): PersonRecord {
  if (record.deleted || insideInclude(include, record.fields)) return record;
  return { ...record, deleted: true, excluded: true };
}

/** A pull's pages with the filter applied, its properties checked against the portal's first. */
export async function* includePages(
  include: HubSpotInclude,
  known: () => Promise<ReadonlySet<string>>,
  pages: AsyncIterable<Page<PersonRecord>>,
): AsyncGenerator<Page<PersonRecord>> {
  checkIncludeProperties(include, await known());
  for await (const page of pages) yield { ...page, items: page.items.map((r) => applyInclude(include, r)) };
}

/**
 * A hand-off create HubSpot refused because a contact already holds the email (`409 ... Existing ID: N`)
 * names that contact so the engine links to it and writes there; when the contact lies outside the filter
 * it must stay untouched, so the refusal stays a plain record failure, without `existing`.
 */
export async function hideOutsideExisting(
  outcomes: readonly WriteOutcome[],
  notFound: (ids: readonly string[]) => Promise<readonly string[]>,
): Promise<WriteOutcome[]> {
  const named = outcomes.flatMap((o) => (!o.ok && o.existing ? [o.existing.id] : []));
  if (named.length === 0) return [...outcomes];
  const outside = new Set(await notFound(named));
  return outcomes.map((o) =>
    !o.ok && o.existing && outside.has(o.existing.id)
      ? {
          ok: false,
          key: o.key,
          failure: {
            kind: 'record',
            retryable: false,
            code: 'HUBSPOT_OUTSIDE_INCLUDE',
            message: `HubSpot contact ${o.existing.id} already holds this person and is outside sync.include.hubspot: left untouched`,
            fields: [],
          },
        }
      : o,
  );
}
