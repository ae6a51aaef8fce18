/**
 * The seeded sandbox generator: one consistent world for both sandbox CRMs. Same seed and same `now`,
 * byte-identical dataset. Without `now`, the world is anchored at today's UTC midnight, so the 180 days of
 * activities stay recent (decay matters) and runs on the same day still agree.
 */
import type { SandboxActivity, SandboxDataset, SandboxPerson } from './dataset.ts';
import { companyTable, generateCompanies, generateUsers } from './generate-accounts.ts';
import { generateActivities } from './generate-activities.ts';
import { generateOpportunities, type ContactsByCompany } from './generate-opportunities.ts';
import { drawIdentity, type PersonWorld } from './generate-person.ts';
import { attachPresences, RECORD_HISTORY_DAYS } from './generate-presence.ts';
import { shareActivities } from './generate-shared-activities.ts';
import { Prng } from './prng.ts';
import { SandboxClock } from './sandbox-clock.ts';

export const DATASET_FORMAT = 'leadloop-sandbox/1';
export const MAX_PEOPLE = 5_000_000;
/** Standard deviation of what decides an outcome beyond fit and behaviour (log-odds). */
const OUTCOME_NOISE = 0.8;

export interface GenerateProgress {
  readonly phase: 'people' | 'opportunities';
  readonly done: number;
  readonly total: number;
}

export interface GenerateOptions {
  readonly people: number;
  readonly seed: number;
  /** The dataset's "now"; defaults to today 00:00 UTC. */
  readonly now?: Date;
  /** Called every 10,000 people (for a progress line on a TTY). */
  readonly onProgress?: (progress: GenerateProgress) => void;
}

/** Today at 00:00 UTC: the default anchor, stable across runs on the same day. */
export function startOfTodayUtc(at: Date = new Date()): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

export function generateDataset(options: GenerateOptions): SandboxDataset {
  const { people: total, seed } = options;
  if (!Number.isInteger(total) || total < 0 || total > MAX_PEOPLE) {
    throw new RangeError(`people must be an integer from 0 to ${MAX_PEOPLE}, got ${total}`);
  }
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  const now = options.now ?? startOfTodayUtc();
  // Cache minute timestamps over the whole span records can date back to (three years), not just 180 days.
  const clock = new SandboxClock(now, RECORD_HISTORY_DAYS);
  // Separate streams per part: a larger world keeps the smaller one's first users and companies.
  const users = generateUsers(new Prng(seed * 31 + 1), total);
  const companies = generateCompanies(new Prng(seed * 31 + 2), Math.max(20, Math.round(total / 4)));
  const rng = new Prng(seed * 31 + 3);

  const people: SandboxPerson[] = [];
  const activities: SandboxActivity[] = [];
  const contactsByCompany: ContactsByCompany = new Map();
  const propensity = new Float64Array(total);
  const companyIndex = new Map(companies.map((c, i) => [c.record.key, i]));
  const world: PersonWorld = {
    rng,
    companies,
    companyTable: companyTable(companies),
    usedEmails: new Set(),
    junkUses: [],
    people,
  };
  for (let i = 0; i < total; i += 1) {
    const identity = drawIdentity(world, i);
    const span = generateActivities(
      rng,
      clock,
      {
        personKey: identity.person.key,
        presence: identity.presence,
        inHubSpot: identity.inHubSpot,
        junk: identity.junk,
        optedOut: identity.person.optedOutOfEmail,
        intent: identity.intent,
      },
      activities,
    );
    // The truth outcomes are drawn from: fit and behaviour, plus what no CRM records (budget, timing).
    const truth = identity.fit + span.behaviour + OUTCOME_NOISE * rng.normal();
    propensity[i] = truth;
    const person = attachPresences(rng, clock, users, identity, span, truth);
    people.push(person);
    if (person.salesforceContact && person.companyKey) {
      const at = companyIndex.get(person.companyKey);
      if (at !== undefined) {
        const list = contactsByCompany.get(at);
        if (list) list.push(i);
        else contactsByCompany.set(at, [i]);
      }
    }
    if ((i + 1) % 10_000 === 0) options.onProgress?.({ phase: 'people', done: i + 1, total });
  }
  options.onProgress?.({ phase: 'opportunities', done: 0, total: contactsByCompany.size });
  const opportunities = generateOpportunities(
    new Prng(seed * 31 + 4),
    clock,
    companies,
    people,
    contactsByCompany,
    propensity,
  );
  shareActivities(new Prng(seed * 31 + 5), activities, people, contactsByCompany, companyIndex);

  return {
    format: DATASET_FORMAT,
    seed,
    generatedAt: now.toISOString(),
    users: users.users,
    companies: companies.map((c) => c.record),
    people,
    activities,
    opportunities,
  };
}
