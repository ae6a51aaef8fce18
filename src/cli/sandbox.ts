/**
 * `leadloop sandbox`: fills both sandbox CRMs (seeded generator, or `--data` snapshot), serves them until
 * SIGTERM/SIGINT, and prints how to reach them (`--json`: one line for scripts). `--write-config` writes a
 * config pointing at them, so `leadloop sync --config FILE` works at once.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { HubSpotTier } from '../config/connections.ts';

/** Upper bound of `--people` (the generator's own limit). */
const MAX_PEOPLE = 5_000_000;

export interface SandboxCliOptions {
  people: number;
  seed: number;
  now?: Date;
  data?: string;
  export?: string;
  json?: boolean;
  writeConfig?: string;
  hubspotPort?: number;
  salesforcePort?: number;
  tier?: HubSpotTier;
  /** `--no-limits` sets it false; limits are on by default, as in a real portal. */
  limits?: boolean;
  /** `--no-salesforce-flows` sets it false; the org's record-triggered flows run by default, as in a real org. */
  salesforceFlows?: boolean;
  host: string;
  portalId?: number;
  orgId?: string;
}

function integer(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || n < min || n > max) {
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}, got "${value}"`);
    }
    return n;
  };
}

function orgId(value: string): string {
  if (!/^00D[A-Za-z0-9]{12}([A-Za-z0-9]{3})?$/.test(value))
    throw new InvalidArgumentError(
      `expected a Salesforce organisation id (00D + 12 or 15 characters), got "${value}"`,
    );
  return value;
}

function tier(value: string): HubSpotTier {
  const parsed = HubSpotTier.safeParse(value);
  if (!parsed.success) throw new InvalidArgumentError(`expected one of ${HubSpotTier.options.join(', ')}`);
  return parsed.data;
}

function isoDate(value: string): Date {
  const ms = Date.parse(value);
  if (Number.isNaN(ms))
    throw new InvalidArgumentError(`expected an ISO date such as 2026-11-23, got "${value}"`);
  return new Date(ms);
}

export function registerSandboxCommand(program: Command): void {
  program
    .command('sandbox')
    .description(
      'Start the HubSpot and Salesforce sandbox servers on seeded (or your own) data; serves until SIGTERM',
    )
    .option('--people <n>', 'people to generate', integer(0, MAX_PEOPLE), 2000)
    .option('--seed <n>', 'generator seed: same seed, same data', integer(-(2 ** 31), 2 ** 31 - 1), 42)
    .option('--now <date>', "the dataset's now (default: today 00:00 UTC)", isoDate)
    .option(
      '--data <file>',
      'load this dataset file instead of generating (format: connectors/sandbox/README.md)',
    )
    .option('--export <file>', 'write the dataset to this file, then serve')
    .option('--json', 'print the connection details as one JSON line')
    .option('--write-config <file>', 'write a copy of the example config pointing at the sandboxes')
    .option('--hubspot-port <n>', 'HubSpot sandbox port (default: a free one)', integer(0, 65_535))
    .option('--salesforce-port <n>', 'Salesforce sandbox port (default: a free one)', integer(0, 65_535))
    .option(
      '--tier <tier>',
      `HubSpot tier: its rate limits (unless --no-limits) and, for free | starter | professional | enterprise, the portal's subscription (Events v3 needs enterprise): ${HubSpotTier.options.join(' | ')}`,
      tier,
      'professional',
    )
    .option('--no-limits', 'no HubSpot rate limits and no limit headers (benchmarks only)')
    .option(
      '--no-salesforce-flows',
      "no record-triggered flows in the Salesforce org (by default its Title Normaliser rewrites a saved Title such as 'VP Sales' to 'Vice President Sales')",
    )
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option(
      '--portal-id <n>',
      'HubSpot portal id the sandbox answers with (default: from --seed)',
      integer(1, 2 ** 31 - 1),
    )
    .option(
      '--org-id <id>',
      'Salesforce organisation id the sandbox answers with (default: from --seed)',
      orgId,
    )
    .action(async (options: SandboxCliOptions) => {
      // Loaded on use: other commands never pay for the generator and both sandbox servers.
      const { runSandbox } = await import('./sandbox-run.ts');
      await runSandbox(options);
    });
}
