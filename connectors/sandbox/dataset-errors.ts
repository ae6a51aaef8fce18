/** Errors for dataset files: one line per problem, each starting with the JSON path it concerns. */
import type { z } from 'zod';
import { formatIssues } from '../../src/config/format-issues.ts';
import { LeadloopError } from '../../src/lib/errors.ts';
import { MAX_REPORTED_PROBLEMS } from './dataset-references.ts';

/** The dataset file is unreadable or invalid; `problems` holds one line per problem, each with its path. */
export class DatasetError extends LeadloopError {
  readonly problems: readonly string[];

  constructor(file: string, problems: readonly string[]) {
    super('DATASET_INVALID', `${file}: invalid sandbox dataset\n${problems.join('\n')}`, { file });
    this.problems = problems;
  }
}

/** zod issues as `people[12].email: expected a string, got 5` lines (at most 50, then a count). */
export function formatDatasetIssues(
  issues: readonly z.core.$ZodIssue[],
  prefix: (string | number)[] = [],
): string[] {
  const lines = formatIssues(issues.map((i) => ({ ...i, path: [...prefix, ...i.path] }) as z.core.$ZodIssue));
  return lines.length > MAX_REPORTED_PROBLEMS
    ? [
        ...lines.slice(0, MAX_REPORTED_PROBLEMS),
        `... and ${lines.length - MAX_REPORTED_PROBLEMS} more problems`,
      ]
    : lines;
}
