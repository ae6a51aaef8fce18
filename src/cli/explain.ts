/** `leadloop explain <email|id>`: why a person has the score and stage they have. */
import type { Command } from 'commander';
import { explainPeople, findPeople } from '../sync/explain-person.ts';
import { prepareRun } from '../sync/prepare.ts';
import type { ExplainedPerson } from '../sync/explain-person.ts';
import type { PersonPlan } from '../sync/plan-person.ts';
import { writeOut } from './output.ts';
import { withRuntime } from './with-runtime.ts';

function formatPlan(plan: ExplainedPerson): string {
  const s = plan.score;
  const pending = plan.pendingRescore?.score;
  const lines = [
    `person ${plan.personId}: ${s.cell} · total ${s.total} = profile ${s.profile} (grade ${s.grade}) + engagement ${s.engagement} (level ${s.level}) · model ${s.modelVersion}`,
    ...(pending
      ? [
          `  rescore pending: the CRMs hold model ${s.modelVersion} (above); the live model ${pending.modelVersion} gives ${pending.cell} · total ${pending.total} = profile ${pending.profile} (grade ${pending.grade}) + engagement ${pending.engagement} (level ${pending.level}), written when the budgeted rescore reaches this person`,
        ]
      : []),
    `  MQL by the model: ${s.mql ? 'yes' : 'no'}${s.disqualified ? `; disqualified by "${s.disqualified.rule}" (${s.disqualified.reason})` : ''}${s.cappedBy ? `; grade capped by "${s.cappedBy}"` : ''}`,
    '  contributions:',
  ];
  for (const c of s.contributions) {
    if (c.kind === 'profile')
      lines.push(`    profile     ${c.rule.padEnd(28)} ${c.points > 0 ? '+' : ''}${c.points}`);
    else {
      const dates = c.occurredAtMs
        .slice(0, 3)
        .map((ms) => new Date(ms).toISOString().slice(0, 10))
        .join(', ');
      lines.push(
        `    engagement  ${c.rule.padEnd(28)} ${c.value >= 0 ? '+' : ''}${c.value.toFixed(1)} (${c.occurredAtMs.length}× ${c.points} decayed${c.capped ? ', capped' : ''}; ${dates}${c.occurredAtMs.length > 3 ? ', …' : ''})`,
      );
    }
  }
  lines.push(`  explanation written to the CRMs: ${s.explanation}`);
  lines.push(...formatModels(plan));
  lines.push(
    `  stage: ${plan.stage.state.stage}${plan.stage.state.recycleCount ? ` (recycled ${plan.stage.state.recycleCount}×)` : ''}`,
  );
  for (const t of plan.stage.state.history)
    lines.push(`    ${t.at} ${t.from ?? '-'} → ${t.to} (${t.cause}${t.detail ? `: ${t.detail}` : ''})`);
  if (plan.writes.length === 0) lines.push('  a sync now would write nothing for this person');
  for (const w of plan.writes)
    lines.push(
      `  would write ${w.crm}/${w.object}/${w.id} ${w.field}: ${JSON.stringify(w.from)} → ${JSON.stringify(w.to)} (${w.reason})`,
    );
  for (const c of plan.creates) lines.push(`  would create a ${c.crm} ${c.object} (${c.reason})`);
  return lines.join('\n');
}

/** The further scoring models (`scoring.models`): scores only; the stage below follows the primary. */
function formatModels(plan: PersonPlan): string[] {
  return plan.models.flatMap(({ name, score: m }) => [
    `  model "${name}": ${m.cell} · total ${m.total} = profile ${m.profile} (grade ${m.grade}) + engagement ${m.engagement} (level ${m.level}) · model ${m.modelVersion} · MQL by this model: ${m.mql ? 'yes' : 'no'}${m.disqualified ? `; disqualified by "${m.disqualified.rule}"` : ''}`,
    `    explanation written to the CRMs: ${m.explanation}`,
  ]);
}

export function registerExplainCommand(program: Command): void {
  program
    .command('explain')
    .description('Explain a person’s score, contributions and stage (by email, CRM record id or person id)')
    .argument('<email-or-id>', 'an email address, a HubSpot/Salesforce record id, or a leadloop person id')
    .option('--config <file>', 'the YAML config file')
    .option('--json', 'print the plans as JSON')
    .action(async (query: string, options: { config?: string; json?: boolean }) => {
      await withRuntime(
        options.config,
        async (runtime) => {
          const links = await findPeople(runtime, query);
          if (links.length === 0) {
            writeOut(`no person found for "${query}" (run a sync first, or check the spelling)\n`);
            process.exitCode = 1;
            return;
          }
          const prepared = await prepareRun(runtime, { dryRun: true });
          const plans = await explainPeople(runtime, prepared, links);
          writeOut(options.json ? `${JSON.stringify(plans)}\n` : `${plans.map(formatPlan).join('\n\n')}\n`);
        },
        { quiet: true },
      );
    });
}
