import { Signature } from '@hubspot/api-client';
import { describe, expect, it } from 'vitest';
import { checkSignatureV3, signatureUri, signV3 } from '../../../src/http/hubspot-signature.ts';

const secret = 'client-secret';
const now = new Date('2026-11-23T12:00:00.000Z');
const ts = String(now.getTime() - 1_000);
const url = 'https://leadloop.example.com/webhooks/hubspot?portal=1';
const body = '[{"eventId":1}]';

describe('HubSpot signature v3', () => {
  it('agrees with the official client’s validator', () => {
    // The official validator checks the timestamp against the real clock.
    const realNow = new Date();
    const at = String(realNow.getTime() - 1_000);
    const signature = signV3(secret, 'POST', url, body, at);
    const official = {
      signature,
      clientSecret: secret,
      requestBody: body,
      url,
      method: 'POST',
      signatureVersion: 'v3',
      timestamp: Number(at),
    };
    expect(Signature.isValid(official)).toBe(true);
    expect(
      checkSignatureV3({ secret, method: 'POST', url, body, signature, timestamp: at, now: realNow }),
    ).toEqual({ ok: true });
  });

  it.each([
    ['tampered body', { body: '[{"eventId":2}]' }, 'mismatch'],
    ['other URL', { url: `${url}&x=1` }, 'mismatch'],
    ['other method', { method: 'PUT' }, 'mismatch'],
    ['wrong secret', { secret: 'other' }, 'mismatch'],
    ['no signature', { signature: undefined }, 'missing'],
    ['no timestamp', { timestamp: undefined }, 'missing'],
    ['timestamp 5 min 1 s old', { timestamp: String(now.getTime() - 301_000) }, 'stale'],
    ['timestamp 6 min ahead', { timestamp: String(now.getTime() + 360_000) }, 'stale'],
    ['timestamp not a number', { timestamp: 'yesterday' }, 'stale'],
  ] as const)('rejects %s', (_name, change, reason) => {
    const signature = signV3(secret, 'POST', url, body, ts);
    const input = {
      secret,
      method: 'POST',
      url,
      body,
      signature: signature as string | undefined,
      timestamp: ts as string | undefined,
      now,
      ...change,
    };
    expect(checkSignatureV3(input)).toEqual({ ok: false, reason });
  });

  it('signs the URI with HubSpot’s listed percent-escapes decoded, others kept', () => {
    expect(signatureUri('https://h/p?a=b%3Ac%2Fd%40e%2a%20f')).toBe(
      'https://h/p?a=b:c/d@e* %20f'.replace(' %20', '%20'),
    );
  });
});
