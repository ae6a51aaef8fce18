/**
 * `leadloop config validate FILE --online`: the config against the live CRMs. Each connector checks its
 * auth and asks which behaviour streams the account serves; what a plan lacks is a warning (exit 0), naming
 * the engagement rules that can therefore never match. A CRM that refuses the credentials fails as a sync
 * would (its error, exit 1 or 2).
 */
import type { LeadloopConfig } from '../config/schema.ts';
import { behaviourWarnings, formatBehaviourWarning } from '../health/behaviour-warnings.ts';
import { loadEngagementRuleSets } from '../models/engagement-rule-sets.ts';
import type { Logger } from '../lib/logger.ts';
import { openRuntime } from '../main/runtime.ts';
import { CRMS } from '../sync/context.ts';

export async function validateOnline(config: LeadloopConfig, logger: Logger): Promise<string[]> {
  const runtime = await openRuntime(config, { logger });
  try {
    const lines: string[] = [];
    const unavailable = [];
    for (const crm of CRMS) {
      const connector = runtime.connectors[crm];
      await connector.check();
      const account = await connector.account();
      lines.push(`${crm}: reachable (account ${account.id})`);
      unavailable.push(...((await connector.unavailableStreams?.()) ?? []));
    }
    for (const w of behaviourWarnings(unavailable, await loadEngagementRuleSets(runtime.store, config)))
      lines.push(`warning: ${formatBehaviourWarning(w)}`);
    return lines;
  } finally {
    await runtime.close();
  }
}
