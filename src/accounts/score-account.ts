/**
 * Scores one account: its profile rules on the company's fields, graded A–D; its people's engagement
 * rolled up and levelled 1–4; the cell. The company's fields are read from the Salesforce Account
 * first (where sales keeps firmographics), a blank one from the HubSpot company. Pure.
 */
import { compileCondition, compileFieldTest, type Predicate } from '../scoring/compile-condition.ts';
import { cellOf, gradeFor, levelFor, roundHalfAwayFromZero } from '../scoring/grade.ts';
import type { Grade, Level, MatrixCell } from '../scoring/schema.ts';
import type { ProfileInput } from '../scoring/types.ts';
import { cutText } from '../domain/text-length.ts';
import { ConfigError } from '../lib/errors.ts';
import { COMPANY_API_FIELDS } from './company-fields.ts';
import type { LinkedAccount } from './link-companies.ts';
import { normaliseDomain } from './normalise-domain.ts';
import { rollupEngagement } from './rollup.ts';
import { COMPANY_FIELDS, type AccountScoringConfig, type CompanyField } from './schema.ts';

interface AccountRule {
  readonly name: string;
  readonly points: number;
  readonly group: string | undefined;
  readonly test: Predicate;
}

export interface AccountModel {
  readonly config: AccountScoringConfig;
  readonly rules: readonly AccountRule[];
}

export function compileAccountModel(config: AccountScoringConfig): AccountModel {
  const rules = config.profile.rules.map((rule): AccountRule => {
    let test: Predicate;
    if (rule.when !== undefined) test = compileCondition(rule.when);
    else if (rule.field !== undefined) test = compileFieldTest(rule.field, rule);
    else
      throw new ConfigError([
        `scoring.account.profile.rules: rule "${rule.name}" needs \`field:\` or \`when:\``,
      ]);
    return { name: rule.name, points: rule.points, group: rule.group, test };
  });
  return { config, rules };
}

export interface AccountScore {
  readonly profile: number;
  readonly engagement: number;
  readonly total: number;
  readonly grade: Grade;
  readonly level: Level;
  readonly cell: MatrixCell;
  readonly people: number;
  readonly contributions: readonly { readonly rule: string; readonly points: number }[];
  readonly explanation: string;
}

const blank = (v: unknown): boolean => v === null || v === undefined || v === '';

/** The neutral company fields of an account: Salesforce's value, else HubSpot's. */
export function accountProfileInput(account: Pick<LinkedAccount, 'hubspot' | 'salesforce'>): ProfileInput {
  const out: Record<CompanyField, ProfileInput[string]> = {
    name: null,
    domain: null,
    industry: null,
    employees: null,
    revenue: null,
    country: null,
  };
  for (const field of COMPANY_FIELDS) {
    for (const record of [account.salesforce, account.hubspot]) {
      if (record === null) continue;
      const raw = record.fields[COMPANY_API_FIELDS[record.crm][field]];
      const value = field === 'domain' ? normaliseDomain(raw) : raw;
      if (!blank(value)) {
        out[field] = value;
        break;
      }
    }
  }
  return out;
}

function scoreProfile(
  model: AccountModel,
  fields: ProfileInput,
): { value: number; contributions: AccountScore['contributions'] } {
  const best = new Map<string, AccountRule>();
  const hits: AccountRule[] = [];
  for (const rule of model.rules) {
    if (!rule.test(fields)) continue;
    if (rule.group === undefined) hits.push(rule);
    else {
      const held = best.get(rule.group);
      if (held === undefined || rule.points > held.points) best.set(rule.group, rule);
    }
  }
  const counted = model.rules.filter(
    (r) => hits.includes(r) || (r.group !== undefined && best.get(r.group) === r),
  );
  return {
    value: counted.reduce((sum, r) => sum + r.points, 0),
    contributions: counted.map((r) => ({ rule: r.name, points: r.points })),
  };
}

const signed = (n: number): string => (n < 0 ? `${n}` : `+${n}`);

export function scoreAccount(
  model: AccountModel,
  account: Pick<LinkedAccount, 'hubspot' | 'salesforce'>,
  engagements: readonly number[],
  explanationLength = 255,
): AccountScore {
  const p = scoreProfile(model, accountProfileInput(account));
  const rolled = rollupEngagement(engagements, model.config.engagement.rollup);
  const profile = roundHalfAwayFromZero(p.value);
  const engagement = roundHalfAwayFromZero(rolled.value);
  const grade = gradeFor(profile, model.config.profile.grades);
  const level = levelFor(engagement, model.config.engagement.levels);
  const cell = cellOf(grade, level);
  const rollup = model.config.engagement.rollup;
  const how =
    rollup.kind === 'top'
      ? `top ${rolled.counted} of ${engagements.length} people`
      : `${engagements.length} people, ${rolled.capped} capped at ${rollup.capPerPerson}`;
  const rules = p.contributions.map((c) => `${c.rule} ${signed(c.points)}`).join(', ');
  const text = `${cell} · ${profile + engagement} = profile ${profile}${rules ? ` (${rules})` : ''} + engagement ${engagement} (${how})`;
  return {
    profile,
    engagement,
    total: profile + engagement,
    grade,
    level,
    cell,
    people: engagements.length,
    contributions: p.contributions,
    // UTF-16 units: the shorter count of the two CRMs' length rules, so one text fits both.
    explanation: cutText(text, explanationLength, 'utf16'),
  };
}
