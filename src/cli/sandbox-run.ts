/**
 * The body of `leadloop sandbox`: load or generate the dataset, optionally export it, start both sandbox
 * servers, optionally write a config for them, print how to reach them, and serve until a signal.
 */
import { readDataset, writeDataset } from '../../connectors/sandbox/dataset-io.ts';
import type { SandboxDataset } from '../../connectors/sandbox/dataset.ts';
import { generateDataset, type GenerateProgress } from '../../connectors/sandbox/generate.ts';
import {
  connectionsJson,
  EXAMPLE_CONFIG_PATH,
  HubSpotSubscription,
  startSandboxes,
  writeSandboxConfig,
  type RunningSandboxes,
} from '../../connectors/sandbox/start-sandboxes.ts';
import type { SandboxCliOptions } from './sandbox.ts';
import { formatSandboxSummary } from './sandbox-summary.ts';
import { writeErr, writeOut } from './output.ts';

/** A status line on stderr, rewritten in place, only on a TTY (pipes and logs stay clean). */
const status: ((text: string) => void) | undefined = process.stderr.isTTY
  ? (text) => writeErr(`\r${text.padEnd(60)}${text === '' ? '\r' : ''}`)
  : undefined;

function generationProgress(p: GenerateProgress): void {
  const count = `${p.done.toLocaleString('en-US')}/${p.total.toLocaleString('en-US')}`;
  status?.(p.phase === 'people' ? `generating people ${count}` : 'generating opportunities');
}

async function loadOrGenerate(options: SandboxCliOptions): Promise<SandboxDataset> {
  if (options.data) {
    status?.(`reading ${options.data}`);
    return readDataset(options.data);
  }
  return generateDataset({
    people: options.people,
    seed: options.seed,
    now: options.now,
    onProgress: status ? generationProgress : undefined,
  });
}

/** Resolves on the first SIGTERM or SIGINT, removing both listeners. */
function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      resolve(signal);
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}

function subscriptionOf(tier: string | undefined): HubSpotSubscription {
  const parsed = HubSpotSubscription.safeParse(tier ?? 'professional');
  return parsed.success ? parsed.data : 'professional';
}

/** Runs the command; resolves after a signal closed both servers. */
export async function runSandbox(
  options: SandboxCliOptions,
  stop: Promise<unknown> = untilSignal(),
): Promise<void> {
  const started = performance.now();
  const dataset = await loadOrGenerate(options);
  if (options.export) {
    status?.(`writing ${options.export}`);
    await writeDataset(options.export, dataset);
  }
  status?.(`loading ${dataset.people.length.toLocaleString('en-US')} people into both sandboxes`);
  const running: RunningSandboxes = await startSandboxes({
    dataset,
    hubspot: {
      host: options.host,
      port: options.hubspotPort,
      ...(options.portalId !== undefined ? { portalId: options.portalId } : {}),
      // The subscription follows --tier with or without limits; a limit profile (api-add-on, public-app) is no
      // subscription, so the portal stays at the default.
      subscription: subscriptionOf(options.tier),
    },
    salesforce: {
      host: options.host,
      port: options.salesforcePort,
      flows: options.salesforceFlows !== false,
      ...(options.orgId !== undefined ? { orgId: options.orgId } : {}),
    },
    ...(options.limits === false ? {} : { hubspotTier: options.tier ?? 'professional' }),
  });
  try {
    if (options.writeConfig) {
      await writeSandboxConfig(options.writeConfig, running, EXAMPLE_CONFIG_PATH, {
        hubspotTier: options.tier,
      });
    }
    const readyMs = performance.now() - started;
    status?.('');
    if (options.json) writeOut(`${connectionsJson(running.connections)}\n`);
    else
      writeOut(
        formatSandboxSummary(dataset, running.connections, {
          ...options,
          tier: options.limits === false ? undefined : (options.tier ?? 'professional'),
          subscription: subscriptionOf(options.tier),
          readyMs,
        }),
      );
    await stop;
  } finally {
    await running.close();
  }
}
