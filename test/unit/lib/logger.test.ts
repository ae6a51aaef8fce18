import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, scrubSecrets } from '../../../src/lib/logger.ts';
import { SyncError } from '../../../src/lib/errors.ts';

function capture(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, stream };
}

const SECRETS = {
  token: 'pat-na1-11111111-2222-3333-4444-555555555555',
  refresh: 'rt-6666666666666666',
  clientSecret: 'cs-7777777777777777',
  privateKey: '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----',
};

describe('logger redaction', () => {
  it('never writes tokens, Authorization headers, client secrets or private keys', () => {
    const { lines, stream } = capture();
    const log = createLogger({ destination: stream, level: 'debug' });
    log.info({ connection: { accessToken: SECRETS.token, refreshToken: SECRETS.refresh } }, 'connecting');
    log.info({ auth: { clientSecret: SECRETS.clientSecret, privateKey: SECRETS.privateKey } }, 'auth');
    log.debug({ req: { headers: { authorization: `Bearer ${SECRETS.token}` } } }, 'request');
    log.warn({ headers: { Authorization: `Bearer ${SECRETS.token}` } }, 'outbound');
    const err = new SyncError('auth', 'INVALID_AUTHENTICATION', `401 for Bearer ${SECRETS.token}`, {});
    log.error({ err }, 'failed');
    log.error(
      { err: new Error(`refresh_token=${SECRETS.refresh}&client_secret=${SECRETS.clientSecret}`) },
      'oauth',
    );

    const output = lines.join('\n');
    expect(lines).toHaveLength(6);
    for (const secret of Object.values(SECRETS)) expect(output).not.toContain(secret);
    expect(output).not.toContain('MIIEvQIBADANBgkqhkiG9w0BAQEFAASC');
    expect(output).toContain('[Redacted]');
    const parsed = JSON.parse(lines[4] ?? '{}') as { err: { kind: string; code: string } };
    expect(parsed.err).toMatchObject({ kind: 'auth', code: 'INVALID_AUTHENTICATION' });
  });

  it('scrubs bearer tokens and secret form parameters from free text', () => {
    expect(scrubSecrets('Authorization: Bearer abc.def-ghi')).toBe('Authorization: Bearer [Redacted]');
    expect(scrubSecrets('grant_type=refresh_token&refresh_token=xyz&client_id=1')).toBe(
      'grant_type=refresh_token&refresh_token=[Redacted]&client_id=1',
    );
  });
});
