/**
 * The HTTP app on port 0 against both sandboxes, with a real config file on disk (written from the
 * example config, comments and all) for the mappings endpoints.
 */
import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeSandboxConfig } from '../../../connectors/sandbox/start-sandboxes.ts';
import type { CreateAppOptions } from '../../../src/http/create-app.ts';
import { startServer, type RunningServer } from '../../../src/http/start-server.ts';
import { createLogger } from '../../../src/lib/logger.ts';
import { openRuntime, type Runtime } from '../../../src/main/runtime.ts';
import { createMemoryStore } from '../../../src/state/memory/memory-store.ts';
import type { StateStore } from '../../../src/state/types.ts';
import { withSandboxes, type TestSandboxes, type WithSandboxesOptions } from '../../helpers/sandboxes.ts';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export interface TestServer {
  readonly sb: TestSandboxes;
  readonly runtime: Runtime;
  readonly store: StateStore;
  readonly server: RunningServer;
  readonly url: string;
  readonly configPath: string;
  readConfigText(): Promise<string>;
  /** fetch with the admin bearer token. */
  admin(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  close(): Promise<void>;
}

export async function startTestServer(
  options: {
    sandboxes?: WithSandboxesOptions;
    app?: Partial<Omit<CreateAppOptions, 'runtime' | 'configPath' | 'logger'>>;
    clock?: () => Date;
    /** Replaces parts of the `http` config section. */
    http?: Partial<Runtime['config']['http']>;
  } = {},
): Promise<TestServer> {
  const sb = await withSandboxes({ people: 20, seed: 11, ...options.sandboxes });
  const configPath = join(sb.dir, 'leadloop.yaml');
  await writeSandboxConfig(configPath, sb);
  const config = { ...sb.config, http: { ...sb.config.http, adminToken: ADMIN_TOKEN, ...options.http } };
  const store = createMemoryStore();
  const runtime = await openRuntime(config, {
    logger: createLogger({ level: 'silent' }),
    store,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const server = await startServer({
    runtime,
    configPath,
    logger: runtime.logger,
    host: '127.0.0.1',
    port: 0,
    // Suites send many wrong tokens on purpose; the brute-force brake has its own tests.
    authFailureLimits: { perAddress: 10_000, overall: 10_000, windowSeconds: 60 },
    ...options.app,
  });
  return {
    sb,
    runtime,
    store,
    server,
    url: server.url,
    configPath,
    readConfigText: () => readFile(configPath, 'utf8'),
    admin: (path, init = {}) => {
      const { json, ...rest } = init;
      const headers = new Headers(rest.headers);
      headers.set('Authorization', `Bearer ${ADMIN_TOKEN}`);
      if (json !== undefined) headers.set('Content-Type', 'application/json');
      return fetch(`${server.url}${path}`, {
        ...rest,
        headers,
        ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
      });
    },
    close: async () => {
      await server.close();
      await runtime.close();
      await sb.close();
    },
  };
}

/** Signs a webhook delivery as HubSpot documents it (signature v3), independently of the app's own code. */
export function signedWebhook(
  url: string,
  body: string,
  secret: string,
  at: number = Date.now(),
): RequestInit {
  const timestamp = String(at);
  const signature = createHmac('sha256', secret).update(`POST${url}${body}${timestamp}`).digest('base64');
  return {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-HubSpot-Signature-v3': signature,
      'X-HubSpot-Request-Timestamp': timestamp,
    },
    body,
  };
}
