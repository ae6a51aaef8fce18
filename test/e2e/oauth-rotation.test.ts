/**
 * Issue 10: a CRM that rotates OAuth refresh tokens retires the one it replaced. The rotated token goes to
 * the state store before it is used, and a fresh runtime over the same state starts from it, not from
 * the configured (now dead) one. Both sandboxes run with rotation on; the state is the SQLite file.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { LeadloopConfig } from '../../src/config/schema.ts';
import type { CrmName } from '../../src/domain/crm.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { refreshTokenKey } from '../../src/main/refresh-tokens.ts';
import { openRuntime } from '../../src/main/runtime.ts';
import { openStateStore } from '../../src/state/open-store.ts';
import { withSandboxes, type TestSandboxes } from '../helpers/sandboxes.ts';

let sb: TestSandboxes;
beforeEach(async () => {
  sb = await withSandboxes({
    people: 10,
    hubspot: { rotateRefreshTokens: true },
    salesforce: { rotateRefreshTokens: true },
  });
});
afterEach(async () => {
  await sb.close();
});

/** The sandbox config with both CRMs on the OAuth refresh-token flow instead of a private app / JWT. */
function oauthConfig(): LeadloopConfig {
  const { accessToken: _privateApp, ...hubspot } = sb.config.connections.hubspot;
  return {
    ...sb.config,
    connections: {
      hubspot: {
        ...hubspot,
        oauth: {
          clientId: sb.hubspot.clientId,
          clientSecret: sb.hubspot.clientSecret,
          refreshToken: sb.hubspot.refreshToken,
        },
      },
      salesforce: {
        ...sb.config.connections.salesforce,
        auth: {
          type: 'refresh-token',
          clientId: sb.salesforce.clientId,
          clientSecret: sb.salesforce.clientSecret,
          refreshToken: sb.salesforce.refreshToken,
        },
      },
    },
  };
}

async function check(config: LeadloopConfig, crm: CrmName): Promise<void> {
  const runtime = await openRuntime(config, { logger: createLogger({ level: 'silent' }) });
  try {
    await runtime.connectors[crm].check();
  } finally {
    await runtime.close();
  }
}

async function stored(crm: CrmName): Promise<string | null> {
  const store = await openStateStore(sb.config.state);
  try {
    return await store.getCursor(refreshTokenKey(crm));
  } finally {
    await store.close();
  }
}

it.each<CrmName>(['hubspot', 'salesforce'])(
  '%s: a restart authenticates with the rotated refresh token, read back from the state',
  async (crm) => {
    const config = oauthConfig();
    const configured = crm === 'hubspot' ? sb.hubspot.refreshToken : sb.salesforce.refreshToken;
    await check(config, crm);
    const first = await stored(crm);
    // A fresh runtime over the same state: the configured token is dead by now, the stored one works.
    await expect(check(config, crm)).resolves.toBeUndefined();
    // Each refresh answered a new token, and the latest is the one kept.
    expect(first).not.toBeNull();
    expect(JSON.parse(first ?? '{}').refreshToken).not.toBe(configured);
    expect(await stored(crm)).not.toBe(first);
  },
);
