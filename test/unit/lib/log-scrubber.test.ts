/**
 * The scrubber's gaps from issue 10: Salesforce session ids kept after the `!`, tokens inside JSON quoted
 * in free text, secret keys deeper than the fixed redact paths, and configured secret values wherever
 * they appear (by value, not by key). Every line written must still parse as JSON.
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { LeadloopError, SyncError } from '../../../src/lib/errors.ts';
import { registerSecrets, scrubSecrets, serializeError } from '../../../src/lib/logger.ts';
import { clearRegisteredSecrets } from '../../../src/lib/secret-registry.ts';
import { configSecrets } from '../../../src/main/config-secrets.ts';
import { openRuntime } from '../../../src/main/runtime.ts';
import { createMemoryStore } from '../../../src/state/memory/memory-store.ts';
import { parseConfig } from '../../../src/config/load.ts';
import { readFile } from 'node:fs/promises';
import { EXAMPLE_CONFIG_PATH } from '../../../connectors/sandbox/sandbox-config.ts';
import { captureLogger } from '../../helpers/capture-logger.ts';

const SESSION_ID = '00D5g000004XkZtEAK!AQ0AQHv7y3kN.bq_Lw2xRmTcW9sJfP4uYdE8oZaVnG1';
const PEM = generateKeyPairSync('rsa', { modulusLength: 1024 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();
const PEM_LINES = PEM.split('\n').filter((l) => l.length >= 40 && !l.startsWith('-----'));
const HUBSPOT_TOKEN = 'pat-na1-0a1b2c3d-4e5f-6789-abcd-ef0123456789';
const ADMIN_TOKEN = 'admin-Zq81xPv3LmT0wRb6-admin-Zq81xPv3LmT0wRb6';

afterEach(() => clearRegisteredSecrets());

/** Every line is valid JSON; returns the raw text for searching. */
function written(lines: Record<string, unknown>[], text: string): string {
  expect(text.split('\n').filter(Boolean)).toHaveLength(lines.length);
  return text;
}

describe('Salesforce session ids', () => {
  it('redacts the whole `<org id>!<secret>` token, bare or after Bearer / OAuth', () => {
    const { logger, lines, text } = captureLogger();
    logger.info(`session ${SESSION_ID} opened`);
    logger.info({ header: `Bearer ${SESSION_ID}` }, 'request');
    logger.error({ err: new Error(`INVALID_SESSION_ID: OAuth ${SESSION_ID} expired`) }, 'failed');
    const out = written(lines, text());
    expect(out).not.toContain('!AQ0AQHv7y3kN');
    expect(out).not.toContain('00D5g000004XkZtEAK');
    expect(lines[0]?.['msg']).toBe('session [Redacted] opened');
    expect(lines[1]?.['header']).toBe('Bearer [Redacted]');
  });
});

describe('tokens inside JSON in free text', () => {
  const body = JSON.stringify({
    access_token: 'at-secret-1111',
    refresh_token: 'rt-secret-2222',
    id_token: 'eyJhbGciOiJSUzI1NiJ9.e30.sig-3333',
    client_secret: 'cs-secret-4444',
    password: 'pw-secret-5555',
    instance_url: 'https://example.my.salesforce.com',
  });
  const values = ['at-secret-1111', 'rt-secret-2222', 'sig-3333', 'cs-secret-4444', 'pw-secret-5555'];

  it('scrubs them in plain text and keeps the rest', () => {
    const scrubbed = scrubSecrets(`token endpoint answered 400: ${body}`);
    for (const v of values) expect(scrubbed).not.toContain(v);
    expect(scrubbed).toContain('"access_token":"[Redacted]"');
    expect(scrubbed).toContain('https://example.my.salesforce.com');
  });

  it('scrubs them in a message, a field and an error of a log line (quoted once or twice)', () => {
    const { logger, lines, text } = captureLogger();
    logger.warn(`oauth failed: ${body}`);
    logger.warn({ response: { body, nested: JSON.stringify({ raw: body }) } }, 'oauth response');
    logger.error({ err: new Error(`refresh failed ${body}`) }, 'refresh');
    const out = written(lines, text());
    for (const v of values) expect(out).not.toContain(v);
    expect(out).toContain('example.my.salesforce.com');
  });

  it('leaves non-string values of secret-named keys valid JSON', () => {
    const { logger, lines, text } = captureLogger();
    logger.info({ note: 'tokenCount', tokens: 3, hasToken: true, token: 12 }, 'counts');
    written(lines, text());
    expect(lines[0]).toMatchObject({ tokens: 3, hasToken: true, token: '[Redacted]' });
  });
});

describe('secret keys at any depth', () => {
  it('censors them five levels down, in arrays, in bindings and in an error context', () => {
    const { logger, lines, text } = captureLogger();
    const payload = {
      a: { b: { c: { d: { accessToken: 'deep-token-1', list: [{ client_secret: 'deep-secret-2' }] } } } },
      e: { f: { g: { h: { privateKey: { pem: 'deep-key-3' }, apiKey: 'deep-key-4', 'x-api-key': 'k5' } } } },
    };
    logger.info(payload, 'deep');
    logger.child({ auth: { conn: { refreshToken: 'child-token-6' } } }).info('child');
    const err = new LeadloopError('X', 'boom', { request: { headers: { auth: { password: 'ctx-pw-7' } } } });
    logger.error({ err }, 'with context');
    const out = written(lines, text());
    for (const v of [
      'deep-token-1',
      'deep-secret-2',
      'deep-key-3',
      'deep-key-4',
      'child-token-6',
      'ctx-pw-7',
    ])
      expect(out).not.toContain(v);
    expect(lines[0]).toMatchObject({ a: { b: { c: { d: { accessToken: '[Redacted]' } } } } });
    // The caller's object is not touched.
    expect(payload.a.b.c.d.accessToken).toBe('deep-token-1');
    expect(serializeError(err)['context']).toEqual({
      request: { headers: { auth: { password: '[Redacted]' } } },
    });
  });
});

describe('configured secrets, by value', () => {
  it('redacts every registered value wherever it appears, including each line of a private key', () => {
    registerSecrets([HUBSPOT_TOKEN, PEM, ADMIN_TOKEN, 'short']);
    const { logger, lines, text } = captureLogger();
    logger.info({ note: `token is ${HUBSPOT_TOKEN}` }, `admin ${ADMIN_TOKEN}`);
    logger.info({ config: { salesforce: { auth: { key: PEM } } } }, 'config');
    logger.error({ err: new SyncError('auth', 'BAD_KEY', `cannot sign with ${PEM_LINES[2]}`) }, 'jwt');
    logger.info(`key body ${PEM_LINES.join('')}`);
    logger.info('a short value stays: short');
    const out = written(lines, text());
    for (const value of [HUBSPOT_TOKEN, ADMIN_TOKEN, ...PEM_LINES]) expect(out).not.toContain(value);
    expect(out).not.toContain('PRIVATE KEY-----');
    expect(lines.at(-1)?.['msg']).toBe('a short value stays: short');
  });

  it('applies to scrubbed error text and serialized errors', () => {
    registerSecrets([HUBSPOT_TOKEN]);
    expect(scrubSecrets(`401 for ${HUBSPOT_TOKEN} (portal 123)`)).toBe('401 for [Redacted] (portal 123)');
    const serialized = JSON.stringify(serializeError(new Error(`bad ${HUBSPOT_TOKEN}`)));
    expect(serialized).not.toContain(HUBSPOT_TOKEN);
  });

  it('keeps a line valid JSON when a value follows an escape (`\\n` then a value starting with n)', () => {
    registerSecrets(['n0secret-value-1234']);
    const { logger, lines, text } = captureLogger();
    logger.info('line\nn0secret-value-1234 and \\n0secret-value-1234 and \n0secret-value-1234');
    const out = written(lines, text());
    expect(out).not.toContain('0secret-value-1234');
  });

  it('takes every secret of a loaded config (tokens, client secrets, private key, admin token, URL passwords)', async () => {
    const example = await readFile(EXAMPLE_CONFIG_PATH, 'utf8');
    const config = parseConfig(example, {
      HUBSPOT_TOKEN: HUBSPOT_TOKEN,
      HUBSPOT_CLIENT_SECRET: 'webhook-secret-abcdef123',
      SALESFORCE_PRIVATE_KEY: PEM,
      LEADLOOP_ADMIN_TOKEN: ADMIN_TOKEN,
    });
    const secrets = configSecrets(
      { ...config, state: { type: 'redis', url: 'redis://:st%40te-pass-99@redis:6379' } },
      { REDIS_URL: 'redis://default:queue-pass-77@redis:6379' },
    );
    expect(secrets).toEqual(
      expect.arrayContaining([
        HUBSPOT_TOKEN,
        'webhook-secret-abcdef123',
        PEM,
        ADMIN_TOKEN,
        'st@te-pass-99',
        'queue-pass-77',
      ]),
    );
  });

  it('is filled by openRuntime, so every command that opens a runtime scrubs its config secrets', async () => {
    const example = await readFile(EXAMPLE_CONFIG_PATH, 'utf8');
    const config = parseConfig(example, { HUBSPOT_TOKEN, SALESFORCE_PRIVATE_KEY: PEM });
    expect(scrubSecrets(`x ${HUBSPOT_TOKEN}`)).toContain(HUBSPOT_TOKEN);
    const { logger, lines, text } = captureLogger();
    const runtime = await openRuntime(config, { logger, store: createMemoryStore() });
    try {
      runtime.logger.warn({ detail: `sent ${HUBSPOT_TOKEN}` }, `key line ${PEM_LINES[1]}`);
      expect(scrubSecrets(`x ${HUBSPOT_TOKEN}`)).toBe('x [Redacted]');
      const out = written(lines, text());
      expect(out).not.toContain(HUBSPOT_TOKEN);
      expect(out).not.toContain(PEM_LINES[1]);
    } finally {
      await runtime.close();
    }
  });
});
