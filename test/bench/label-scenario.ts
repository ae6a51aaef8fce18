/**
 * Scenario 5: an admin renamed a few labels by hand in both CRMs (drift, made through the sandboxes'
 * `/__sandbox/*` endpoints), then `leadloop labels plan` + `apply` runs: the same functions the CLI calls.
 */
import type { SandboxConnections } from '../../connectors/sandbox/sandbox-config.ts';
import type { Runtime } from '../../src/main/runtime.ts';
import { applyLabelPlan, failedResults, type ApplyResults } from '../../src/terminology/apply-labels.ts';
import { currentLabelPlan } from '../../src/terminology/drift.ts';
import type { LabelPlan } from '../../src/terminology/plan-labels.ts';
import { measure, type Measured } from './measure.ts';

const HUBSPOT_DRIFT = ['leadloop_score', 'leadloop_grade', 'leadloop_stage'];
const SALESFORCE_DRIFT = [
  { sobject: 'Lead', field: 'Leadloop_Score__c' },
  { sobject: 'Lead', field: 'Leadloop_Grade__c' },
  { sobject: 'Contact', field: 'Leadloop_Score__c' },
];

async function admin(url: string, method: string, body: unknown): Promise<void> {
  const res = await fetch(url, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${url} → ${res.status} ${await res.text()}`);
  await res.arrayBuffer();
}

export async function labelScenario(
  connections: SandboxConnections,
  runtime: Runtime,
  beforeRun: () => Promise<void>,
): Promise<{ run: Measured<ApplyResults>; plan: LabelPlan }> {
  for (const name of HUBSPOT_DRIFT)
    await admin(`${connections.hubspot.baseUrl}/__sandbox/properties/${name}/label`, 'PUT', {
      label: `Old ${name}`,
    });
  for (const { sobject, field } of SALESFORCE_DRIFT)
    await admin(`${connections.salesforce.instanceUrl}/__sandbox/store/setFieldLabel`, 'POST', {
      sobject,
      field,
      label: `Old ${field}`,
    });
  await beforeRun();
  let plan: LabelPlan = { hubspot: [], salesforce: [] };
  const run = await measure(async () => {
    plan = await currentLabelPlan(runtime);
    return applyLabelPlan(runtime.connectors, plan);
  });
  const failed = failedResults(run.value);
  if (failed.length > 0) throw new Error(`label apply failed: ${JSON.stringify(failed.slice(0, 3))}`);
  return { run, plan };
}
