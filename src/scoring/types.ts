/** The inputs and the result of scoring one person. */
import type { Activity } from '../domain/activity.ts';
import type { Grade, Level, MatrixCell } from './schema.ts';

/** A person's fields keyed by HubSpot property name (the mapping layer fills it from either CRM). */
export type ProfileInput = Readonly<Record<string, string | number | boolean | null | undefined>>;

/**
 * The part of an activity the engagement rules read. `occurredAtMs` (epoch ms), when present, saves parsing
 * `occurredAt` on every rescore: the hot loop prefers it.
 */
export type ScoringActivity = Pick<Activity, 'type'> &
  Partial<Pick<Activity, 'occurredAt' | 'name' | 'url' | 'tag' | 'campaign' | 'filtered'>> & {
    readonly occurredAtMs?: number;
  };

export interface ScoringPerson {
  readonly fields: ProfileInput;
  readonly activities: readonly ScoringActivity[];
}

export interface ProfileContribution {
  readonly kind: 'profile';
  readonly rule: string;
  readonly points: number;
  readonly group?: string;
}

export interface EngagementContribution {
  readonly kind: 'engagement';
  readonly rule: string;
  /** Points per occurrence, before decay. */
  readonly points: number;
  /** What the rule adds to the engagement score: decayed, capped, unrounded. */
  readonly value: number;
  /** The decayed sum before `maxPoints` (equal to `value` when not capped). */
  readonly uncapped: number;
  readonly capped: boolean;
  /** Occurrences that counted (after `withinDays` and `maxOccurrences`), most recent first. */
  readonly occurredAtMs: readonly number[];
  /** Each occurrence's decayed value, in the same order. */
  readonly decayed: readonly number[];
}

export type Contribution = ProfileContribution | EngagementContribution;

export interface Disqualification {
  readonly rule: string;
  readonly reason: string;
}

export interface Overridden {
  /** The manual total and what the model computed. */
  readonly total?: { readonly value: number; readonly model: number };
  /** The manual grade and what the model computed. */
  readonly grade?: { readonly value: Grade; readonly model: Grade };
}

export interface Score {
  /** Rounded profile (explicit) points. */
  readonly profile: number;
  /** Rounded engagement (implicit) points. */
  readonly engagement: number;
  /** profile + engagement, or the manual override. */
  readonly total: number;
  readonly grade: Grade;
  readonly level: Level;
  readonly cell: MatrixCell;
  readonly mql: boolean;
  readonly disqualified?: Disqualification;
  /** Grade caps that lowered the grade (by rule name). */
  readonly cappedBy?: string;
  readonly overridden?: Overridden;
  /** Profile rules then engagement rules, in config order; their values sum to the unrounded scores. */
  readonly contributions: readonly Contribution[];
  /** Short human text, length-limited, for the CRM field and `leadloop explain` (built on first read). */
  readonly explanation: string;
  readonly modelVersion: string;
}
