/**
 * The generated world's ground truth: how likely a person is to buy, from who they are (fit) and what they
 * did (behaviour), in log-odds. Outcomes (conversion, Lead Status, deals and whether they are won) are drawn
 * from it with noise, so hot people reach SQL and Won more often, as in a real funnel.
 *
 * The truth is close to the example scoring model (config/leadloop.example.yaml) but deliberately not equal
 * to it, so a backtest or a model suggestion has something to find:
 * - **Target country** (+10 in the model) means nothing here: country is not in the truth at all.
 * - **Pricing page** views are worth as much as a contact form here, up to 4 counted, where the model gives
 *   them 15 points capped at 45 (a third of a demo request for all visits together).
 * Everything else keeps the model's order: C-level over VP over managers, mid-size and enterprise
 * companies, the target industries, demo requests, product flyers and meetings.
 */
import type { ActivityType } from '../../src/domain/activity.ts';
import type { Prng } from './prng.ts';
import { DAY_MINUTES } from './sandbox-clock.ts';

/** Industries the vendor sells to (the model's "Target industry"). */
const TARGET_INDUSTRIES = new Set(['Manufacturing', 'Industrial Machinery']);
const C_LEVEL = /\b(ceo|chief|founder|president)\b/i;
const VP_OR_DIRECTOR = /\b(vp|vice president|director|head of)\b/i;
const STUDENT = /\b(student|intern)\b/i;

export interface FitFacts {
  readonly title: string;
  readonly employees: number | null;
  readonly industry: string | null;
  readonly freeMail: boolean;
  readonly purchasedList: boolean;
}

/** Fit in log-odds: seniority, company size and industry; free-mail sign-ups and bought lists are worse. */
export function fitTruth(f: FitFacts): number {
  let fit = 0;
  if (C_LEVEL.test(f.title)) fit += 1.6;
  else if (VP_OR_DIRECTOR.test(f.title)) fit += 1.1;
  else if (/it manager/i.test(f.title)) fit += 0.4;
  else if (STUDENT.test(f.title)) fit -= 1.5;
  else if (/manager/i.test(f.title)) fit += 0.2;
  else if (f.title === '') fit -= 0.3;
  if (f.employees !== null) {
    if (f.employees >= 200 && f.employees <= 5000) fit += 0.8;
    else if (f.employees > 5000) fit += 0.6;
    else if (f.employees < 20) fit -= 0.4;
  }
  if (f.industry !== null && TARGET_INDUSTRIES.has(f.industry)) fit += 0.8;
  if (f.freeMail) fit -= 0.6;
  if (f.purchasedList) fit -= 0.7;
  return fit;
}

/** Behaviour counts for half after 30 days, as in the example model. */
const HALF_LIFE_MINUTES = 30 * DAY_MINUTES;
/** Pricing page views counted at most (the model caps them at three). */
const PRICING_VISITS = 4;

export interface ActivityFacts {
  readonly type: ActivityType;
  readonly name?: string | null | undefined;
  readonly url?: string | null | undefined;
  readonly tag?: string | null | undefined;
}

/** What one activity says about buying intent, undecayed, in log-odds. */
function activityWeight(a: ActivityFacts, pricingSeen: number): number {
  switch (a.type) {
    case 'form_submission':
      if (a.name === 'Request a demo') return 0.6;
      if (a.name === 'Contact us' || a.name === 'Free trial signup') return 0.4;
      return 0.02;
    case 'page_view':
      if (a.url?.endsWith('/pricing')) return pricingSeen < PRICING_VISITS ? 0.4 : 0;
      if (a.url?.endsWith('/careers')) return -0.1;
      return 0;
    case 'content_download':
      return a.tag === 'product-flyer' ? 0.9 : 0.1;
    case 'webinar':
      return 0.3;
    case 'meeting':
      return 0.5;
    case 'email_click':
      return 0.05;
    case 'unsubscribe':
      return -0.6;
    case 'email_bounce':
      return -0.3;
    default:
      return 0;
  }
}

/** Sums one person's behaviour, each activity decayed by its age. */
export class BehaviourTally {
  #value = 0;
  #pricing = 0;

  add(a: ActivityFacts, minutesAgo: number): void {
    const weight = activityWeight(a, this.#pricing);
    if (a.type === 'page_view' && a.url?.endsWith('/pricing')) this.#pricing += 1;
    if (weight !== 0) this.#value += weight * Math.pow(0.5, minutesAgo / HALF_LIFE_MINUTES);
  }

  get value(): number {
    return this.#value;
  }
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * A weighted choice whose weights lean with the propensity: entry weight × exp(tilt × propensity). Few
 * entries, so a linear scan without allocation.
 */
export class TiltedTable<T> {
  readonly #entries: readonly (readonly [T, number, number])[];

  constructor(entries: readonly (readonly [item: T, weight: number, tilt: number])[]) {
    if (entries.length === 0) throw new RangeError('a tilted table needs at least one entry');
    this.#entries = entries;
  }

  draw(rng: Prng, propensity: number): T {
    let total = 0;
    for (const [, weight, tilt] of this.#entries) total += weight * Math.exp(tilt * propensity);
    let target = rng.next() * total;
    for (const [item, weight, tilt] of this.#entries) {
      target -= weight * Math.exp(tilt * propensity);
      if (target < 0) return item;
    }
    const last = this.#entries[this.#entries.length - 1];
    if (last === undefined) throw new RangeError('tilted table out of range');
    return last[0];
  }
}
