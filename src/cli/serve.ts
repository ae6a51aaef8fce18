/**
 * `leadloop serve [--config FILE] [--host H] [--port N] [--public-url URL] [--metrics-port N]`: the admin
 * API and page, HubSpot webhooks and metrics. It refuses to start (exit 2) without a strong admin token,
 * except on loopback with `--insecure-dev-token`. With `REDIS_URL` set, syncs and webhook records go to the BullMQ queue
 * that `leadloop worker` drains; without it, syncs run in this process. SIGTERM/SIGINT shut it down
 * gracefully (in-flight requests and a running sync finish first).
 */
import type { Command } from 'commander';
import { loadConfig } from '../config/load.ts';
import { checkAdminToken } from '../http/admin-token-policy.ts';
import { ConfigError } from '../lib/errors.ts';
import { startServer } from '../http/start-server.ts';
import { createLogger } from '../lib/logger.ts';
import { openRuntime } from '../main/runtime.ts';
import { createSyncProducer, type SyncProducer } from '../queue/sync-producer.ts';
import { configPath } from './config-path.ts';
import { writeOut } from './output.ts';

interface ServeOptions {
  config?: string;
  host?: string;
  port?: string;
  publicUrl?: string;
  metricsPort?: string;
  metricsHost?: string;
  insecureDevToken?: boolean;
}

function portOption(name: string, value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new ConfigError([`${name}: expected a port number 0-65535, got "${value}"`]);
  return port;
}

function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const done = (signal: NodeJS.Signals) => {
      process.off('SIGTERM', done);
      process.off('SIGINT', done);
      resolve(signal);
    };
    process.on('SIGTERM', done);
    process.on('SIGINT', done);
  });
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Run the admin API and page, HubSpot webhooks and /metrics')
    .option('--config <file>', 'the YAML config file')
    .option('--host <host>', 'interface to listen on (default: http.host)')
    .option('--port <port>', 'port to listen on, 0 for any free one (default: http.port)')
    .option(
      '--public-url <url>',
      'public base URL HubSpot calls (default: http.publicUrl; https turns on Secure cookies and HSTS)',
    )
    .option('--metrics-port <port>', 'serve /metrics without auth on this port (default: http.metrics.port)')
    .option(
      '--metrics-host <host>',
      'interface for --metrics-port (default: http.metrics.host, else 127.0.0.1)',
    )
    .option('--insecure-dev-token', 'on a loopback host only: start even with a weak or missing admin token')
    .action(async (options: ServeOptions) => {
      const file = configPath(options.config);
      const config = await loadConfig(file);
      const host = options.host ?? config.http.host;
      const token = checkAdminToken(config.http.adminToken, {
        host,
        insecureDevToken: options.insecureDevToken === true,
      });
      if (!token.ok) throw new ConfigError([`${file}: ${token.reason}`]);
      const logger = createLogger({ level: config.log.level });
      if (token.warning !== undefined) logger.warn(token.warning);
      const metrics =
        options.metricsPort === undefined
          ? config.http.metrics
          : {
              port: portOption('--metrics-port', options.metricsPort),
              host: options.metricsHost ?? config.http.metrics?.host ?? '127.0.0.1',
            };
      const runtime = await openRuntime(config, { logger });
      const redisUrl = process.env['REDIS_URL'];
      const producer: SyncProducer | undefined = redisUrl
        ? createSyncProducer({ redisUrl, logger })
        : undefined;
      const running = await startServer({
        runtime,
        configPath: file,
        logger,
        host,
        port: options.port === undefined ? config.http.port : portOption('--port', options.port),
        ...(metrics ? { metrics } : {}),
        ...(producer ? { enqueue: producer, queues: [producer.queue] } : {}),
        ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
      });
      writeOut(`leadloop serving on ${running.url} (admin page: ${running.url}/admin)\n`);
      if (running.metricsUrl !== undefined) writeOut(`metrics on ${running.metricsUrl}/metrics\n`);
      const signal = await waitForSignal();
      logger.info({ signal }, 'shutting down');
      await running.close();
      await producer?.close();
      await runtime.close();
    });
}
