/**
 * OAuth refresh tokens the CRMs rotated, kept in the state store (`leadloop:oauth:<crm>:refresh-token`)
 * so a restart starts from the latest one, not from the configured one the CRM has already retired.
 * The stored value names (by a SHA-256 fingerprint) the configured token it descends from: when the
 * operator puts a new token in the config, after re-authorising the app, the config wins again.
 * The state file is private (0600 in a 0700 folder, `src/state/private-files.ts`).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { CrmName } from '../domain/crm.ts';
import { registerSecrets, type Logger } from '../lib/logger.ts';
import { defineMeta, type MetaEntry } from '../state/meta.ts';
import type { StateStore } from '../state/types.ts';

const StoredToken = z.object({ refreshToken: z.string().min(1), configured: z.string() });
type StoredToken = z.infer<typeof StoredToken>;

const ENTRIES: Readonly<Record<CrmName, MetaEntry<StoredToken>>> = {
  hubspot: defineMeta('oauth:hubspot:refresh-token', StoredToken),
  salesforce: defineMeta('oauth:salesforce:refresh-token', StoredToken),
};

export function refreshTokenKey(crm: CrmName): string {
  return ENTRIES[crm].key;
}

function fingerprint(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface RefreshTokens {
  /** The token to start from: the stored one when it descends from `configured`, else `configured`. */
  load(crm: CrmName, configured: string): Promise<string>;
  /** Keeps `token` (a refresh answer's) as the one to start from next time; no write when unchanged. */
  save(crm: CrmName, configured: string, token: string): Promise<void>;
}

export function refreshTokens(store: StateStore, logger: Logger): RefreshTokens {
  const current = new Map<CrmName, string>();
  return {
    async load(crm, configured) {
      const stored = await ENTRIES[crm].read(store);
      const token = stored?.configured === fingerprint(configured) ? stored.refreshToken : configured;
      registerSecrets([token]);
      if (token !== configured) logger.info({ crm }, 'using the rotated OAuth refresh token from the state');
      current.set(crm, token);
      return token;
    },
    async save(crm, configured, token) {
      registerSecrets([token]);
      if (current.get(crm) === token) return;
      await ENTRIES[crm].write(store, { refreshToken: token, configured: fingerprint(configured) });
      current.set(crm, token);
      logger.info({ crm }, 'rotated OAuth refresh token stored');
    },
  };
}
