/**
 * The state is bound to the CRMs it was built from. Links, snapshots and cursors only mean something for
 * one HubSpot portal and one Salesforce org: pointed at another company's CRMs (a copied config, a sandbox
 * org refreshed from production, a state file reused) they would pull nothing and write scores onto the
 * wrong records. The first run records both account ids; every later run compares them before any write.
 */
import { z } from 'zod';
import { ConfigError } from '../lib/errors.ts';
import { redisEndpoint } from '../lib/redis-endpoint.ts';
import { defineMeta } from '../state/meta.ts';
import type { SyncContext } from './context.ts';

const CrmAccounts = z.strictObject({ hubspot: z.string().min(1), salesforce: z.string().min(1) });
type CrmAccounts = z.infer<typeof CrmAccounts>;

export const boundAccounts = defineMeta('crm-accounts', CrmAccounts);

function stateName(ctx: SyncContext): string {
  const state = ctx.config.state;
  return state.type === 'sqlite' ? `sqlite ${state.path}` : `redis ${redisEndpoint(state.url)}`;
}

const describe = (a: CrmAccounts): string => `HubSpot portal ${a.hubspot} and Salesforce org ${a.salesforce}`;

/** Records the accounts on a state's first run; throws `ConfigError` (exit 2) when they changed since. */
export async function assertStateBoundToCrms(ctx: SyncContext): Promise<CrmAccounts> {
  const now: CrmAccounts = {
    hubspot: (await ctx.connectors.hubspot.account()).id,
    salesforce: (await ctx.connectors.salesforce.account()).id,
  };
  const bound = await boundAccounts.read(ctx.store);
  if (bound === null) {
    await boundAccounts.write(ctx.store, now);
    return now;
  }
  if (bound.hubspot === now.hubspot && bound.salesforce === now.salesforce) return now;
  throw new ConfigError(
    [
      `state (${stateName(ctx)}) was built from ${describe(bound)}, but these connections reach ${describe(now)}; nothing was synced.`,
      'Point `state` at another file or Redis for these CRMs, or run `leadloop state reset` to forget the old ones (the next run re-links everyone).',
    ],
    { bound, now },
  );
}
