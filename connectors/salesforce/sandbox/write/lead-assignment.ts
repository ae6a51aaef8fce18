/**
 * The org's active Lead assignment rule (option `leadAssignmentRule`, on by default). A Lead created or
 * updated through the REST API is assigned by it unless the request says `Sforce-Auto-Assign: FALSE`:
 * "If the header is not provided in the request, the default value is TRUE"; values are not
 * case-sensitive. https://developer.salesforce.com/docs/platform/api-rest/guide/headers-autoassign.md
 * The sandbox's rule is one entry: the owner is an active user of the org (the integration user aside),
 * chosen from the Lead's Country, so the same Lead always gets the same owner.
 */
import type { SfValue } from '../catalog/field-def.ts';
import type { SandboxContext, SfRequest } from '../http/context.ts';
import type { SalesforceStoreCore } from '../store/store-core.ts';

export const AUTO_ASSIGN_HEADER = 'sforce-auto-assign';

/** Whether a request's `Sforce-Auto-Assign` value (absent: TRUE) lets assignment rules run. */
export function autoAssignOf(value: string | undefined): boolean {
  return (value ?? 'TRUE').trim().toUpperCase() !== 'FALSE';
}

/** The owner the rule gives a Lead with this Country (null when the org has no user to assign). */
export function leadRuleOwner(store: SalesforceStoreCore, country: SfValue | undefined): string | null {
  const users = [...(store.table('User')?.rows.values() ?? [])]
    .filter((u) => u['IsActive'] !== false && u['Id'] !== store.integrationUserId)
    .map((u) => u['Id'] as string)
    .sort();
  if (users.length === 0) return null;
  const key = typeof country === 'string' ? country.trim().toLowerCase() : '';
  let hash = 0;
  for (const ch of key) hash = (hash * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return users[hash % users.length] ?? null;
}

/**
 * The save context of a REST write: the rule runs when the org has it and the request allows it; the
 * org's flows run whenever it has them (no request header skips a flow).
 */
export function saveContextOf(
  ctx: SandboxContext,
  req: SfRequest,
): { store: SandboxContext['store']; faults: SandboxContext['faults']; autoAssign: boolean; flows: boolean } {
  return {
    store: ctx.store,
    faults: ctx.faults,
    autoAssign: ctx.options.leadAssignmentRule && autoAssignOf(req.headers[AUTO_ASSIGN_HEADER]),
    flows: ctx.options.flows,
  };
}
