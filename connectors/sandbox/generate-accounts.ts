/**
 * Generated companies and Salesforce users. Company sizes follow a log-normal long tail (many small
 * firms, a few giants), and people are later drawn to companies with weight √employees, so large
 * accounts hold more people, as in a real CRM.
 */
import type { SandboxCompany, SandboxUser } from './dataset.ts';
import type { Prng } from './prng.ts';
import { WeightedTable } from './prng.ts';
import { salesforceId } from './salesforce-id.ts';
import {
  COMPANY_WORDS_A,
  COMPANY_WORDS_B,
  COMPANY_WORDS_C,
  COUNTRIES,
  INDUSTRIES,
  NAME_POOLS,
  type Country,
} from './vocabulary-people.ts';

export type { Country };

export const COUNTRY_TABLE = new WeightedTable(COUNTRIES.map((c) => [c, c.weight] as const));
const INDUSTRY_TABLE = new WeightedTable(INDUSTRIES);

/** A company plus what person generation needs to know about it, kept beside the dataset record. */
export interface GeneratedCompany {
  readonly record: SandboxCompany;
  readonly country: Country;
  readonly domain: string;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

/**
 * The i-th distinct name: word A × word B in a shuffled order (stride coprime to the grid), then the same
 * grid with a regional prefix, then numbered, so names stay unique at any size.
 */
function companyName(i: number, offset: number): string {
  const a = COMPANY_WORDS_A.length;
  const b = COMPANY_WORDS_B.length;
  const c = COMPANY_WORDS_C.length;
  const grid = a * b;
  const cell = ((i % grid) * 7919 + offset) % grid;
  const round = Math.floor(i / grid);
  const words = `${COMPANY_WORDS_A[cell % a] ?? 'Acme'} ${COMPANY_WORDS_B[Math.floor(cell / a)] ?? 'Systems'}`;
  if (round === 0) return words;
  const prefix = COMPANY_WORDS_C[(round - 1) % c] ?? 'North';
  const number = round > c ? ` ${Math.floor((round - 1) / c) + 1}` : '';
  return `${prefix} ${words}${number}`;
}

export function generateCompanies(rng: Prng, count: number): GeneratedCompany[] {
  // A seeded start so company 1 is not always "Acme Systems".
  const offset = rng.int(COMPANY_WORDS_A.length * COMPANY_WORDS_B.length);
  const companies: GeneratedCompany[] = [];
  for (let i = 0; i < count; i += 1) {
    const country = COUNTRY_TABLE.draw(rng);
    const base = companyName(i, offset);
    const suffix = rng.pick(country.suffixes);
    const domain = `${slug(base)}.${country.tld}`;
    // Median ~60 employees, long tail up to the hundreds of thousands.
    const employees = Math.min(400_000, Math.max(1, Math.round(rng.logNormal(4.1, 1.7))));
    const revenuePerHead = rng.logNormal(11.9, 0.5);
    companies.push({
      country,
      domain,
      record: {
        key: `c${i + 1}`,
        name: `${base} ${suffix}`,
        domain,
        industry: rng.chance(0.93) ? INDUSTRY_TABLE.draw(rng) : null,
        numberOfEmployees: rng.chance(0.9) ? employees : null,
        annualRevenue: rng.chance(0.7) ? Math.round((employees * revenuePerHead) / 1000) * 1000 : null,
        country: country.name,
      },
    });
  }
  return companies;
}

/** Person → company draw, weighted by √employees so large accounts hold more people. */
export function companyTable(companies: readonly GeneratedCompany[]): WeightedTable<number> {
  return new WeightedTable(
    companies.map((c, i) => [i, Math.sqrt(c.record.numberOfEmployees ?? 20)] as const),
  );
}

/** Ids of the two round-robin users; the example config's SLA `reassignTo` names them. */
export const ROUND_ROBIN_USER_IDS = [salesforceId('005', 2), salesforceId('005', 3)] as const;

export interface GeneratedUsers {
  readonly users: SandboxUser[];
  /** Active sales reps that own most records. */
  readonly reps: readonly string[];
  readonly inactive: readonly string[];
  readonly roundRobin: readonly string[];
}

/**
 * Sales Ops (the admin), two round-robin queue users, then one rep per ~400 people (6 to 150) of whom
 * a few have left the company (inactive, yet still owning old records, as in every real org).
 */
export function generateUsers(rng: Prng, people: number): GeneratedUsers {
  const repCount = Math.min(150, Math.max(6, Math.round(people / 400)));
  // Everyone but Sales Operations reports to it: the manager an SLA escalation reaches.
  const user = (n: number, name: string, isActive = true): SandboxUser => ({
    id: salesforceId('005', n),
    name,
    email: `${slug(name.split(' ')[0] ?? name)}.${slug(name.split(' ').slice(1).join(''))}@leadloop-demo.example`,
    isActive,
    hubspotOwnerId: String(41_000_000 + n * 7919),
    ...(n === 1 ? {} : { managerId: salesforceId('005', 1) }),
  });
  const users = [
    user(1, 'Sales Operations'),
    user(2, 'Inbound Round-Robin'),
    user(3, 'Lead Queue Round-Robin'),
  ];
  const reps: string[] = [];
  const inactive: string[] = [];
  const pool = NAME_POOLS.english;
  for (let i = 0; i < repCount; i += 1) {
    const leaver = i < Math.max(1, Math.round(repCount / 20));
    const u = user(4 + i, `${rng.pick(pool.first)} ${rng.pick(pool.last)}`, !leaver);
    users.push(u);
    (leaver ? inactive : reps).push(u.id);
  }
  return { users, reps, inactive, roundRobin: [...ROUND_ROBIN_USER_IDS] };
}
