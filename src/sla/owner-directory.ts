/** The CRM's users as the SLA steps need them: read once per chunk that takes a step, never otherwise. */
import type { CrmConnector } from '../../connectors/types.ts';
import type { OwnerDirectory } from '../stages/sla-actions.ts';

/** undefined when the CRM lists no owners: re-routes then treat every listed id as active. */
export async function loadOwnerDirectory(connector: CrmConnector): Promise<OwnerDirectory | undefined> {
  if (!connector.listOwners) return undefined;
  const users = await connector.listOwners();
  return new Map(users.map((u) => [u.id, { active: u.active, managerId: u.managerId }]));
}
