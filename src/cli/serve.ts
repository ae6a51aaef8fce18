/**
 * `leadloop serve [--config FILE] [--host H] [--port N] [--public-url URL]`: the admin API and page,
 * HubSpot webhooks and metrics. With `REDIS_URL` set, syncs and webhook records go to the BullMQ queue
 * that `leadloop worker` drains; without it, syncs run in this process. SIGTERM/SIGINT shut it down
 * gracefully (in-flight requests and a running sync finish first).
 */
import type { Command } from 'commander';
import { loadConfig } from '../config/load.ts';
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
    .option('--public-url <url>', 'public base URL HubSpot calls (webhook signatures cover the full URL)')
    .action(async (options: ServeOptions) => {
      const file = configPath(options.config);
      const config = await loadConfig(file);
      const logger = createLogger({ level: config.log.level });
      if (config.http.adminToken === undefined)
        logger.warn('http.adminToken is not set: every admin request will be refused');
      const runtime = await openRuntime(config, { logger });
      const redisUrl = process.env['REDIS_URL'];
      const producer: SyncProducer | undefined = redisUrl
        ? createSyncProducer({ redisUrl, logger })
        : undefined;
      const running = await startServer({
        runtime,
        configPath: file,
        logger,
        host: options.host ?? config.http.host,
        port: options.port === undefined ? config.http.port : Number(options.port),
        ...(producer ? { enqueue: producer } : {}),
        ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
      });
      writeOut(`leadloop serving on ${running.url} (admin page: ${running.url}/admin)\n`);
      const signal = await waitForSignal();
      logger.info({ signal }, 'shutting down');
      await running.close();
      await producer?.close();
      await runtime.close();
    });
}
