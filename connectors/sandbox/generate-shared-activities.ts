/**
 * Salesforce Shared Activities in generated worlds: a share of the Tasks and Events on a Contact also
 * relate to 1-3 more Contacts of the same account (a call or meeting with several people of one buyer),
 * so 2-4 people each. Drawn after everything else from a stream of its own, so a world's other figures
 * are those it had before shared activities existed.
 */
import type { SandboxActivity, SandboxPerson } from './dataset.ts';
import type { ContactsByCompany } from './generate-opportunities.ts';
import type { Prng } from './prng.ts';
import { salesforceActivityObject } from './salesforce-activity-object.ts';

/** Share of eligible Tasks and Events (primary a Contact whose account has other Contacts) that are shared. */
export const SHARED_ACTIVITY_SHARE = 0.15;
const MAX_EXTRA_PEOPLE = 3;

export function shareActivities(
  rng: Prng,
  activities: SandboxActivity[],
  people: readonly SandboxPerson[],
  contactsByCompany: ContactsByCompany,
  companyIndex: ReadonlyMap<string, number>,
): void {
  const personAt = new Map(people.map((p, i) => [p.key, i]));
  for (const a of activities) {
    if (a.crm !== 'salesforce' || salesforceActivityObject(a) === 'CampaignMember') continue;
    const at = personAt.get(a.personKey);
    const person = at === undefined ? undefined : people[at];
    if (!person?.salesforceContact || !person.companyKey) continue;
    const company = companyIndex.get(person.companyKey);
    const colleagues: string[] = [];
    for (const i of company === undefined ? [] : (contactsByCompany.get(company) ?? [])) {
      const other = people[i];
      if (i === at || !other?.salesforceContact) continue;
      // Only people already in Salesforce when the call or meeting happened.
      if (other.salesforceContact.createdAt <= a.occurredAt) colleagues.push(other.key);
    }
    if (colleagues.length === 0 || !rng.chance(SHARED_ACTIVITY_SHARE)) continue;
    const extra = 1 + rng.int(Math.min(MAX_EXTRA_PEOPLE, colleagues.length));
    const keys: string[] = [];
    for (let n = 0; n < extra; n += 1) {
      const pick = rng.int(colleagues.length);
      keys.push(colleagues[pick] ?? '');
      colleagues[pick] = colleagues[colleagues.length - 1] ?? '';
      colleagues.pop();
    }
    a.relatedPersonKeys = keys;
  }
}
