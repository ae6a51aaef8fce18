/**
 * The score of one person. A class rather than a literal for two measured reasons: every instance shares
 * one hidden class (optional keys included), and the explanation text is built on first read through a
 * prototype getter. Building it for every record of a rescore cost about as much as the scoring itself,
 * and a per-object getter literal made V8 retain and promote the objects (GC took half the time).
 * `toJSON()` gives the plain data, explanation included; spread (`{...score}`) would drop the getter.
 */
import { formatExplanation } from './explain.ts';
import type { Grade, Level, MatrixCell } from './schema.ts';
import type {
  Contribution,
  Disqualification,
  EngagementContribution,
  Overridden,
  ProfileContribution,
  Score,
} from './types.ts';

export interface ScoreFields {
  readonly profile: number;
  readonly engagement: number;
  readonly total: number;
  readonly grade: Grade;
  readonly level: Level;
  readonly cell: MatrixCell;
  readonly mql: boolean;
  readonly disqualified: Disqualification | undefined;
  readonly cappedBy: string | undefined;
  readonly overridden: Overridden | undefined;
  readonly contributions: readonly Contribution[];
  readonly modelVersion: string;
}

export class ScoreResult implements Score {
  readonly profile: number;
  readonly engagement: number;
  readonly total: number;
  readonly grade: Grade;
  readonly level: Level;
  readonly cell: MatrixCell;
  readonly mql: boolean;
  readonly disqualified: Disqualification | undefined;
  readonly cappedBy: string | undefined;
  readonly overridden: Overridden | undefined;
  readonly contributions: readonly Contribution[];
  readonly modelVersion: string;
  readonly #explanationLength: number;
  #explanation: string | undefined;

  constructor(fields: ScoreFields, explanationLength: number) {
    this.profile = fields.profile;
    this.engagement = fields.engagement;
    this.total = fields.total;
    this.grade = fields.grade;
    this.level = fields.level;
    this.cell = fields.cell;
    this.mql = fields.mql;
    this.disqualified = fields.disqualified;
    this.cappedBy = fields.cappedBy;
    this.overridden = fields.overridden;
    this.contributions = fields.contributions;
    this.modelVersion = fields.modelVersion;
    this.#explanationLength = explanationLength;
    this.#explanation = undefined;
  }

  get explanation(): string {
    this.#explanation ??= this.#explain();
    return this.#explanation;
  }

  #explain(): string {
    const profileContributions: ProfileContribution[] = [];
    const engagementContributions: EngagementContribution[] = [];
    for (const c of this.contributions) {
      if (c.kind === 'profile') profileContributions.push(c);
      else engagementContributions.push(c);
    }
    return formatExplanation(
      {
        cell: this.cell,
        total: this.total,
        profile: this.profile,
        engagement: this.engagement,
        modelTotal: this.overridden?.total?.model ?? this.total,
        profileContributions,
        engagementContributions,
        ...(this.disqualified === undefined ? {} : { disqualified: this.disqualified }),
        ...(this.cappedBy === undefined ? {} : { cappedBy: this.cappedBy }),
        ...(this.overridden === undefined ? {} : { overridden: this.overridden }),
      },
      this.#explanationLength,
    );
  }

  /** Plain data for JSON, logs and the admin API: absent optional keys are left out. */
  toJSON(): Score {
    const plain: Score = {
      profile: this.profile,
      engagement: this.engagement,
      total: this.total,
      grade: this.grade,
      level: this.level,
      cell: this.cell,
      mql: this.mql,
      contributions: this.contributions,
      explanation: this.explanation,
      modelVersion: this.modelVersion,
    };
    return {
      ...plain,
      ...(this.disqualified === undefined ? {} : { disqualified: this.disqualified }),
      ...(this.cappedBy === undefined ? {} : { cappedBy: this.cappedBy }),
      ...(this.overridden === undefined ? {} : { overridden: this.overridden }),
    };
  }
}
