/**
 * Listens with the app and closes it gracefully: stop accepting connections, let in-flight requests and
 * an in-process sync run finish, then release the runtime. Used by `leadloop serve`, the demo and tests.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type CreateAppOptions } from './create-app.ts';

export interface RunningServer {
  /** `http://host:port` actually bound (port 0 picks a free one). */
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

export async function startServer(
  options: CreateAppOptions & { host: string; port: number },
): Promise<RunningServer> {
  const { app, trigger } = createApp(options);
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(options.port, options.host, (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    server,
    close: () => {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await closed;
        await trigger.idle();
      })();
      return closing;
    },
  };
}
