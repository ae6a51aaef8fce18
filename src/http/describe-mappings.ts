/** The describe results a mapping check needs, in the shape `checkMappings` reads. */
import type { MappingDescribe } from '../mapping/targets.ts';
import type { Connectors } from '../terminology/describe-crms.ts';

export async function describeForMappings(connectors: Connectors): Promise<MappingDescribe> {
  const hubspot = await connectors.hubspot.describe('contact');
  const lead = await connectors.salesforce.describe('lead');
  const contact = await connectors.salesforce.describe('contact');
  return { hubspot, salesforce: { lead, contact } };
}
