/**
 * One generated person's identity: name, email, title, company, country, source and consent flags, plus
 * where they live (presence). Includes the mess real CRMs hold: junk sign-ups, competitors, and the same
 * address entered twice with different letter case.
 */
import type { SandboxPerson } from './dataset.ts';
import { COUNTRY_TABLE, type Country, type GeneratedCompany } from './generate-accounts.ts';
import { fitTruth } from './generate-propensity.ts';
import { PRESENCE_MIX, type Presence } from './presence.ts';
import type { Prng } from './prng.ts';
import { WeightedTable } from './prng.ts';
import {
  COMPETITOR_DOMAINS,
  FREE_MAIL_DOMAINS,
  JUNK_PEOPLE,
  LEAD_SOURCES,
  NAME_POOLS,
  TITLES,
} from './vocabulary-people.ts';

const TITLE_TABLE = new WeightedTable(TITLES);
const SOURCE_TABLE = new WeightedTable(LEAD_SOURCES);
const JUNK_PRESENCE = new WeightedTable<Presence>([
  ['hubspot', 6],
  ['hubspot+lead', 2],
  ['lead', 2],
]);

export const JUNK_RATE = 0.003;
export const COMPETITOR_RATE = 0.001;
export const CASE_DUPLICATE_RATE = 0.006;
/** Junk sign-ups never buy. */
const JUNK_FIT = -4;
/** How much intent follows fit: ideal customers are more often looking. Intent has mean 0 and variance ≈ 1.45. */
const INTENT_FROM_FIT = 0.7;
/** Mean fit of the generated population (measured at seed 42, 20,000 people). */
const FIT_MEAN = 0.5;

/**
 * How much being further down the funnel (a Lead, a converted Lead, a Contact) follows fit + intent, per
 * presence; each weight is divided by its mean over the population (fit + intent measured at mean
 * LATENT_MEAN, standard deviation LATENT_SD at seed 42, 20,000 people) so the mix stays PRESENCE_MIX.
 */
const PRESENCE_TILT: Record<Presence, number> = {
  hubspot: -0.35,
  'hubspot+lead': 0,
  lead: -0.2,
  converted: 0.9,
  contact: 0.35,
  'hubspot+contact': 0.5,
};
const LATENT_MEAN = 0.5;
const LATENT_SD = 1.8;

const TILTED_MIX = PRESENCE_MIX.map(([presence, share]) => {
  const beta = PRESENCE_TILT[presence];
  const mean = Math.exp(beta * LATENT_MEAN + (beta * beta * LATENT_SD * LATENT_SD) / 2);
  return { presence, beta, share: share / mean };
});

/** The presence mix tilted by the person's latent propensity: hot people are more often converted. */
function drawPresence(rng: Prng, latent: number): Presence {
  let total = 0;
  for (const t of TILTED_MIX) total += t.share * Math.exp(t.beta * latent);
  let target = rng.next() * total;
  for (const t of TILTED_MIX) {
    target -= t.share * Math.exp(t.beta * latent);
    if (target < 0) return t.presence;
  }
  return 'hubspot';
}

export interface PersonWorld {
  readonly rng: Prng;
  readonly companies: readonly GeneratedCompany[];
  readonly companyTable: WeightedTable<number>;
  /** Lower-cased emails already used: HubSpot keys contacts by email, so only deliberate duplicates repeat. */
  readonly usedEmails: Set<string>;
  /** How often each junk template was used (`test@test.com`, then `test+1@test.com`, ...). */
  readonly junkUses: number[];
  readonly people: readonly SandboxPerson[];
}

export interface Identity {
  /** The person without CRM presences (those need the activity span, added later). */
  readonly person: SandboxPerson;
  readonly presence: Presence;
  /** In HubSpot too: always for `hubspot*` presences, for some converted Leads. */
  readonly inHubSpot: boolean;
  readonly junk: boolean;
  readonly country: Country | null;
  /** HubSpot/Salesforce lead source values. */
  readonly source: { hubspot: string; salesforce: string };
  /** True fit in log-odds (`fitTruth`). */
  readonly fit: number;
  /** How much the person is in a buying cycle: drives behaviour (log-normal factor, hot share, recency). */
  readonly intent: number;
}

const asciiCache = new Map<string, string>();
/** `Jürgen` → `juergen`-like ASCII for email local parts (diacritics dropped, spaces removed). */
function ascii(name: string): string {
  let out = asciiCache.get(name);
  if (out === undefined) {
    out = name
      .toLowerCase()
      .replace(/ß/g, 'ss')
      .replace(/ł/g, 'l')
      .normalize('NFD')
      .replace(/[^a-z]/g, '');
    asciiCache.set(name, out);
  }
  return out;
}

/** The same address with different letter case: `John.Smith@Acme.com` for `john.smith@acme.com`. */
export function recase(email: string): string {
  if (email !== email.toLowerCase()) return email.toLowerCase();
  const capitalised = email.replace(
    /(^|[.@])([a-z])/g,
    (_m, sep: string, c: string) => sep + c.toUpperCase(),
  );
  return capitalised === email ? email.toUpperCase() : capitalised;
}

/** Makes `local@domain` unique (case-insensitively) by appending a number to the local part. */
function uniqueEmail(world: PersonWorld, local: string, domain: string): string {
  let email = `${local}@${domain}`;
  for (let n = 2; world.usedEmails.has(email); n += 1) email = `${local}${n}@${domain}`;
  world.usedEmails.add(email);
  return email;
}

function companyLocalPart(rng: Prng, first: string, last: string): string {
  const f = ascii(first);
  const l = ascii(last);
  const roll = rng.next();
  if (roll < 0.6) return `${f}.${l}`;
  if (roll < 0.75) return `${f.charAt(0)}.${l}`;
  if (roll < 0.85) return `${f}${l.charAt(0)}`;
  if (roll < 0.95) return `${f.charAt(0)}${l}`;
  return f;
}

export function drawIdentity(world: PersonWorld, index: number): Identity {
  const { rng } = world;
  const key = `p${index + 1}`;
  const source = SOURCE_TABLE.draw(rng);
  const flags = { optedOutOfEmail: rng.chance(0.06), doNotCall: rng.chance(0.03) };

  const roll = rng.next();
  if (roll < CASE_DUPLICATE_RATE && world.people.length > 10) {
    const original = world.people[rng.int(world.people.length)];
    if (original?.email) {
      // Entered again by hand in Salesforce: same person, same company, different case.
      const { hubspot: _h, salesforceLead: _l, salesforceContact: _c, ...identity } = original;
      const person = { ...identity, key, email: recase(original.email), ...flags };
      // Typed in again by hand: a Lead nobody works, whatever the original was worth.
      const copy = { presence: 'lead', inHubSpot: false, junk: false, country: null } as const;
      return { person, ...copy, source, fit: 0, intent: rng.normal() - 1 };
    }
  }
  if (roll > 1 - JUNK_RATE) {
    const t = rng.int(JUNK_PEOPLE.length);
    const template = JUNK_PEOPLE[t] ?? JUNK_PEOPLE[0];
    const uses = world.junkUses[t] ?? 0;
    world.junkUses[t] = uses + 1;
    const [local, domain] = (template?.email ?? 'test@test.com').split('@');
    const email = uses === 0 ? `${local}@${domain}` : `${local}+${uses}@${domain}`;
    world.usedEmails.add(email);
    const person: SandboxPerson = {
      key,
      firstName: template?.firstName ?? 'Test',
      lastName: template?.lastName ?? 'Test',
      email,
      jobTitle: template?.jobTitle ?? null,
      leadSource: source.hubspot,
      ...flags,
    };
    const presence = JUNK_PRESENCE.draw(rng);
    const inHubSpot = presence.startsWith('hubspot');
    return { person, presence, inHubSpot, junk: true, country: null, source, fit: JUNK_FIT, intent: -1 };
  }

  const title = TITLE_TABLE.draw(rng);
  const student = /student|intern/i.test(title);
  const drawnCompany = rng.chance(student ? 0.4 : 0.93)
    ? world.companies[world.companyTable.draw(rng)]
    : undefined;
  const wantsFreeMail = rng.chance(student ? 0.5 : 0.1);
  const purchasedList = source.hubspot === 'OFFLINE_PURCHASED_LIST';
  const fitOf = (c: GeneratedCompany | undefined, freeMail: boolean): number =>
    fitTruth({
      title,
      employees: c?.record.numberOfEmployees ?? null,
      industry: c?.record.industry ?? null,
      freeMail,
      purchasedList,
    });
  // Well-fitting people are more often in a buying cycle; intent then drives both behaviour and how far
  // down the funnel the person already is.
  const drawnFit = fitOf(drawnCompany, !drawnCompany || wantsFreeMail);
  const intent = INTENT_FROM_FIT * (drawnFit - FIT_MEAN) + rng.normal();
  const presence = drawPresence(rng, drawnFit + intent);
  const inHubSpot = presence.startsWith('hubspot') || (presence === 'converted' && rng.chance(0.6));
  const hasContact = presence === 'converted' || presence.endsWith('contact');
  // A Contact always has an Account.
  const company = drawnCompany ?? (hasContact ? world.companies[world.companyTable.draw(rng)] : undefined);
  const country = company && rng.chance(0.92) ? company.country : COUNTRY_TABLE.draw(rng);
  const pool = NAME_POOLS[rng.chance(0.85) ? country.pool : 'english'];
  const firstName = rng.pick(pool.first);
  const lastName = rng.pick(pool.last);

  let email: string | null;
  const competitor = roll > 1 - JUNK_RATE - COMPETITOR_RATE;
  if (competitor) {
    email = uniqueEmail(world, `${ascii(firstName)}.${ascii(lastName)}`, rng.pick(COMPETITOR_DOMAINS));
  } else if (!inHubSpot && rng.chance(0.03)) {
    email = null;
  } else if (company && !wantsFreeMail) {
    email = uniqueEmail(world, companyLocalPart(rng, firstName, lastName), company.domain);
  } else {
    const local = `${ascii(firstName)}.${ascii(lastName)}${rng.chance(0.6) ? rng.between(1, 99) : ''}`;
    email = uniqueEmail(world, local, rng.pick(FREE_MAIL_DOMAINS));
  }

  const person: SandboxPerson = {
    key,
    firstName,
    lastName,
    email,
    jobTitle: title === '' ? null : title,
    phone: rng.chance(0.55)
      ? `${country.phone} ${rng.between(100, 999)} ${rng.between(1_000_000, 9_999_999)}`
      : null,
    companyKey: company?.record.key ?? null,
    leadSource: source.hubspot,
    country: rng.chance(0.9) ? country.name : null,
    ...flags,
  };
  const freeMail = email !== null && !competitor && !(company && !wantsFreeMail);
  const fit = fitOf(company, freeMail);
  return { person, presence, inHubSpot, junk: false, country, source, fit, intent };
}
