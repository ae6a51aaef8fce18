/**
 * The composition root: the one place that wires concrete connectors and stores into the engine.
 * Everything else depends on interfaces (connectors/types.ts, src/state/types.ts).
 */
import { createHubSpotConnector } from '../../connectors/hubspot/index.ts';
import { createSalesforceConnector } from '../../connectors/salesforce/index.ts';
import type { LeadloopConfig } from '../config/schema.ts';
import { createLogger, registerSecrets, type Logger } from '../lib/logger.ts';
import { elapsedClock } from '../lib/server-clock.ts';
import { openStateStore } from '../state/open-store.ts';
import type { StateStore } from '../state/types.ts';
import type { SyncContext } from '../sync/context.ts';
import { configSecrets } from './config-secrets.ts';
import { hubSpotLimiterKey, openHubSpotLimiter } from './hubspot-limiter.ts';
import { openSharedSessions, sessionKey } from './redis-shared-session.ts';
import { refreshTokens } from './refresh-tokens.ts';

export interface Runtime extends SyncContext {
  close(): Promise<void>;
}

export interface RuntimeOptions {
  readonly logger?: Logger;
  readonly clock?: () => Date;
  /** Elapsed time, never stepped: lets a test that steps `clock` say which steps are time passing. */
  readonly elapsedMs?: () => number;
  /** Use this store instead of opening the configured one (tests, dry runs). */
  readonly store?: StateStore;
  /**
   * Where rotated OAuth refresh tokens are kept and read back (default: the runtime's store). A runtime
   * on a throw-away store still needs the real one here: a refresh retires the token it replaced.
   */
  readonly tokenStore?: StateStore;
}

export async function openRuntime(config: LeadloopConfig, options: RuntimeOptions = {}): Promise<Runtime> {
  // Before anything can log or fail: from here on no log line or scrubbed error shows a configured secret.
  registerSecrets(configSecrets(config));
  const logger = options.logger ?? createLogger({ level: config.log.level });
  const clock = options.clock ?? (() => new Date());
  // The connectors get `clock` either way; whether it was the host's decides how steps are told.
  const elapsedMs = elapsedClock(options.clock, options.elapsedMs);
  const store = options.store ?? (await openStateStore(config.state));
  const tokens = refreshTokens(options.tokenStore ?? store, logger);

  // OAuth connections start from the latest refresh token and store every rotated one before it is used.
  const hs = config.connections.hubspot;
  const hsOauth = hs.oauth;
  // Keyed by the configured connection, before a stored refresh token replaces the configured one.
  const hsLimiter = openHubSpotLimiter(config.state, hs, logger);
  // With Redis state every worker shares one session per CRM: one token request when it expires.
  const sessions = openSharedSessions(config.state, logger);
  const hsSession = hsOauth ? sessions.forConnection('hubspot', hubSpotLimiterKey(hs)) : undefined;
  const hubspot = createHubSpotConnector(
    hsOauth
      ? { ...hs, oauth: { ...hsOauth, refreshToken: await tokens.load('hubspot', hsOauth.refreshToken) } }
      : hs,
    {
      logger: logger.child({ crm: 'hubspot' }),
      clock,
      ...(elapsedMs ? { elapsedMs } : {}),
      ...(hsLimiter.window ? { limiterWindow: hsLimiter.window } : {}),
      ...(hsOauth ? { onTokens: (t) => tokens.save('hubspot', hsOauth.refreshToken, t.refreshToken) } : {}),
      ...(hsSession ? { sharedSession: hsSession } : {}),
      ...(config.sync.include?.hubspot ? { include: config.sync.include.hubspot } : {}),
    },
  );
  const sf = config.connections.salesforce;
  const sfAuth = sf.auth.type === 'refresh-token' ? sf.auth : undefined;
  const sfSession = sessions.forConnection(
    'salesforce',
    sessionKey([
      sf.loginUrl,
      sf.auth.type,
      sf.auth.clientId,
      sf.auth.type === 'jwt' ? sf.auth.username : sf.auth.refreshToken,
    ]),
  );
  const salesforce = createSalesforceConnector(
    sfAuth
      ? { ...sf, auth: { ...sfAuth, refreshToken: await tokens.load('salesforce', sfAuth.refreshToken) } }
      : sf,
    {
      logger: logger.child({ crm: 'salesforce' }),
      clock,
      ...(elapsedMs ? { elapsedMs } : {}),
      // Hand-off Leads get the org's assignment rule's owner only when the config asks for it.
      assignmentRules: config.handoff.owners.assignmentRules,
      ...(config.sync.include?.salesforce ? { include: config.sync.include.salesforce } : {}),
      ...(sfAuth ? { onRefreshToken: (t: string) => tokens.save('salesforce', sfAuth.refreshToken, t) } : {}),
      ...(sfSession ? { sharedSession: sfSession } : {}),
    },
  );
  return {
    config,
    connectors: { hubspot, salesforce },
    store,
    logger,
    clock,
    close: async () => {
      await hsLimiter.close();
      await sessions.close();
      if (!options.store) await store.close();
    },
  };
}
