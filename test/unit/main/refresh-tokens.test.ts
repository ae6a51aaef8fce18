/** Which refresh token a runtime starts from, and when it writes one (`src/main/refresh-tokens.ts`). */
import { describe, expect, it } from 'vitest';
import { refreshTokenKey, refreshTokens } from '../../../src/main/refresh-tokens.ts';
import { createMemoryStore } from '../../../src/state/memory/memory-store.ts';
import { captureLogger } from '../../helpers/capture-logger.ts';

describe('refreshTokens', () => {
  it('starts from the configured token until a rotated one is stored, then from the rotated one', async () => {
    const store = createMemoryStore();
    const first = refreshTokens(store, captureLogger().logger);
    expect(await first.load('salesforce', 'configured-1')).toBe('configured-1');
    await first.save('salesforce', 'configured-1', 'rotated-2');
    expect(await refreshTokens(store, captureLogger().logger).load('salesforce', 'configured-1')).toBe(
      'rotated-2',
    );
    // The other CRM is kept apart.
    expect(await refreshTokens(store, captureLogger().logger).load('hubspot', 'hs-configured')).toBe(
      'hs-configured',
    );
  });

  it('lets a new configured token (a re-authorisation) win over a token rotated from the old one', async () => {
    const store = createMemoryStore();
    await refreshTokens(store, captureLogger().logger).save('hubspot', 'old-install', 'rotated-from-old');
    expect(await refreshTokens(store, captureLogger().logger).load('hubspot', 'new-install')).toBe(
      'new-install',
    );
  });

  it('writes only when the token changed, and never logs a token', async () => {
    const store = createMemoryStore();
    const logs = captureLogger();
    const tokens = refreshTokens(store, logs.logger);
    await tokens.load('hubspot', 'same-token');
    await tokens.save('hubspot', 'same-token', 'same-token');
    expect(await store.getCursor(refreshTokenKey('hubspot'))).toBeNull();
    await tokens.save('hubspot', 'same-token', 'rotated-token');
    expect(JSON.parse((await store.getCursor(refreshTokenKey('hubspot'))) ?? '{}')).toMatchObject({
      refreshToken: 'rotated-token',
    });
    expect(logs.text()).not.toContain('rotated-token');
    expect(logs.text()).not.toContain('same-token');
  });

  it('an unreadable stored value falls back to the configured token', async () => {
    const store = createMemoryStore();
    await store.setCursor(refreshTokenKey('salesforce'), 'not json');
    expect(await refreshTokens(store, captureLogger().logger).load('salesforce', 'configured')).toBe(
      'configured',
    );
  });

  it('keeps each CRM under leadloop:oauth:<crm>:refresh-token', () => {
    expect([refreshTokenKey('hubspot'), refreshTokenKey('salesforce')]).toEqual([
      'leadloop:oauth:hubspot:refresh-token',
      'leadloop:oauth:salesforce:refresh-token',
    ]);
  });
});
