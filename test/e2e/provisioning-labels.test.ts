/**
 * A field leadloop provisions is born with the glossary's labels, stage option labels included, so the
 * first drift check after provisioning reports only what the organisation itself labels differently (its
 * own Lead Status values). Before, the stage picklists were created with the raw values as labels and the
 * first run reported 23 labels of drift.
 */
import { describe, expect, it } from 'vitest';
import { readDriftStatus } from '../../src/terminology/drift.ts';
import { worldsPerTest } from './engine-world.ts';

const open = worldsPerTest();

describe('provisioning with the glossary', () => {
  it('creates the stage picklists with the glossary labels; the first run reports only the org labels', async () => {
    const w = await open({ people: 30, seed: 5 });
    const report = await w.run('full');
    expect(report.provisioned.length).toBeGreaterThan(50);
    const drift = await readDriftStatus(w.rt.store);
    expect(drift?.items.map((i) => `${i.crm} ${i.target}`)).toEqual([
      'salesforce Lead.Status["Closed - Not Converted"]',
      'salesforce Lead.Status["Working - Contacted"]',
    ]);
    const stage = w.sb.hubspot.store.listProperties().find((p) => p.name === 'leadloop_stage');
    expect(stage?.options?.find((o) => o.value === 'MQL')?.label).toBe('Sales-Ready Lead');
  });
});
