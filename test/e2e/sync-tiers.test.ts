/**
 * leadloop on a Professional portal (HubSpot's default tier, its real limits on): Events v3 answers 403, the
 * full and the incremental sync still succeed without a 429, and the warning naming the unavailable stream
 * and the engagement rules that can never match reaches the run record, `leadloop status`'s source, the
 * console overview and `/metrics`.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { writeSandboxConfig } from '../../connectors/sandbox/start-sandboxes.ts';
import {
  engagementRuleSets,
  formatBehaviourWarning,
  warningsOfLastPull,
} from '../../src/health/behaviour-warnings.ts';
import { createAppMetrics } from '../../src/http/get-metrics.ts';
import { candidateMeta } from '../../src/models/model-meta.ts';
import { renderOverviewPage } from '../../src/http/render-overview-page.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { openRuntime, type Runtime } from '../../src/main/runtime.ts';
import { runSync } from '../../src/sync/run-sync.ts';
import { withSandboxes, type TestSandboxes } from '../helpers/sandboxes.ts';

const TIMEOUT = 120_000;
const bin = new URL('../../bin/leadloop.js', import.meta.url).pathname;

let open: { sb: TestSandboxes; rt: Runtime } | undefined;
afterEach(async () => {
  await open?.rt.close();
  await open?.sb.close();
  open = undefined;
});

const PAGE_VIEW_AND_EVENT_RULES = [
  'Pricing page',
  'Careers page',
  'Whitepaper',
  'Product flyer',
  'Webinar attended',
];

describe('sync on a Professional HubSpot portal', () => {
  it(
    'a full and an incremental sync end succeeded, with zero 429s, forms from the Forms API and a warning naming the unavailable streams',
    async () => {
      const sb = await withSandboxes({
        people: 150,
        seed: 7,
        hubspotTier: 'professional',
        hubspot: { subscription: 'professional' },
      });
      const rt = await openRuntime(sb.config, { logger: createLogger({ level: 'silent' }) });
      open = { sb, rt };

      const full = await runSync(rt, { kind: 'full' });
      const incremental = await runSync(rt, { kind: 'incremental' });
      expect([full.status, incremental.status]).toEqual(['succeeded', 'succeeded']);
      expect(rt.connectors.hubspot.usage().http429).toBe(0);
      expect(sb.hubspot.stats().byEndpoint['events.list'] ?? 0).toBe(0);
      // Behaviour every tier has still arrives, forms through the Forms API.
      expect(full.counters.activitiesPulled ?? 0).toBeGreaterThan(0);
      expect(sb.hubspot.stats().byEndpoint['forms.submissions'] ?? 0).toBeGreaterThan(0);

      const runs = await rt.store.listRuns(5);
      const warnings = warningsOfLastPull(runs, engagementRuleSets(sb.config.scoring));
      expect(warnings).toEqual([
        {
          crm: 'hubspot',
          streams: ['events'],
          activityTypes: ['campaign_response', 'content_download', 'custom', 'page_view', 'webinar'],
          rules: PAGE_VIEW_AND_EVENT_RULES,
        },
      ]);
      const message = formatBehaviourWarning(warnings[0]!);
      expect(message).toContain('HubSpot behaviour streams unavailable on this account: events');
      expect(message).toContain('Pricing page');

      const metrics = await createAppMetrics({ runtime: rt }).render();
      expect(metrics).toContain('leadloop_behaviour_stream_unavailable{crm="hubspot",stream="events"} 1');
      expect(metrics).toContain(
        `leadloop_engagement_rules_unmatchable{crm="hubspot"} ${PAGE_VIEW_AND_EVENT_RULES.length}`,
      );

      const page = renderOverviewPage({
        runs,
        dirty: 0,
        failures: { permanent: 0, retryable: 0 },
        drift: null,
        quota: [],
        warnings: warnings.map(formatBehaviourWarning),
      });
      expect(page).toContain('id="warnings"');
      expect(page).toContain('behaviour streams unavailable on this account: events');

      // `leadloop status` on the same state says it too, and so does its --json.
      const file = join(sb.dir, 'leadloop.yaml');
      await writeSandboxConfig(file, sb, undefined, { statePath: join(sb.dir, 'state.sqlite') });
      const status = async (...flags: string[]): Promise<string> =>
        (
          await promisify(execFile)(process.execPath, [bin, 'status', '--config', file, ...flags], {
            env: { ...process.env, LOG_FORMAT: 'json' },
          })
        ).stdout;
      expect(await status()).toContain(`warning: ${message}`);
      const json = JSON.parse(await status('--json')) as { warnings: Array<{ streams: string[] }> };
      expect(json.warnings.map((w) => w.streams)).toEqual([['events']]);

      // A shadowed candidate's rules are scored every run too: one on page views is named beside the primary's.
      const { models: _models, account: _account, ...live } = sb.config.scoring;
      await candidateMeta.write(rt.store, {
        scoring: {
          ...live,
          modelVersion: '2026-12-candidate',
          engagement: {
            ...live.engagement,
            rules: [{ name: 'Docs visit', activity: 'page_view', points: 5 }],
          },
        },
        modelVersion: '2026-12-candidate',
        file: 'candidate.yaml',
        startedAt: new Date().toISOString(),
        liveVersion: sb.config.scoring.modelVersion,
      });
      expect(await status()).toContain('candidate 2026-12-candidate: Docs visit');
      const withCandidate = await createAppMetrics({ runtime: rt }).render();
      expect(withCandidate).toContain(
        `leadloop_engagement_rules_unmatchable{crm="hubspot"} ${PAGE_VIEW_AND_EVENT_RULES.length + 1}`,
      );
    },
    TIMEOUT,
  );

  it(
    'an Enterprise portal reads page views and custom events and warns of nothing',
    async () => {
      const sb = await withSandboxes({ people: 60, seed: 7, hubspot: { subscription: 'enterprise' } });
      const rt = await openRuntime(sb.config, { logger: createLogger({ level: 'silent' }) });
      open = { sb, rt };
      expect((await runSync(rt, { kind: 'full' })).status).toBe('succeeded');
      expect(sb.hubspot.stats().byEndpoint['events.list'] ?? 0).toBeGreaterThan(0);
      expect(sb.hubspot.stats().byEndpoint['forms.submissions'] ?? 0).toBe(0);
      expect(warningsOfLastPull(await rt.store.listRuns(5), engagementRuleSets(sb.config.scoring))).toEqual(
        [],
      );
      const metrics = await createAppMetrics({ runtime: rt }).render();
      expect(metrics).not.toContain('leadloop_behaviour_stream_unavailable{');
    },
    TIMEOUT,
  );
});
