/**
 * Contact merges and permanent (GDPR) deletes, as the portal applies them. Sources and what is assumed:
 * the sandbox README ("Merges", "GDPR deletes").
 *
 * A merge keeps the primary (or, with `newId`, makes a new record of both, as HubSpot's newer merges do):
 * the primary's values win, the secondary's fill what the primary lacks, the primary's email stays and the
 * secondary's joins `hs_additional_emails`, the lifecycle stage furthest down the funnel is kept, and
 * `hs_merged_object_ids` lists every id merged in. Merged-away ids leave lists, search and the archive;
 * reading one by id answers with the survivor; its email stays taken by the survivor. A GDPR delete
 * removes the record for good: not in the archive, reads and writes answer not found.
 */
import type { ChangeSource, PortalState } from './hubspot-store.ts';
import type { ObjectRow } from './object-row.ts';

/** HubSpot's default lifecycle stages, earliest first ("the stage furthest down the funnel is kept"). */
const FUNNEL = [
  'other',
  'subscriber',
  'lead',
  'marketingqualifiedlead',
  'salesqualifiedlead',
  'opportunity',
  'customer',
  'evangelist',
];

const SPECIAL = new Set(['email', 'lifecyclestage', 'hs_merged_object_ids', 'hs_additional_emails']);

const list = (value: string | undefined): string[] => (value ? value.split(';').filter((v) => v !== '') : []);

/** What the surviving record holds after `secondary` is merged into `primary`. */
export function mergedProperties(
  primary: ObjectRow,
  secondary: ObjectRow,
  mergedIds: readonly number[],
): Record<string, string> {
  const props: Record<string, string> = { ...primary.props };
  for (const [name, value] of Object.entries(secondary.props))
    if (!SPECIAL.has(name) && props[name] === undefined) props[name] = value;
  const stages = [primary.props.lifecyclestage, secondary.props.lifecyclestage].filter(
    (s): s is string => s !== undefined,
  );
  const furthest = stages.sort((a, b) => FUNNEL.indexOf(b) - FUNNEL.indexOf(a))[0];
  if (furthest !== undefined) props.lifecyclestage = furthest;
  const email = primary.props.email ?? secondary.props.email;
  if (email !== undefined) props.email = email;
  const additional = [
    ...list(primary.props.hs_additional_emails),
    ...list(secondary.props.hs_additional_emails),
    ...[primary.props.email, secondary.props.email].filter(
      (e): e is string => e !== undefined && e !== email,
    ),
  ];
  if (additional.length > 0) props.hs_additional_emails = [...new Set(additional)].join(';');
  const ids = [
    ...list(primary.props.hs_merged_object_ids),
    ...list(secondary.props.hs_merged_object_ids),
    ...mergedIds.map(String),
  ];
  props.hs_merged_object_ids = [...new Set(ids)].join(';');
  return props;
}

export interface MergeOptions {
  /** Make a new record of both (both old ids then read as it), instead of keeping the primary's id. */
  readonly newId?: boolean;
}

/** Merges `secondary` into `primary`; answers the surviving record. Both must be live contacts. */
export function mergeContacts(
  state: PortalState,
  primary: ObjectRow,
  secondary: ObjectRow,
  source: ChangeSource,
  options: MergeOptions = {},
  atMs = state.nowMs(),
): ObjectRow {
  const store = state.objects.contacts;
  const gone = options.newId ? [primary, secondary] : [secondary];
  const props = mergedProperties(
    primary,
    secondary,
    gone.map((r) => r.id),
  );
  let survivor = primary;
  if (options.newId) survivor = store.insert(props, primary.createdMs, atMs, atMs);
  else {
    // Only additions: the primary's own values all survive.
    store.applyChanges(primary, props, atMs, atMs);
    store.touch(primary, atMs, atMs);
  }
  for (const row of gone) {
    state.associations.reassign('contacts', row.id, survivor.id);
    store.purge(row, atMs, survivor);
  }
  for (const [key, id] of state.personKeys)
    if (gone.some((r) => r.id === id)) state.personKeys.set(key, survivor.id);
  state.emit([
    ...gone.map((row) => ({
      objectType: 'contacts' as const,
      objectId: row.id,
      kind: 'deletion' as const,
      occurredAtMs: atMs,
      ...source,
    })),
    ...(options.newId
      ? [
          {
            objectType: 'contacts' as const,
            objectId: survivor.id,
            kind: 'creation' as const,
            occurredAtMs: atMs,
            ...source,
          },
        ]
      : []),
  ]);
  return survivor;
}

/** Deletes a contact for good (`POST /crm/v3/objects/contacts/gdpr-delete`), archived or not. */
export function purgeContact(
  state: PortalState,
  row: ObjectRow,
  source: ChangeSource,
  atMs = state.nowMs(),
): void {
  state.associations.drop('contacts', row.id);
  state.objects.contacts.purge(row, atMs);
  state.emit([{ objectType: 'contacts', objectId: row.id, kind: 'deletion', occurredAtMs: atMs, ...source }]);
}
