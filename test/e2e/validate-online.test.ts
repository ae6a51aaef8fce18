/**
 * `leadloop config validate FILE --online` against live sandbox CRMs: on a Professional HubSpot portal it
 * exits 0, says both CRMs answer and warns that Events v3 is unavailable, naming the engagement rules that
 * can never match; on Enterprise it warns of nothing. Without `--online` no CRM is called.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { writeSandboxConfig } from '../../connectors/sandbox/start-sandboxes.ts';
import { withSandboxes, type TestSandboxes } from '../helpers/sandboxes.ts';

const run = promisify(execFile);
const bin = new URL('../../bin/leadloop.js', import.meta.url).pathname;
const TIMEOUT = 60_000;

let sb: TestSandboxes | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

async function validate(subscription: 'professional' | 'enterprise', ...flags: string[]) {
  sb = await withSandboxes({ people: 20, seed: 3, hubspot: { subscription } });
  const file = join(sb.dir, 'leadloop.yaml');
  await writeSandboxConfig(file, sb, undefined, { statePath: join(sb.dir, 'validate.sqlite') });
  sb.hubspot.resetStats();
  const { stdout } = await run(process.execPath, [bin, 'config', 'validate', file, ...flags], {
    env: { ...process.env, LOG_FORMAT: 'json' },
  });
  return { stdout, eventCalls: sb.hubspot.stats().byEndpoint['events.types'] ?? 0 };
}

describe('leadloop config validate --online', () => {
  it(
    'Professional: exits 0 and warns of the Events stream and the rules that can never match',
    async () => {
      const { stdout, eventCalls } = await validate('professional', '--online');
      expect(stdout).toContain('hubspot: reachable (account ');
      expect(stdout).toContain('salesforce: reachable (account ');
      expect(stdout).toMatch(
        /warning: HubSpot behaviour streams unavailable on this account: events \(no .*page_view.*\); engagement rules that can never match: Pricing page, Careers page, Whitepaper/,
      );
      expect(eventCalls).toBe(1);
    },
    TIMEOUT,
  );

  it(
    'Enterprise: no warning; offline validation calls no CRM',
    async () => {
      const online = await validate('enterprise', '--online');
      expect(online.stdout).not.toContain('warning:');
      await sb?.close();
      const offline = await validate('professional');
      expect(offline.stdout).not.toContain('reachable');
      expect(offline.eventCalls).toBe(0);
    },
    TIMEOUT,
  );
});
