/**
 * Label alignment end to end on both sandboxes: provision leadloop's fields, align labels, re-plan to
 * nothing, then see a label renamed by hand come back as drift (and be re-applied with enforce).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeSandboxConfig } from '../../connectors/sandbox/start-sandboxes.ts';
import { main } from '../../src/cli.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { openRuntime, type Runtime } from '../../src/main/runtime.ts';
import { createMemoryStore } from '../../src/state/memory/memory-store.ts';
import type { StateStore } from '../../src/state/types.ts';
import { applyLabelPlan, failedResults } from '../../src/terminology/apply-labels.ts';
import { checkTerminology, currentLabelPlan, readDriftStatus } from '../../src/terminology/drift.ts';
import { planItems, type LabelPlan } from '../../src/terminology/plan-labels.ts';
import { withSandboxes, type TestSandboxes } from '../helpers/sandboxes.ts';

let sb: TestSandboxes;
let runtime: Runtime;
let store: StateStore;

beforeAll(async () => {
  sb = await withSandboxes({ people: 20, seed: 3 });
  store = createMemoryStore();
  runtime = await openRuntime(sb.config, { logger: createLogger({ level: 'silent' }), store });
});
afterAll(async () => {
  await runtime?.close();
  await sb?.close();
});

const count = (plan: LabelPlan) => planItems(plan).length;

describe('labels on the sandboxes', () => {
  it('leadloop labels plan --json (CLI, written sandbox config) lists what apply would do', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'leadloop-labels-'));
    try {
      const file = join(dir, 'leadloop.yaml');
      await writeSandboxConfig(file, sb);
      const out: string[] = [];
      const spy = vi
        .spyOn(process.stdout, 'write')
        .mockImplementation((chunk) => (out.push(String(chunk)), true));
      const code = await main(['node', 'leadloop', 'labels', 'plan', '--json', '--config', file]).finally(
        () => spy.mockRestore(),
      );
      expect(code).toBe(0);
      const plan = JSON.parse(out.join('')) as LabelPlan;
      expect(plan.hubspot.filter((i) => i.kind === 'create-field')).toHaveLength(19);
      expect(plan.salesforce.filter((i) => i.kind === 'create-field')).toHaveLength(38);
      expect(
        plan.salesforce.filter((i) => i.kind === 'option-label').map((i) => [i.optionValue, i.to]),
      ).toEqual([
        ['Closed - Not Converted', 'Rejected - Back to Nurture'],
        ['Working - Contacted', 'Accepted - Working'],
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('plan → apply provisions both sandboxes with glossary labels and types, then plans nothing', async () => {
    const plan = await currentLabelPlan(runtime);
    expect(count(plan)).toBeGreaterThan(50);
    const results = await applyLabelPlan(runtime.connectors, plan);
    expect(failedResults(results)).toEqual([]);

    // Checked in the sandboxes' own stores, not through the connectors that wrote them.
    const hsProps = new Map(sb.hubspot.store.listProperties().map((p) => [p.name, p]));
    expect(hsProps.get('leadloop_score')).toMatchObject({ label: 'Lead Score', type: 'number' });
    const hsStage = hsProps.get('leadloop_stage');
    expect(hsStage).toMatchObject({ label: 'Lead Stage', type: 'enumeration' });
    expect(hsStage?.options?.find((o) => o.value === 'MQL')?.label).toBe('Sales-Ready Lead');
    const lead = await runtime.connectors.salesforce.describe('lead');
    expect(lead.find((f) => f.name === 'Leadloop_Grade__c')).toMatchObject({
      label: 'Lead Rank',
      type: 'picklist',
    });
    expect(
      lead.find((f) => f.name === 'Leadloop_Mql_Date__c' || f.name === 'Leadloop_MQL_Date__c'),
    ).toMatchObject({ type: 'datetime' });
    const status = lead.find((f) => f.name === 'Status');
    expect(status?.options.find((o) => o.value === 'Working - Contacted')?.label).toBe('Accepted - Working');
    const contact = await runtime.connectors.salesforce.describe('contact');
    expect(contact.find((f) => f.name === 'Leadloop_Score__c')).toMatchObject({
      label: 'Lead Score',
      type: 'number',
    });

    expect(planItems(await currentLabelPlan(runtime))).toEqual([]);
    const again = await applyLabelPlan(runtime.connectors, await currentLabelPlan(runtime));
    expect([...again.hubspot, ...again.salesforce]).toEqual([]);
  });

  it('a label renamed by hand shows up as drift, and enforce puts it back', async () => {
    sb.hubspot.store.setPropertyLabel('leadloop_score', 'Points');
    sb.salesforce.store.setFieldLabel('Lead', 'Leadloop_Grade__c', 'Rank (old)');
    const seen = await checkTerminology(runtime, { enforce: false });
    expect(seen.drift.map((d) => [d.crm, d.object, d.field, d.from, d.to])).toEqual([
      ['hubspot', 'contacts', 'leadloop_score', 'Points', 'Lead Score'],
      ['salesforce', 'Lead', 'Leadloop_Grade__c', 'Rank (old)', 'Lead Rank'],
    ]);
    expect(seen.applied).toBeUndefined();
    expect(await readDriftStatus(store)).toMatchObject({ count: 2, enforced: false });

    const enforced = await checkTerminology(runtime, { enforce: true });
    expect(enforced.applied && failedResults(enforced.applied)).toEqual([]);
    const after = await checkTerminology(runtime, { enforce: false });
    expect(after.drift).toEqual([]);
    expect(await readDriftStatus(store)).toMatchObject({ count: 0 });
    expect(sb.hubspot.store.listProperties().find((p) => p.name === 'leadloop_score')?.label).toBe(
      'Lead Score',
    );
  });
});
