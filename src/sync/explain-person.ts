/**
 * `leadloop explain`: one person's score, contributions, stage history and the writes a run would make,
 * from the state store and the same `planPerson` a run uses. Found by email or by any CRM record id.
 */
import { normaliseEmail } from '../link/normalise-email.ts';
import { previousModel } from '../models/rescore-queue.ts';
import { compileModel } from '../scoring/compile-model.ts';
import type { Score } from '../scoring/types.ts';
import { CRMS, type SyncContext } from './context.ts';
import { loadInputs } from './load-inputs.ts';
import { planPerson, type PersonPlan } from './plan-person.ts';
import type { Prepared } from './prepare.ts';
import type { PersonLink, RecordRef } from '../domain/person-link.ts';

export async function findPeople(ctx: SyncContext, query: string): Promise<PersonLink[]> {
  const email = normaliseEmail(query);
  if (email !== null && query.includes('@'))
    return (await ctx.store.getLinksByEmails([email])).get(email) ?? [];
  const refs: RecordRef[] = CRMS.flatMap((crm) =>
    ctx.connectors[crm].objects.map((object) => ({ crm, object, id: query })),
  );
  const byRef = await ctx.store.getLinksByRefs(refs);
  const byPerson = await ctx.store.getLinksByPersonIds([query]);
  return [...new Map([...byRef.values(), ...byPerson.values()].map((l) => [l.personId, l])).values()];
}

export interface ExplainedPerson extends PersonPlan {
  /**
   * Set while a budgeted rescore has not reached the person: `score` is what a run writes now (the
   * previous model's, still in the CRMs), this is the live model's, written once the rescore releases them.
   */
  readonly pendingRescore?: { readonly score: Score };
}

export async function explainPeople(
  ctx: SyncContext,
  prepared: Pick<Prepared, 'targets'>,
  links: readonly PersonLink[],
): Promise<ExplainedPerson[]> {
  const { inputs } = await loadInputs(
    ctx.store,
    links.map((l) => l.personId),
  );
  const model = compileModel(ctx.config.scoring, { explanationLength: ctx.config.fields.explanationLength });
  const previous = await previousModel(ctx.store, ctx.config);
  const now = ctx.clock();
  const settings = { config: ctx.config, model, targets: prepared.targets, roundRobin: 0 };
  // The run's own choice of model per person, so explain shows what is (and will be) written.
  return inputs.map((i): ExplainedPerson => {
    const plan = planPerson(i, { ...settings, ...(previous ? { previous } : {}) }, now);
    if (plan.score.modelVersion === model.modelVersion) return plan;
    return { ...plan, pendingRescore: { score: planPerson(i, settings, now).score } };
  });
}
