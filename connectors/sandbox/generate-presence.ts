/**
 * The CRM records behind a person: the HubSpot contact, the Salesforce Lead (open, worked, closed or
 * converted) and the Contact it became. Created/updated times are consistent with the activities: a
 * record exists before its first activity and was last modified no earlier than its last one.
 */
import type { SandboxPerson } from './dataset.ts';
import type { ActivitySpan } from './generate-activities.ts';
import type { GeneratedUsers } from './generate-accounts.ts';
import type { Identity } from './generate-person.ts';
import { TiltedTable } from './generate-propensity.ts';
import type { Prng } from './prng.ts';
import { DAY_MINUTES, type SandboxClock } from './sandbox-clock.ts';
import { PREFERRED_LANGUAGES } from './vocabulary-people.ts';

/** The standard Salesforce Lead Status picklist values (org data, seeded like a fresh org's). */
export const LEAD_STATUSES = {
  open: 'Open - Not Contacted',
  working: 'Working - Contacted',
  converted: 'Closed - Converted',
  notConverted: 'Closed - Not Converted',
} as const;

/** Sales works the hot Leads and rejects the cold ones (weight, lean with the propensity). */
const OPEN_LEAD_STATUS = new TiltedTable<string>([
  [LEAD_STATUSES.open, 45, 0],
  [LEAD_STATUSES.working, 30, 0.6],
  [LEAD_STATUSES.notConverted, 25, -0.6],
]);
/** HubSpot's default `hs_lead_status` options, mirrored from the Salesforce status when there is a Lead. */
const HS_LEAD_STATUS: Record<string, string> = {
  [LEAD_STATUSES.open]: 'NEW',
  [LEAD_STATUSES.working]: 'IN_PROGRESS',
  [LEAD_STATUSES.converted]: 'CONNECTED',
  [LEAD_STATUSES.notConverted]: 'UNQUALIFIED',
};
const HUBSPOT_ONLY_LEAD_STATUS = ['NEW', 'OPEN', 'ATTEMPTED_TO_CONTACT', 'BAD_TIMING'];
const STAGE_HUBSPOT_ONLY = new TiltedTable([
  ['subscriber', 35, -0.5],
  ['lead', 50, 0],
  ['marketingqualifiedlead', 15, 0.7],
]);
const STAGE_WITH_LEAD = new TiltedTable([
  ['lead', 45, -0.4],
  ['marketingqualifiedlead', 35, 0],
  ['salesqualifiedlead', 20, 0.7],
]);

/** How far back record creation dates go. */
export const RECORD_HISTORY_DAYS = 3 * 365 + 3;

/** Records older than the activity window: created up to three years ago, most of them recently. */
function createdMinutesAgo(rng: Prng, oldestActivity: number): number {
  const drawn = Math.min(3 * 365 * DAY_MINUTES, Math.floor(rng.exponential(300 * DAY_MINUTES)));
  return oldestActivity < 0 ? drawn : Math.max(drawn, oldestActivity + rng.between(5, 2 * DAY_MINUTES));
}

/** Last modified at (or shortly after) the newest activity, else some time since creation. */
function updatedMinutesAgo(rng: Prng, created: number, newestActivity: number): number {
  if (newestActivity >= 0) return Math.max(0, newestActivity - rng.int(120));
  return rng.int(created + 1);
}

function owner(rng: Prng, users: GeneratedUsers, status: string): string {
  if (status === LEAD_STATUSES.open && rng.chance(0.25)) return rng.pick(users.roundRobin);
  if (users.inactive.length > 0 && rng.chance(0.03)) return rng.pick(users.inactive);
  return rng.pick(users.reps);
}

/** Returns the person with `hubspot`, `salesforceLead` and `salesforceContact` set as its presence says. */
export function attachPresences(
  rng: Prng,
  clock: SandboxClock,
  users: GeneratedUsers,
  identity: Identity,
  span: ActivitySpan,
  propensity: number,
): SandboxPerson {
  const { person, presence, source } = identity;
  const language = rng.chance(0.35)
    ? null
    : rng.chance(0.85)
      ? (identity.country?.language ?? 'en')
      : rng.pick(PREFERRED_LANGUAGES);
  const hasLead = presence === 'lead' || presence === 'hubspot+lead' || presence === 'converted';
  const hasContact = presence === 'converted' || presence === 'contact' || presence === 'hubspot+contact';

  let lead: SandboxPerson['salesforceLead'];
  let contact: SandboxPerson['salesforceContact'];
  const fields = { LeadSource: source.salesforce, Preferred_Language__c: language };
  if (hasLead) {
    const created = createdMinutesAgo(rng, span.salesforceOldest);
    const status =
      presence === 'converted' ? LEAD_STATUSES.converted : OPEN_LEAD_STATUS.draw(rng, propensity);
    const ownerId = owner(rng, users, status);
    let updated = updatedMinutesAgo(rng, created, span.salesforceNewest);
    let convertedAt: string | null = null;
    if (presence === 'converted') {
      const converted = rng.int(created + 1);
      updated = Math.min(updated, converted);
      convertedAt = clock.minutesAgo(converted);
      contact = {
        createdAt: convertedAt,
        updatedAt: clock.minutesAgo(
          Math.min(converted, updatedMinutesAgo(rng, converted, span.salesforceNewest)),
        ),
        ownerId,
        fields,
      };
    }
    lead = {
      createdAt: clock.minutesAgo(created),
      updatedAt: clock.minutesAgo(updated),
      status,
      ownerId,
      isConverted: presence === 'converted',
      convertedAt,
      fields,
    };
  } else if (hasContact) {
    const created = createdMinutesAgo(rng, span.salesforceOldest);
    contact = {
      createdAt: clock.minutesAgo(created),
      updatedAt: clock.minutesAgo(updatedMinutesAgo(rng, created, span.salesforceNewest)),
      ownerId: owner(rng, users, ''),
      fields,
    };
  }

  // Identity objects are fresh per person, so they are completed in place (no copy per person).
  const result: SandboxPerson = person;
  if (identity.inHubSpot) {
    const created = createdMinutesAgo(rng, span.hubspotOldest);
    const stage = hasContact
      ? 'salesqualifiedlead'
      : hasLead
        ? STAGE_WITH_LEAD.draw(rng, propensity)
        : STAGE_HUBSPOT_ONLY.draw(rng, propensity);
    const leadStatus = lead
      ? HS_LEAD_STATUS[lead.status]
      : rng.chance(0.3)
        ? rng.pick(HUBSPOT_ONLY_LEAD_STATUS)
        : null;
    result.hubspot = {
      createdAt: clock.minutesAgo(created),
      updatedAt: clock.minutesAgo(updatedMinutesAgo(rng, created, span.hubspotNewest)),
      lifecyclestage: stage,
      hs_lead_status: leadStatus ?? null,
      properties: { hs_analytics_source: source.hubspot, preferred_language: language },
    };
  }
  if (lead) result.salesforceLead = lead;
  if (contact) result.salesforceContact = contact;
  return result;
}
