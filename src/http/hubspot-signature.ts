/**
 * HubSpot request validation, signature v3: base64 HMAC-SHA256, keyed with the app's client secret,
 * over method + full URL + raw body + timestamp; requests older than 5 minutes are rejected (replay).
 * https://developers.hubspot.com/docs/apps/developer-platform/build-apps/authentication/request-validation
 * (reference: @hubspot/api-client `Signature.isValid`, `MAX_ALLOWED_TIMESTAMP = 300000`).
 */
import { createHmac } from 'node:crypto';
import { safeEqual } from './safe-equal.ts';

export const MAX_SIGNATURE_AGE_MS = 5 * 60_000;

/** HubSpot signs the URI with these characters decoded (its docs list them explicitly). */
const DECODED: Readonly<Record<string, string>> = {
  '%3A': ':',
  '%2F': '/',
  '%3F': '?',
  '%40': '@',
  '%21': '!',
  '%24': '$',
  '%27': "'",
  '%28': '(',
  '%29': ')',
  '%2A': '*',
  '%2C': ',',
  '%3B': ';',
};

export function signatureUri(url: string): string {
  return url.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (m) => DECODED[m.toUpperCase()] ?? m);
}

export function signV3(secret: string, method: string, url: string, body: string, timestamp: string): string {
  return createHmac('sha256', secret)
    .update(`${method}${signatureUri(url)}${body}${timestamp}`, 'utf8')
    .digest('base64');
}

export type SignatureCheck = { ok: true } | { ok: false; reason: 'missing' | 'stale' | 'mismatch' };

export function checkSignatureV3(input: {
  secret: string;
  method: string;
  url: string;
  body: string;
  signature: string | undefined;
  timestamp: string | undefined;
  now: Date;
}): SignatureCheck {
  const { signature, timestamp } = input;
  if (!signature || !timestamp) return { ok: false, reason: 'missing' };
  const ms = Number(timestamp);
  // Future timestamps beyond the same window are as suspicious as old ones (clock games).
  if (!Number.isFinite(ms) || Math.abs(input.now.getTime() - ms) > MAX_SIGNATURE_AGE_MS)
    return { ok: false, reason: 'stale' };
  const expected = signV3(input.secret, input.method, input.url, input.body, timestamp);
  return safeEqual(expected, signature) ? { ok: true } : { ok: false, reason: 'mismatch' };
}
