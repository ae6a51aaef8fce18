/**
 * Standalone Salesforce sandbox (without HubSpot; `leadloop sandbox` runs both):
 *   node connectors/salesforce/sandbox/serve-sandbox.ts [--data FILE | --people N --seed S] [--port P] [--no-flows]
 * Prints one JSON line with the URLs and credentials, then serves until SIGINT/SIGTERM. Control
 * endpoints: GET /__sandbox/stats, POST /__sandbox/reset-stats, PUT /__sandbox/faults,
 * POST /__sandbox/expire-tokens, PUT /__sandbox/api-usage, POST /__sandbox/store/<helper>.
 */
import { parseArgs } from 'node:util';
import { readDataset } from '../../sandbox/dataset-io.ts';
import { generateDataset } from '../../sandbox/generate.ts';
import { startSalesforceSandbox } from './index.ts';

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    people: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '42' },
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    // --no-flows: an org without record-triggered flows (they are on by default, as in real orgs).
    flows: { type: 'boolean', default: true },
  },
  allowNegative: true,
});

/** Loads the world inside a function so the dataset can be collected once the org holds it. */
async function start() {
  const dataset = values.data
    ? await readDataset(values.data)
    : generateDataset({ people: Number(values.people), seed: Number(values.seed) });
  const started = performance.now();
  const sandbox = await startSalesforceSandbox({
    dataset,
    host: values.host,
    port: Number(values.port),
    flows: values.flows,
  });
  return { sandbox, people: dataset.people.length, startupMs: Math.round(performance.now() - started) };
}

const { sandbox, people, startupMs } = await start();
process.stdout.write(
  `${JSON.stringify({
    salesforce: {
      loginUrl: sandbox.loginUrl,
      instanceUrl: sandbox.instanceUrl,
      apiVersion: sandbox.apiVersion,
      clientId: sandbox.clientId,
      clientSecret: sandbox.clientSecret,
      username: sandbox.username,
      refreshToken: sandbox.refreshToken,
      privateKeyPem: sandbox.privateKeyPem,
    },
    people,
    startupMs,
  })}\n`,
);

const stop = () => {
  sandbox.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
