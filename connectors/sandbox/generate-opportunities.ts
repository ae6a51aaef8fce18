/**
 * Opportunities (open, won, lost) on accounts that have Salesforce Contacts: most converted Leads got one at
 * conversion, and further deals have 1-3 contact roles from the account. Accounts whose people are likely buyers (generate-propensity.ts) have more deals,
 * the likelier buyers hold the contact roles, and their deals are won more often. Afterwards the HubSpot
 * lifecycle stage of those people follows the deals (customer for a won deal, opportunity for an open one),
 * as HubSpot's Salesforce integration would show it.
 */
import type { SandboxOpportunity, SandboxPerson } from './dataset.ts';
import type { GeneratedCompany } from './generate-accounts.ts';
import { TiltedTable } from './generate-propensity.ts';
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
/** By the propensity of the deal's first contact: hot buyers' deals are won, cold ones' lost. */
const STATUS = new TiltedTable<SandboxOpportunity['status']>([
  ['open', 45, 0.2],
  ['won', 25, 0.8],
  ['lost', 30, -0.6],
]);
/** Deals per account follow exp(ACCOUNT_TILT × the mean propensity of its contacts). */
const ACCOUNT_TILT = 0.5;
/**
 * The propensity of a typical deal's first contact (measured, seed 42): statuses lean from there, so the
 * mix stays near 45 % open, 25 % won, 30 % lost.
 */
const DEAL_CENTER = 3;
/** A contact's chance of a role follows exp(ROLE_TILT × propensity). */
const ROLE_TILT = 1.5;
const PRODUCTS = ['Starter', 'Professional', 'Enterprise', 'Renewal', 'Add-on Seats', 'Services'];

/** Mean deals per account of one Contact before the propensity lean (it grows as contacts^0.6). */
const DEALS_PER_ACCOUNT = 0.2;

/** Indices of people holding a Salesforce Contact, grouped by their company's index. */
export type ContactsByCompany = Map<number, number[]>;

/** Share of converted Leads whose conversion created a deal (Salesforce's convert dialog does by default). */
const DEAL_AT_CONVERSION = 0.85;

interface DealWorld {
  readonly rng: Prng;
  readonly clock: SandboxClock;
  readonly people: SandboxPerson[];
  readonly propensity: Float64Array;
  readonly out: SandboxOpportunity[];
}

export function generateOpportunities(
  rng: Prng,
  clock: SandboxClock,
  companies: readonly GeneratedCompany[],
  people: SandboxPerson[],
  contactsByCompany: ContactsByCompany,
  propensity: Float64Array,
): SandboxOpportunity[] {
  const world: DealWorld = { rng, clock, people, propensity, out: [] };
  for (const [companyIndex, contacts] of contactsByCompany) {
    const company = companies[companyIndex];
    if (company === undefined) continue;
    for (const i of contacts) {
      const convertedAt = people[i]?.salesforceLead?.convertedAt;
      if (convertedAt && rng.chance(DEAL_AT_CONVERSION))
        addDeal(world, company, [i], Date.parse(convertedAt));
    }
    let sum = 0;
    for (const i of contacts) sum += propensity[i] ?? 0;
    const lean = Math.exp(ACCOUNT_TILT * (sum / contacts.length));
    const count = Math.min(8, rng.poisson(DEALS_PER_ACCOUNT * Math.pow(contacts.length, 0.6) * lean));
    for (let n = 0; n < count; n += 1) {
      const roles = pickContacts(rng, contacts, 1 + rng.int(Math.min(3, contacts.length)), propensity);
      // A deal starts after its first contact existed and within the last year.
      const contactCreatedMs = Date.parse(people[roles[0] ?? -1]?.salesforceContact?.createdAt ?? '');
      const drawnMs = clock.msAgo(rng.between(10 * DAY_MINUTES, 365 * DAY_MINUTES));
      addDeal(world, company, roles, Math.max(drawnMs, contactCreatedMs || drawnMs));
    }
  }
  return world.out;
}

/** One deal with `roles` as contact roles, its status leaning with the first contact's propensity. */
function addDeal(w: DealWorld, company: GeneratedCompany, roles: readonly number[], startMs: number): void {
  const { rng, clock, people } = w;
  const first = roles[0] ?? -1;
  const ownerId = people[first]?.salesforceContact?.ownerId;
  if (ownerId === undefined) return;
  const status = STATUS.draw(rng, (w.propensity[first] ?? 0) - DEAL_CENTER);
  const createdMs = Math.min(clock.nowMs - 60_000, startMs);
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
  w.out.push({
    key: `o${w.out.length + 1}`,
    name: `${company.record.name} - ${rng.pick(PRODUCTS)}`,
    companyKey: company.record.key,
    stageName: status === 'won' ? 'Closed Won' : status === 'lost' ? 'Closed Lost' : OPEN_STAGES.draw(rng),
    status,
    amount,
    createdAt: clock.iso(createdMs),
    closeDate: clock.iso(closeMs),
    ownerId,
    contactPersonKeys: roles.map((i) => people[i]?.key ?? ''),
  });
  for (const i of roles) followDeal(people[i], status);
}

/**
 * Distinct contacts, drawn without replacement with weight exp(ROLE_TILT × propensity) (an account's
 * contacts are few, so a scan per pick is cheap).
 */
function pickContacts(rng: Prng, contacts: readonly number[], k: number, propensity: Float64Array): number[] {
  const pool = [...contacts];
  const weights = pool.map((i) => Math.exp(ROLE_TILT * (propensity[i] ?? 0)));
  const picked: number[] = [];
  for (let n = 0; n < k && pool.length > 0; n += 1) {
    let total = 0;
    for (const w of weights) total += w;
    let target = rng.next() * total;
    let at = pool.length - 1;
    for (let j = 0; j < pool.length; j += 1) {
      target -= weights[j] ?? 0;
      if (target < 0) {
        at = j;
        break;
      }
    }
    picked.push(pool[at] ?? 0);
    pool[at] = pool[pool.length - 1] ?? 0;
    weights[at] = weights[weights.length - 1] ?? 0;
    pool.pop();
    weights.pop();
  }
  return picked;
}

function followDeal(person: SandboxPerson | undefined, status: SandboxOpportunity['status']): void {
  const hubspot = person?.hubspot;
  if (hubspot === undefined) return;
  if (status === 'won') hubspot.lifecyclestage = 'customer';
  else if (status === 'open' && hubspot.lifecyclestage !== 'customer') hubspot.lifecyclestage = 'opportunity';
}
