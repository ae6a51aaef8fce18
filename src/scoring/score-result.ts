/**
 * The score of one person. A class rather than a literal for measured reasons: every instance shares one
 * hidden class (optional keys included), and the contributions and the explanation text are built on
 * first read, through prototype getters, by the same code in the same order as the numbers. A rescore
 * mostly needs the numbers: building the details for every record cost more than the scoring itself, and
 * a per-object getter literal made V8 retain and promote the objects (GC took half the time).
 * `toJSON()` gives the plain data with everything; spread (`{...score}`) would drop the getters. The
 * details read the person as it was passed: do not mutate it before reading them.
 */
import type { CompiledModel } from './compile-model.ts';
import { scoreEngagement } from './engagement.ts';
import { formatExplanation } from './explain.ts';
import { scoreProfile } from './profile.ts';
import type { Grade, Level, MatrixCell } from './schema.ts';
import type {
  Contribution,
  Disqualification,
  EngagementContribution,
  Overridden,
  ProfileContribution,
  Score,
  ScoringPerson,
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
  readonly modelVersion: string;
}

/** What the details are recomputed from, or the details themselves when already computed. */
export interface ScoreSource {
  readonly model: CompiledModel;
  readonly person: ScoringPerson;
  readonly nowMs: number;
  readonly details?: {
    readonly profile: readonly ProfileContribution[];
    readonly engagement: readonly EngagementContribution[];
  };
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
  readonly modelVersion: string;
  readonly #source: ScoreSource;
  #profileDetails: readonly ProfileContribution[] | undefined;
  #engagementDetails: readonly EngagementContribution[] | undefined;
  #contributions: readonly Contribution[] | undefined;
  #explanation: string | undefined;

  constructor(fields: ScoreFields, source: ScoreSource) {
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
    this.modelVersion = fields.modelVersion;
    this.#source = source;
    this.#profileDetails = source.details?.profile;
    this.#engagementDetails = source.details?.engagement;
    this.#contributions = undefined;
    this.#explanation = undefined;
  }

  /** Profile rules then engagement rules, in config order; their values sum to the unrounded scores. */
  get contributions(): readonly Contribution[] {
    this.#contributions ??= [...this.#profileContributions(), ...this.#engagementContributions()];
    return this.#contributions;
  }

  #profileContributions(): readonly ProfileContribution[] {
    this.#profileDetails ??= scoreProfile(this.#source.model, this.#source.person.fields).contributions;
    return this.#profileDetails;
  }

  #engagementContributions(): readonly EngagementContribution[] {
    const { model, person, nowMs } = this.#source;
    this.#engagementDetails ??= scoreEngagement(model, person.activities, nowMs).contributions;
    return this.#engagementDetails;
  }

  get explanation(): string {
    this.#explanation ??= this.#explain();
    return this.#explanation;
  }

  #explain(): string {
    return formatExplanation(
      {
        cell: this.cell,
        total: this.total,
        profile: this.profile,
        engagement: this.engagement,
        modelTotal: this.overridden?.total?.model ?? this.total,
        profileContributions: this.#profileContributions(),
        engagementContributions: this.#engagementContributions(),
        ...(this.disqualified === undefined ? {} : { disqualified: this.disqualified }),
        ...(this.cappedBy === undefined ? {} : { cappedBy: this.cappedBy }),
        ...(this.overridden === undefined ? {} : { overridden: this.overridden }),
      },
      this.#source.model.explanationLength,
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
