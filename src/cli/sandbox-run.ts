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
  startSandboxes,
  writeSandboxConfig,
  type RunningSandboxes,
} from '../../connectors/sandbox/start-sandboxes.ts';
import type { SandboxCliOptions } from './sandbox.ts';
import { formatSandboxSummary } from './sandbox-summary.ts';
import { writeErr, writeOut } from './output.ts';

/** A progress line on stderr, only on a TTY (pipes and logs stay clean). */
function progressLine(): ((p: GenerateProgress) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  return (p) => {
    const text =
      p.phase === 'people'
        ? `generating people ${p.done.toLocaleString('en-US')}/${p.total.toLocaleString('en-US')}`
        : 'generating opportunities';
    writeErr(`\r${text.padEnd(60)}`);
  };
}

async function loadOrGenerate(options: SandboxCliOptions): Promise<SandboxDataset> {
  if (options.data) return readDataset(options.data);
  const onProgress = progressLine();
  const dataset = generateDataset({
    people: options.people,
    seed: options.seed,
    now: options.now,
    onProgress,
  });
  if (onProgress) writeErr(`\r${''.padEnd(60)}\r`);
  return dataset;
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

/** Runs the command; resolves after a signal closed both servers. */
export async function runSandbox(
  options: SandboxCliOptions,
  stop: Promise<unknown> = untilSignal(),
): Promise<void> {
  const started = performance.now();
  const dataset = await loadOrGenerate(options);
  if (options.export) await writeDataset(options.export, dataset);
  const running: RunningSandboxes = await startSandboxes({
    dataset,
    hubspot: { host: options.host, port: options.hubspotPort },
    salesforce: { host: options.host, port: options.salesforcePort },
    hubspotTier: options.tier,
  });
  try {
    if (options.writeConfig) {
      await writeSandboxConfig(options.writeConfig, running, EXAMPLE_CONFIG_PATH, {
        hubspotTier: options.tier,
      });
    }
    const readyMs = performance.now() - started;
    if (options.json) writeOut(`${connectionsJson(running.connections)}\n`);
    else writeOut(formatSandboxSummary(dataset, running.connections, { ...options, readyMs }));
    await stop;
  } finally {
    await running.close();
  }
}
