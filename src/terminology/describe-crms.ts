/** `describe()` of every person object in both CRMs: the ground truth a label plan is diffed against. */
import type { CrmConnector } from '../../connectors/types.ts';
import type { CrmName } from '../domain/crm.ts';
import type { DescribedObject } from './plan-labels.ts';

export type Connectors = Readonly<Record<CrmName, CrmConnector>>;

export async function describeCrms(connectors: Connectors): Promise<Record<CrmName, DescribedObject[]>> {
  const describeOne = async (connector: CrmConnector): Promise<DescribedObject[]> => {
    const out: DescribedObject[] = [];
    // One object after the other: never parallelise calls to one portal/org: one connector's limiter budgets its calls in sequence.
    for (const object of connector.objects) {
      out.push({
        object,
        apiName: connector.objectApiName(object),
        // Fresh: a label renamed by hand since the last call must show up as drift.
        fields: await connector.describe(object, { fresh: true }),
      });
    }
    return out;
  };
  const [hubspot, salesforce] = await Promise.all([
    describeOne(connectors.hubspot),
    describeOne(connectors.salesforce),
  ]);
  return { hubspot, salesforce };
}
