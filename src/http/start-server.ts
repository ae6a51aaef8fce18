/**
 * Listens with the app and closes it gracefully: stop accepting connections, let in-flight requests and
 * an in-process sync run finish, then release the runtime. Used by `leadloop serve`, the demo and tests.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { createApp, type CreateAppOptions } from './create-app.ts';

export interface RunningServer {
  /** `http://host:port` actually bound (port 0 picks a free one). */
  readonly url: string;
  readonly server: Server;
  /** The unauthenticated `/metrics` listener's URL, when `metrics` (or `http.metrics`) asked for one. */
  readonly metricsUrl: string | undefined;
  close(): Promise<void>;
}

export interface ListenOptions {
  readonly host: string;
  readonly port: number;
  /** A separate `/metrics` listener; default `http.metrics` from the config. */
  readonly metrics?: { readonly host: string; readonly port: number };
}

function listen(app: Express, port: number, host: string): Promise<Server> {
  return new Promise<Server>((resolve, reject) => {
    const s = app.listen(port, host, (err?: Error) => (err ? reject(err) : resolve(s)));
  });
}

function urlOf(server: Server): string {
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

function closeServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  return closed;
}

export async function startServer(options: CreateAppOptions & ListenOptions): Promise<RunningServer> {
  const { app, trigger, metricsApp } = createApp(options);
  const metricsListen = options.metrics ?? options.runtime.config.http.metrics;
  const server = await listen(app, options.port, options.host);
  let metricsServer: Server | undefined;
  try {
    if (metricsListen) metricsServer = await listen(metricsApp, metricsListen.port, metricsListen.host);
  } catch (err) {
    await closeServer(server);
    throw err;
  }
  let closing: Promise<void> | undefined;
  return {
    url: urlOf(server),
    server,
    metricsUrl: metricsServer ? urlOf(metricsServer) : undefined,
    close: () => {
      closing ??= (async () => {
        await Promise.all([closeServer(server), metricsServer ? closeServer(metricsServer) : undefined]);
        await trigger.idle();
      })();
      return closing;
    },
  };
}
