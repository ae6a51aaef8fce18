/**
 * `leadloop model …`: a candidate scoring model's life beside the live one. `shadow FILE` registers it
 * (every run then scores it into the state, never into a CRM), `compare` shows what it would change and
 * which model predicted the stage moves since better, `publish` (model-publish.ts) makes it live,
 * `drop` forgets it, `history` lists the live versions. Other `model` subcommands add themselves to the
 * group through `modelCommand`.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { formatIssues } from '../config/format-issues.ts';
import { readYaml } from '../config/read-yaml.ts';
import { ConfigError, LeadloopError } from '../lib/errors.ts';
import { loadComparison } from '../models/load-comparison.ts';
import { formatCompare } from '../models/format-compare.ts';
import {
  candidateMeta,
  dropCandidate,
  readModelHistory,
  type StoredCandidate,
} from '../models/model-meta.ts';
import { rescorePlanMeta } from '../models/rescore-queue.ts';
import { ScoringConfig } from '../scoring/schema.ts';
import { markEveryoneDirty } from '../sync/pull.ts';
import { registerModelPublish } from './model-publish.ts';
import { writeOut } from './output.ts';
import { withRuntime } from './with-runtime.ts';

/** The `model` command group, created once: each subcommand's module adds itself to it. */
export function modelCommand(program: Command): Command {
  return (
    program.commands.find((c) => c.name() === 'model') ??
    program.command('model').description('candidate scoring models: shadow, compare, publish, history')
  );
}

/** A candidate file holds a `scoring:` section (a whole leadloop config works too); kept as written. */
export async function readCandidateFile(
  file: string,
): Promise<{ raw: Record<string, unknown>; scoring: ScoringConfig }> {
  const value = readYaml(await readFile(file, 'utf8'), file).value as { scoring?: unknown } | null;
  const raw = value?.scoring;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new ConfigError([`${file}: expected a \`scoring:\` section (a mapping) with the candidate model`]);
  const parsed = ScoringConfig.safeParse(raw, { reportInput: true });
  if (!parsed.success)
    throw new ConfigError(formatIssues(parsed.error.issues).map((l) => `${file}: scoring.${l}`));
  return { raw: { ...raw }, scoring: parsed.data };
}

interface Options {
  config?: string;
  json?: boolean;
}

export function registerModelCommand(program: Command): void {
  const model = modelCommand(program);
  model
    .command('shadow')
    .description('score a candidate model beside the live one on every run (never written to a CRM)')
    .argument('<file>', 'YAML file with the candidate `scoring:` section')
    .option('--config <file>', 'the YAML config file')
    .action(async (file: string, options: Options) => {
      const candidate = await readCandidateFile(file);
      await withRuntime(
        options.config,
        async (runtime, config) => {
          const live = config.scoring.modelVersion;
          const version = candidate.scoring.modelVersion;
          if (version === live)
            throw new ConfigError([
              `${file}: scoring.modelVersion "${version}" is the live model's: give the candidate a version of its own`,
            ]);
          const history = await readModelHistory(runtime.store);
          if (history.some((h) => h.modelVersion === version))
            throw new ConfigError([
              `${file}: scoring.modelVersion "${version}" was live before (see \`leadloop model history\`): give the candidate a new version`,
            ]);
          const replaced = await candidateMeta.read(runtime.store);
          const stored: StoredCandidate = {
            scoring: candidate.raw,
            modelVersion: version,
            file,
            startedAt: runtime.clock().toISOString(),
            liveVersion: live,
          };
          await candidateMeta.write(runtime.store, stored);
          // Everyone is scored by the next run; the live model's writes stay diffs, so this writes nothing new.
          await markEveryoneDirty(runtime);
          writeOut(
            `${replaced ? `replaced candidate ${replaced.modelVersion}; ` : ''}shadowing ${version} beside live ${live} ` +
              `from ${stored.startedAt}: the next run scores everyone with it\n`,
          );
        },
        { quiet: true },
      );
    });

  model
    .command('drop')
    .description('stop shadowing the candidate model')
    .option('--config <file>', 'the YAML config file')
    .action(async (options: Options) => {
      await withRuntime(
        options.config,
        async (runtime) => {
          const stored = await candidateMeta.read(runtime.store);
          await dropCandidate(runtime.store);
          writeOut(stored ? `dropped candidate ${stored.modelVersion}\n` : 'no candidate was shadowed\n');
        },
        { quiet: true },
      );
    });

  model
    .command('compare')
    .description('the shadowed candidate against the live model: movement, MQLs gained/lost, outcomes since')
    .option('--config <file>', 'the YAML config file')
    .option('--json', 'print the comparison as JSON')
    .action(async (options: Options) => {
      await withRuntime(
        options.config,
        async (runtime, config) => {
          const report = await loadComparison(runtime.store, config);
          if (report === null)
            throw new LeadloopError(
              'NO_CANDIDATE',
              'no candidate model is shadowed: register one with `leadloop model shadow FILE`',
            );
          writeOut(formatCompare(report, options.json ? 'json' : 'text'));
        },
        { quiet: true },
      );
    });

  model
    .command('history')
    .description('the live model versions: when, by whom or what, and the rescore of the latest')
    .option('--config <file>', 'the YAML config file')
    .option('--json', 'print the history as JSON')
    .action(async (options: Options) => {
      await withRuntime(
        options.config,
        async (runtime, config) => {
          // Each version's model text stays in the state: the listing is about who and when.
          const history = (await readModelHistory(runtime.store)).map(({ scoring: _model, ...h }) => h);
          const rescore = await rescorePlanMeta.read(runtime.store);
          const candidate = await candidateMeta.read(runtime.store);
          if (options.json) {
            writeOut(
              `${JSON.stringify({ live: config.scoring.modelVersion, history, rescore, candidate: candidate && { modelVersion: candidate.modelVersion, startedAt: candidate.startedAt, file: candidate.file } }, null, 2)}\n`,
            );
            return;
          }
          const lines = [`live model: ${config.scoring.modelVersion}`];
          if (history.length === 0)
            lines.push('no version recorded yet (the first sync records the live one)');
          for (const h of [...history].reverse())
            lines.push(`  ${h.modelVersion.padEnd(16)} ${h.at}  by ${h.by}  (scoring ${h.configHash})`);
          if (rescore)
            lines.push(
              `rescore to ${rescore.modelVersion}: ${rescore.next} of ${rescore.total} people released` +
                (rescore.finishedAt ? `, finished ${rescore.finishedAt}` : ', still running'),
            );
          if (candidate)
            lines.push(
              `shadowing ${candidate.modelVersion} since ${candidate.startedAt} (${candidate.file})`,
            );
          writeOut(`${lines.join('\n')}\n`);
        },
        { quiet: true },
      );
    });

  registerModelPublish(model);
}
