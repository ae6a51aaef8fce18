/**
 * Records a pull reports outside `sync.include` arrive as deletions. One that a person holds is unlinked
 * by linking, as any deletion; one nobody holds may still share the email of a person on the other side
 * (a HubSpot-only MQL whose Lead sits outside the Salesforce filter). That side is remembered for them
 * like a deletion, so a hand-off never creates a second record beside the one the filter hides.
 */
import type { PersonRecord } from '../domain/person.ts';
import { normaliseEmail } from '../link/normalise-email.ts';
import { emailOfRecord } from '../link/record-email.ts';
import type { SyncContext } from './context.ts';
import { readPersonState } from './person-state.ts';

export async function rememberExcluded(ctx: SyncContext, records: readonly PersonRecord[]): Promise<void> {
  const excluded = records.filter((r) => r.excluded === true);
  if (excluded.length === 0) return;
  const emailOf = (r: PersonRecord): string | null =>
    normaliseEmail(emailOfRecord(r, ctx.config.fieldMappings));
  const emails = [...new Set(excluded.flatMap((r) => emailOf(r) ?? []))];
  if (emails.length === 0) return;
  const byEmail = await ctx.store.getLinksByEmails(emails);
  const sides = new Map<string, { crm: PersonRecord['crm']; object: PersonRecord['object'] }[]>();
  for (const r of excluded) {
    const email = emailOf(r);
    for (const link of email === null ? [] : (byEmail.get(email) ?? [])) {
      const list = sides.get(link.personId) ?? [];
      list.push({ crm: r.crm, object: r.object });
      sides.set(link.personId, list);
    }
  }
  if (sides.size === 0) return;
  const states = await ctx.store.getPersonStates([...sides.keys()]);
  await ctx.store.putPersonStates(
    [...sides].map(([personId, add]) => {
      const state = readPersonState(states.get(personId));
      const tombstones = [...state.tombstones];
      for (const side of add)
        if (!tombstones.some((t) => t.crm === side.crm && t.object === side.object)) tombstones.push(side);
      return { personId, state: { ...state, tombstones } };
    }),
  );
}
