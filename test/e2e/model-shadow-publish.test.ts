/**
 * A candidate model's life on the sandboxes, through the real CLI: `model shadow` registers it, two runs
 * score it beside the live model and write nothing for it, `model compare` reports the movement, `model
 * publish --yes` writes it into the config file, and the rescore then spreads over runs within
 * `scoring.rescoreBudget`: every run's HubSpot write calls stay within the day's budget, a restart keeps
 * the unfinished rescore, and in the end every contact carries the new model version.
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { writeSandboxConfig } from '../../connectors/sandbox/sandbox-config.ts';
import { loadConfig } from '../../src/config/load.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { openRuntime, type Runtime } from '../../src/main/runtime.ts';
import { readPersonState } from '../../src/sync/person-state.ts';
import { runSync, type RunReport } from '../../src/sync/run-sync.ts';
import { withSandboxes } from '../helpers/sandboxes.ts';

const exec = promisify(execFile);
const bin = new URL('../../bin/leadloop.js', import.meta.url).pathname;
const TIMEOUT = 240_000;
const DAY_MS = 86_400_000;
/** HubSpot's daily allocation in this world, and the rescore's share: 2 write calls (200 contacts) a day. */
const DAILY_MAX = 2000;
const BUDGET = 0.001;
/** Contacts per HubSpot batch update call (the connector's write batch). */
const HUBSPOT_BATCH = 100;

async function leadloop(...args: string[]): Promise<string> {
  const { REDIS_URL: _outer, ...env } = process.env;
  const { stdout } = await exec(process.execPath, [bin, ...args], { env: { ...env, LOG_FORMAT: 'json' } });
  return stdout;
}

const isWriteEndpoint = (name: string): boolean => /batch\.(update|upsert)/.test(name);

/** The HubSpot write endpoints called between two stats snapshots, with their call counts. */
const hubspotWrites = (
  before: Record<string, number>,
  after: Record<string, number>,
): Record<string, number> =>
  Object.fromEntries(
    Object.entries(after)
      .map(([name, count]) => [name, count - (before[name] ?? 0)] as const)
      .filter(([name, calls]) => isWriteEndpoint(name) && calls > 0),
  );

/**
 * What a run wrote, for a failure message that names it: the write endpoints called, the run's write and
 * create counters, and the audit of every field it changed (record, field, from → to, why).
 */
async function describeWrites(
  rt: Runtime,
  report: RunReport,
  endpoints: Record<string, number>,
): Promise<string> {
  const counters = Object.entries(report.counters).filter(([k]) =>
    /^(writes|creates|recordsWritten|accounts|rescore)\./.test(k),
  );
  const audit = (await rt.store.listAudit({ limit: 10_000 })).filter((e) => e.runId === report.runId);
  return [
    `run ${report.runId} (${report.status}) called ${JSON.stringify(endpoints)}`,
    `counters ${JSON.stringify(Object.fromEntries(counters))}`,
    ...audit.map(
      (e) =>
        `  ${e.crm} ${e.object} ${e.recordId} ${e.field}: ${JSON.stringify(e.from)} → ${JSON.stringify(e.to)} (${e.reason})`,
    ),
  ].join('\n');
}

describe('model shadow → compare → publish → budgeted rescore', () => {
  it(
    'shadows over two runs writing nothing, publishes, and rescores within the budget across runs',
    async () => {
      const sb = await withSandboxes({ people: 400, seed: 11 });
      let rt: Runtime | undefined;
      try {
        const file = join(sb.dir, 'leadloop.yaml');
        await writeSandboxConfig(file, sb, undefined, { statePath: join(sb.dir, 'state.sqlite') });
        const doc = parseDocument(await readFile(file, 'utf8'));
        doc.setIn(['connections', 'hubspot', 'limits', 'dailyMax'], DAILY_MAX);
        doc.setIn(['scoring', 'rescoreBudget'], BUDGET);
        // No decay between the test's days: each run's writes are the rescore's alone.
        doc.setIn(['scoring', 'engagement', 'halfLifeDays'], 1e9);
        await writeFile(file, doc.toString({ lineWidth: 0 }));

        // The candidate: the live model with the profile points doubled (people move up the grades).
        const scoring = doc.toJS().scoring as {
          modelVersion: string;
          profile: { rules: { points: number }[] };
        };
        const candidate = {
          ...scoring,
          modelVersion: 'candidate-2',
          profile: {
            ...scoring.profile,
            rules: scoring.profile.rules.map((r) => ({ ...r, points: r.points * 2 })),
          },
        };
        const candidateFile = join(sb.dir, 'candidate.yaml');
        await writeFile(candidateFile, parseDocument('').createNode({ scoring: candidate }).toString());

        // The host clock, moved on a day at a time for the rescore. It runs, as in a deployment: a clock
        // frozen between runs gives every run the same signpost, and the Salesforce connector maps one
        // signpost into the org's time once, so a frozen clock would leave the first run's echoes unread
        // until some later runtime reads them, inside whichever run that happens to be.
        let shiftMs = 0;
        const open = async (): Promise<Runtime> =>
          openRuntime(await loadConfig(file), {
            logger: createLogger({ level: 'silent' }),
            clock: () => new Date(Date.now() + shiftMs),
          });
        const run = async (): Promise<{
          report: RunReport;
          hubspotCalls: number;
          writes: Record<string, number>;
        }> => {
          const before = { ...sb.hubspot.stats().byEndpoint };
          if (!rt) throw new Error('no runtime');
          const report = await runSync(rt, { kind: 'incremental' });
          const writes = hubspotWrites(before, sb.hubspot.stats().byEndpoint);
          return { report, writes, hubspotCalls: Object.values(writes).reduce((a, b) => a + b, 0) };
        };

        const expectNoWrites = async (r: Awaited<ReturnType<typeof run>>): Promise<void> => {
          if (!rt) throw new Error('no runtime');
          const written = r.hubspotCalls === 0 ? '' : await describeWrites(rt, r.report, r.writes);
          expect(r.hubspotCalls, written).toBe(0);
          expect(Object.keys(r.report.counters).filter((k) => k.startsWith('writes.'))).toEqual([]);
        };

        rt = await open();
        const first = await run();
        expect(first.report.status).toBe('succeeded');
        const liveVersion = scoring.modelVersion;

        // The org's Title Normaliser flow spelled out the VP titles the first run's writes saved ("VP Sales"
        // -> "Vice President Sales"); the next run reads those echoes and carries them to HubSpot's
        // two-way-mapped jobtitle, a genuine write. The run after writes nothing: the shadow starts on a
        // settled world, so any write during it is the shadow's.
        const echoes = await run();
        expect(echoes.report.counters['writes.hubspot.jobtitle']).toBeGreaterThan(0);
        await expectNoWrites(await run());

        // Shadow: registered by the CLI, then two runs score it and write nothing at all.
        expect(await leadloop('model', 'shadow', candidateFile, '--config', file)).toContain(
          `shadowing candidate-2 beside live ${liveVersion}`,
        );
        const shadowRuns = [await run(), await run()];
        for (const r of shadowRuns) await expectNoWrites(r);
        expect(shadowRuns[0]?.report.counters.peopleProcessed).toBeGreaterThan(300);

        const compared = JSON.parse(await leadloop('model', 'compare', '--json', '--config', file)) as {
          people: number;
          movement: { total: number; moved: number; counts: number[][] };
          mql: { gained: number; lost: number };
        };
        expect(compared.people).toBeGreaterThan(300);
        expect(compared.movement.total).toBe(compared.people);
        expect(compared.movement.moved).toBeGreaterThan(0);
        expect(compared.mql.gained).toBeGreaterThan(0);

        // Publish: the expected write volume first, then the config file holds the candidate.
        const published = await leadloop('model', 'publish', '--yes', '--by', 'e2e', '--config', file);
        expect(published).toMatch(/hubspot\s+\d+ records in \d+ write calls; 2 calls a day/);
        expect(published).toContain('published candidate-2');
        expect((await loadConfig(file)).scoring).toMatchObject({
          modelVersion: 'candidate-2',
          rescoreBudget: BUDGET,
        });
        const history = JSON.parse(await leadloop('model', 'history', '--json', '--config', file)) as {
          history: { modelVersion: string; by: string }[];
        };
        expect(history.history.map((h) => [h.modelVersion, h.by])).toEqual([
          [liveVersion, 'config file'],
          ['candidate-2', 'e2e'],
        ]);

        // Each contact's score change as the shadow saw it: the rescore writes the biggest first.
        const change = new Map<string, number>();
        for await (const batch of rt.store.iterateLinks(500)) {
          const states = await rt.store.getPersonStates(batch.map((l) => l.personId));
          for (const l of batch) {
            const shadow = readPersonState(states.get(l.personId)).shadow;
            if (l.hubspotId && shadow)
              change.set(l.hubspotId, Math.abs(shadow.latest.candidate.total - shadow.latest.live.total));
          }
        }
        // The rescore: restart on the new file; each day's runs write at most the day's 2 calls.
        let contactsBefore = 0;
        for await (const batch of rt.store.iterateLinks(500))
          contactsBefore += batch.filter((l) => l.hubspotId).length;
        await rt.close();
        rt = await open();
        const allowance = Math.floor(BUDGET * DAILY_MAX);
        const perDay: number[] = [];
        let waiting = Number.POSITIVE_INFINITY;
        for (let day = 0; day < 6 && waiting > 0; day++) {
          let used = 0;
          for (let i = 0; i < 2; i++) {
            const r = await run();
            // The rescore's writes: the new version reaching contacts (other sync writes may share a batch).
            used += r.report.counters['writes.hubspot.leadloop_model_version'] ?? 0;
            waiting = r.report.counters['rescore.waiting'] ?? 0;
            if (i === 0 && day === 1) {
              // A restart mid-rescore keeps the rest of it.
              await rt.close();
              rt = await open();
            }
          }
          expect(Math.ceil(used / HUBSPOT_BATCH)).toBeLessThanOrEqual(allowance);
          if (day === 0) {
            const [done, rest] = [true, false].map((written) =>
              [...change].filter(
                ([id]) =>
                  (sb.hubspot.store.getContact(id)?.properties['leadloop_model_version'] ===
                    'candidate-2') ===
                  written,
              ),
            );
            expect(done?.length).toBe(allowance * HUBSPOT_BATCH);
            expect(Math.min(...(done ?? []).map(([, c]) => c))).toBeGreaterThanOrEqual(
              Math.max(...(rest ?? []).map(([, c]) => c)),
            );
          }
          perDay.push(used);
          shiftMs += DAY_MS;
        }
        expect(waiting).toBe(0);
        expect(perDay.length).toBeGreaterThan(1);
        expect(perDay[0]).toBe(allowance * HUBSPOT_BATCH);
        expect(perDay.reduce((a, b) => a + b, 0)).toBe(contactsBefore);

        // Every linked contact now carries the new version; the shadow is gone.
        const links = [];
        for await (const batch of rt.store.iterateLinks(500)) links.push(...batch);
        const contacts = links.flatMap((l) => (l.hubspotId ? [l.hubspotId] : []));
        expect(contacts.length).toBeGreaterThan(200);
        for (const id of contacts)
          expect(sb.hubspot.store.getContact(id)?.properties['leadloop_model_version']).toBe('candidate-2');
        const states = await rt.store.getPersonStates(links.slice(0, 20).map((l) => l.personId));
        for (const raw of states.values())
          expect(readPersonState(raw).lastScore?.modelVersion).toBe('candidate-2');
      } finally {
        await rt?.close();
        await sb.close();
      }
    },
    TIMEOUT,
  );
});
