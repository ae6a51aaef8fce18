/**
 * Where a person lives: which of HubSpot, Salesforce Lead and Salesforce Contact hold a record for them.
 * The generator draws from `PRESENCE_MIX`; tests and the CLI summary classify a dataset with `presenceOf`.
 */
import type { SandboxPerson } from './dataset.ts';

export const PRESENCES = [
  'hubspot',
  'hubspot+lead',
  'lead',
  'converted',
  'contact',
  'hubspot+contact',
] as const;
export type Presence = (typeof PRESENCES)[number];

/** Target shares: HubSpot-only 40 %, HubSpot + Lead 30 %, Lead-only 10 %, converted 8 %, Contact-only 7 %. */
export const PRESENCE_MIX: readonly (readonly [Presence, number])[] = [
  ['hubspot', 0.4],
  ['hubspot+lead', 0.3],
  ['lead', 0.1],
  ['converted', 0.08],
  ['contact', 0.07],
  ['hubspot+contact', 0.05],
];

/**
 * Classifies a person. A converted Lead with its Contact counts as `converted` whether or not the
 * person is also in HubSpot; `null` means the person is in no CRM (invalid in a dataset).
 */
export function presenceOf(person: SandboxPerson): Presence | null {
  const inHubSpot = person.hubspot !== undefined;
  const lead = person.salesforceLead;
  const contact = person.salesforceContact;
  if (lead?.isConverted === true && contact !== undefined) return 'converted';
  if (contact !== undefined) return inHubSpot ? 'hubspot+contact' : 'contact';
  if (lead !== undefined) return inHubSpot ? 'hubspot+lead' : 'lead';
  return inHubSpot ? 'hubspot' : null;
}

/** Counts per presence, for summaries and distribution checks. */
export function countPresences(people: Iterable<SandboxPerson>): Record<Presence | 'none', number> {
  const counts: Record<Presence | 'none', number> = {
    hubspot: 0,
    'hubspot+lead': 0,
    lead: 0,
    converted: 0,
    contact: 0,
    'hubspot+contact': 0,
    none: 0,
  };
  for (const person of people) counts[presenceOf(person) ?? 'none'] += 1;
  return counts;
}
