/**
 * One sandbox world plus an embedded leadloop runtime on it, for the sync-engine e2e tests: run syncs,
 * read what each CRM holds now, and ask the engine what it would plan for a person (`explainPeople`, the
 * same `planPerson` a run uses), so a test compares the CRMs against the engine's own expectation.
 */
import { afterEach } from 'vitest';
import type { SandboxDataset } from '../../connectors/sandbox/dataset.ts';
import type { LeadloopConfig } from '../../src/config/schema.ts';
import type { FieldValue } from '../../src/domain/person.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { openRuntime, type Runtime } from '../../src/main/runtime.ts';
import { explainPeople } from '../../src/sync/explain-person.ts';
import { readPersonState, type PersonState } from '../../src/sync/person-state.ts';
import type { PersonPlan } from '../../src/sync/plan-person.ts';
import { prepareRun } from '../../src/sync/prepare.ts';
import { runSync, type RunOptions, type RunReport } from '../../src/sync/run-sync.ts';
import { withSandboxes, type TestSandboxes, type WithSandboxesOptions } from '../helpers/sandboxes.ts';
import type { PersonLink } from '../../src/domain/person-link.ts';

export type Person = SandboxDataset['people'][number];
type Row = Readonly<Record<string, unknown>>;

export interface EngineWorld {
  readonly sb: TestSandboxes;
  readonly rt: Runtime;
  /** Restarts the runtime on the same state with a changed config (what an admin's edit + restart does). */
  reconfigure(change: (config: LeadloopConfig) => LeadloopConfig): Promise<void>;
  run(kind: RunOptions['kind'], options?: Omit<RunOptions, 'kind'>): Promise<RunReport>;
  /** Dataset people matching where they live (`H` HubSpot, `L` Lead, `C` Contact; `-` absent). */
  people(presence: string): Person[];
  hubspotId(person: Person): string;
  leadId(person: Person): string;
  /** The HubSpot contact's properties now (string values, as HubSpot returns them). */
  hubspot(id: string): Readonly<Record<string, string | null>>;
  salesforce(sobject: 'Lead' | 'Contact', id: string): Row;
  linkOf(hubspotOrSalesforceId: string): Promise<PersonLink>;
  stateOf(personId: string): Promise<PersonState>;
  /** What a run would plan for this person now (score, stage, remaining writes). */
  plan(link: PersonLink): Promise<PersonPlan>;
  close(): Promise<void>;
}

export interface EngineWorldOptions extends WithSandboxesOptions {
  /** Adjust the sandbox config (e.g. a different hand-off setting). */
  readonly configure?: (config: LeadloopConfig) => LeadloopConfig;
}

const presenceOf = (p: Person): string =>
  `${p.hubspot ? 'H' : '-'}${p.salesforceLead && !p.salesforceLead.isConverted ? 'L' : '-'}${p.salesforceContact ? 'C' : '-'}`;

export async function openEngineWorld(options: EngineWorldOptions = {}): Promise<EngineWorld> {
  const { configure, ...sandboxOptions } = options;
  const sb = await withSandboxes({ people: 200, seed: 7, ...sandboxOptions });
  let rt: Runtime;
  try {
    const config = configure ? configure(sb.config) : sb.config;
    rt = await openRuntime(config, { logger: createLogger({ level: 'silent' }) });
  } catch (err) {
    await sb.close();
    throw err;
  }
  const must = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`engine world: ${what} not found`);
    return value;
  };
  const world: EngineWorld = {
    sb,
    get rt() {
      return rt;
    },
    async reconfigure(change) {
      const config = change(rt.config);
      await rt.close();
      rt = await openRuntime(config, { logger: createLogger({ level: 'silent' }) });
    },
    run: (kind, runOptions = {}) => runSync(rt, { kind, ...runOptions }),
    people: (presence) => sb.dataset.people.filter((p) => presenceOf(p) === presence),
    hubspotId: (p) => must(sb.hubspot.store.contactIdForPersonKey(p.key), `HubSpot contact of ${p.key}`),
    leadId: (p) => must(sb.salesforce.store.leadIdForPersonKey(p.key), `Lead of ${p.key}`),
    hubspot: (id) => must(sb.hubspot.store.getContact(id), `HubSpot contact ${id}`).properties,
    salesforce: (sobject, id) => must(sb.salesforce.store.get(sobject, id), `${sobject} ${id}`),
    async linkOf(id) {
      const refs = [
        { crm: 'hubspot', object: 'contact', id },
        { crm: 'salesforce', object: 'lead', id },
        { crm: 'salesforce', object: 'contact', id },
      ] as const;
      const links = await rt.store.getLinksByRefs(refs);
      return must([...links.values()][0], `link of ${id}`);
    },
    async stateOf(personId) {
      return readPersonState((await rt.store.getPersonStates([personId])).get(personId));
    },
    async plan(link) {
      const prepared = await prepareRun(rt, { dryRun: true });
      const [plan] = await explainPeople(rt, prepared, [link]);
      return must(plan, `plan of ${link.personId}`);
    },
    close: async () => {
      await rt.close();
      await sb.close();
    },
  };
  return world;
}

/**
 * For a test file: `open()` starts a world that is closed after the test that opened it, whatever the
 * outcome (call at module level; it registers an `afterEach`).
 */
export function worldsPerTest(): (options?: EngineWorldOptions) => Promise<EngineWorld> {
  const open: EngineWorld[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((w) => w.close()));
  });
  return async (options) => {
    const w = await openEngineWorld(options);
    open.push(w);
    return w;
  };
}

/** The `writes.<crm>.<field>` counters of a run (empty when it wrote nothing). */
export function writeCounters(report: RunReport): Record<string, number> {
  return Object.fromEntries(
    Object.entries(report.counters).filter(
      (e): e is [string, number] => e[0].startsWith('writes.') && e[1] !== undefined,
    ),
  );
}

/** HubSpot returns every property as a string: compare engine values in that form. */
export const asHubSpot = (value: FieldValue): string | null =>
  value === null ? null : typeof value === 'string' ? value : String(value);

/** A moment strictly after `previous`, so a change made now is newer than one made before. */
export async function tick(ms = 5): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}
