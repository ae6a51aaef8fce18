/**
 * Engagement rules compiled once: filters become cheap string tests (a regex only for globs), rules are
 * indexed by activity type so each activity only meets the rules that can match it.
 */
import type { ActivityType } from '../domain/activity.ts';
import type { EngagementRule } from './schema.ts';
import type { ScoringActivity } from './types.ts';

const DAY_MS = 86_400_000;

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

export type TextTest = (value: string | null | undefined) => boolean;

export interface CompiledEngagementRule {
  readonly index: number;
  readonly name: string;
  readonly points: number;
  /** Magnitude cap on the decayed sum; Infinity when none. */
  readonly maxPoints: number;
  /** Infinity when none. */
  readonly maxOccurrences: number;
  /** Recency window in ms; Infinity when none. */
  readonly withinMs: number;
  /** Half-life in ms: the rule's own, else the model's; Infinity for `decay: none`. */
  readonly halfLifeMs: number;
  /** Filters on the activity; null when the rule matches every activity of its type. */
  readonly test: ((activity: ScoringActivity) => boolean) | null;
}

function escapeRegex(text: string): string {
  return text.replace(/[.+^${}()|[\]\\/]/g, '\\$&');
}

/** `*` is any run of characters, `?` one character; anchored only where the pattern has no leading/trailing `*`. */
export function globToRegex(glob: string): RegExp {
  const body = glob
    .split('*')
    .map((part) => escapeRegex(part).replace(/\?/g, '.'))
    .join('.*');
  const start = glob.startsWith('*') ? body.replace(/^\.\*/, '') : `^${body}`;
  const end = glob.endsWith('*') ? start.replace(/\.\*$/, '') : `${start}$`;
  return new RegExp(end, 'is');
}

/**
 * Case-insensitive exact or glob test. Exact tests avoid lowercasing when the text is already equal, and
 * skip it when lengths differ for an ASCII pattern (lower-casing never changes an ASCII match's length).
 */
export function compileTextTest(pattern: string): TextTest {
  if (pattern.includes('*') || pattern.includes('?')) {
    const regex = globToRegex(pattern);
    return (value) => value !== null && value !== undefined && regex.test(value);
  }
  const lower = pattern.toLowerCase();
  const ascii = isAscii(lower);
  return (value) => {
    if (value === null || value === undefined) return false;
    if (value === lower) return true;
    if (ascii && value.length !== lower.length) return false;
    return value.toLowerCase() === lower;
  };
}

type ActivityTest = (activity: ScoringActivity) => boolean;

/** One closure per filter with a static property read: a dynamic `activity[field]` read is megamorphic. */
function filterOn(field: 'name' | 'url' | 'tag' | 'campaign', test: TextTest): ActivityTest {
  switch (field) {
    case 'name':
      return (a) => test(a.name);
    case 'url':
      return (a) => test(a.url);
    case 'tag':
      return (a) => test(a.tag);
    case 'campaign':
      return (a) => test(a.campaign);
  }
}

function compileFilters(rule: EngagementRule): ActivityTest | null {
  const filters: ActivityTest[] = [];
  if (rule.form !== undefined) filters.push(filterOn('name', compileTextTest(rule.form)));
  if (rule.eventName !== undefined) filters.push(filterOn('name', compileTextTest(rule.eventName)));
  if (rule.url !== undefined) filters.push(filterOn('url', compileTextTest(rule.url)));
  if (rule.tag !== undefined) filters.push(filterOn('tag', compileTextTest(rule.tag)));
  if (rule.campaign !== undefined) filters.push(filterOn('campaign', compileTextTest(rule.campaign)));
  const [first, second] = filters;
  if (first === undefined) return null;
  if (second === undefined) return first;
  return (a) => filters.every((test) => test(a));
}

export function compileEngagementRule(
  rule: EngagementRule,
  index: number,
  modelHalfLifeMs: number,
): CompiledEngagementRule {
  const halfLifeMs =
    rule.decay === 'none'
      ? Number.POSITIVE_INFINITY
      : rule.halfLifeDays === undefined
        ? modelHalfLifeMs
        : rule.halfLifeDays * DAY_MS;
  return {
    index,
    name: rule.name,
    points: rule.points,
    maxPoints: rule.maxPoints ?? Number.POSITIVE_INFINITY,
    maxOccurrences: rule.maxOccurrences ?? Number.POSITIVE_INFINITY,
    withinMs: rule.withinDays === undefined ? Number.POSITIVE_INFINITY : rule.withinDays * DAY_MS,
    halfLifeMs,
    test: compileFilters(rule),
  };
}

export type RulesByType = Readonly<Record<ActivityType, readonly CompiledEngagementRule[]>>;

/** Every activity type gets an array (possibly empty), so the hot loop's lookup has one shape. */
export function indexByType(
  rules: readonly CompiledEngagementRule[],
  source: readonly EngagementRule[],
): RulesByType {
  const byType: Record<ActivityType, CompiledEngagementRule[]> = {
    form_submission: [],
    page_view: [],
    email_open: [],
    email_click: [],
    email_bounce: [],
    unsubscribe: [],
    content_download: [],
    webinar: [],
    meeting: [],
    call: [],
    email_reply: [],
    campaign_response: [],
    custom: [],
  };
  rules.forEach((rule, i) => {
    const activity = source[i]?.activity;
    if (activity !== undefined) byType[activity].push(rule);
  });
  return byType;
}
