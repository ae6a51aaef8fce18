/**
 * Opportunities (open, won, lost) on accounts that have Salesforce Contacts, each with 1-3 contact roles
 * from that account. Afterwards the HubSpot lifecycle stage of those people follows the deals (customer
 * for a won deal, opportunity for an open one), as HubSpot's Salesforce integration would show it.
 */
import type { SandboxOpportunity, SandboxPerson } from './dataset.ts';
import type { GeneratedCompany } from './generate-accounts.ts';
import type { Prng } from './prng.ts';
import { WeightedTable } from './prng.ts';
import { DAY_MINUTES, type SandboxClock } from './sandbox-clock.ts';

const OPEN_STAGES = new WeightedTable([
  ['Prospecting', 20],
  ['Qualification', 20],
  ['Needs Analysis', 15],
  ['Value Proposition', 12],
  ['Id. Decision Makers', 8],
  ['Perception Analysis', 5],
  ['Proposal/Price Quote', 12],
  ['Negotiation/Review', 8],
]);
const STATUS = new WeightedTable<SandboxOpportunity['status']>([
  ['open', 45],
  ['won', 25],
  ['lost', 30],
]);
const PRODUCTS = ['Starter', 'Professional', 'Enterprise', 'Renewal', 'Add-on Seats', 'Services'];

/** Indices of people holding a Salesforce Contact, grouped by their company's index. */
export type ContactsByCompany = Map<number, number[]>;

export function generateOpportunities(
  rng: Prng,
  clock: SandboxClock,
  companies: readonly GeneratedCompany[],
  people: SandboxPerson[],
  contactsByCompany: ContactsByCompany,
): SandboxOpportunity[] {
  const opportunities: SandboxOpportunity[] = [];
  for (const [companyIndex, contacts] of contactsByCompany) {
    const company = companies[companyIndex];
    if (company === undefined) continue;
    const count = Math.min(8, rng.poisson(0.45 * Math.pow(contacts.length, 0.6)));
    for (let n = 0; n < count; n += 1) {
      const roles = pickContacts(rng, contacts, 1 + rng.int(Math.min(3, contacts.length)));
      const first = people[roles[0] ?? -1];
      const ownerId = first?.salesforceContact?.ownerId;
      if (first === undefined || ownerId === undefined) continue;
      const status = STATUS.draw(rng);
      // A deal starts after its first contact existed and within the last year.
      const contactCreatedMs = Date.parse(first.salesforceContact?.createdAt ?? '');
      const drawnMs = clock.msAgo(rng.between(10 * DAY_MINUTES, 365 * DAY_MINUTES));
      const createdMs = Math.min(clock.nowMs - 60_000, Math.max(drawnMs, contactCreatedMs || drawnMs));
      const cycleMs = rng.between(15, 150) * DAY_MINUTES * 60_000;
      // Closed deals closed in the past; open ones are forecast to close in the next months.
      const closeMs =
        status === 'open'
          ? clock.nowMs + rng.between(7, 150) * DAY_MINUTES * 60_000
          : Math.max(createdMs, Math.min(createdMs + cycleMs, clock.msAgo(rng.int(5 * DAY_MINUTES))));
      const employees = company.record.numberOfEmployees ?? 50;
      const amount = rng.chance(0.05)
        ? null
        : Math.round(rng.logNormal(Math.log(8000 + employees * 15), 0.6) / 100) * 100;
      opportunities.push({
        key: `o${opportunities.length + 1}`,
        name: `${company.record.name} - ${rng.pick(PRODUCTS)}`,
        companyKey: company.record.key,
        stageName:
          status === 'won' ? 'Closed Won' : status === 'lost' ? 'Closed Lost' : OPEN_STAGES.draw(rng),
        status,
        amount,
        createdAt: clock.iso(createdMs),
        closeDate: clock.iso(closeMs),
        ownerId,
        contactPersonKeys: roles.map((i) => people[i]?.key ?? ''),
      });
      for (const i of roles) followDeal(people[i], status);
    }
  }
  return opportunities;
}

/** Distinct contacts, drawn without replacement (small lists, so a partial shuffle is cheap). */
function pickContacts(rng: Prng, contacts: readonly number[], k: number): number[] {
  const pool = [...contacts];
  const picked: number[] = [];
  for (let i = 0; i < k && pool.length > 0; i += 1) {
    const at = rng.int(pool.length);
    picked.push(pool[at] ?? 0);
    pool[at] = pool[pool.length - 1] ?? 0;
    pool.pop();
  }
  return picked;
}

function followDeal(person: SandboxPerson | undefined, status: SandboxOpportunity['status']): void {
  const hubspot = person?.hubspot;
  if (hubspot === undefined) return;
  if (status === 'won') hubspot.lifecyclestage = 'customer';
  else if (status === 'open' && hubspot.lifecyclestage !== 'customer') hubspot.lifecyclestage = 'opportunity';
}
