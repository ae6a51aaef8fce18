/**
 * Verifies a JWT bearer assertion as Salesforce's OAuth server does: RS256 signature against the
 * connected app's certificate, `iss` = consumer key, `sub` = username, `aud` = the login URL, `exp`
 * in the future.
 * https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_jwt_flow.htm
 */
import { verify, type KeyObject } from 'node:crypto';

export type JwtCheck = { ok: true } | { ok: false; error: string; description: string };

export interface JwtExpectations {
  publicKey: KeyObject;
  clientId: string;
  username: string;
  audience: string;
  nowSeconds: number;
}

function decodePart(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const fail = (error: string, description: string): JwtCheck => ({ ok: false, error, description });

export function verifyJwtAssertion(assertion: string, expect: JwtExpectations): JwtCheck {
  const parts = assertion.split('.');
  if (parts.length !== 3) return fail('invalid_grant', 'invalid assertion');
  const [h, p, s] = parts as [string, string, string];
  const header = decodePart(h);
  const claims = decodePart(p);
  if (!header || !claims) return fail('invalid_grant', 'invalid assertion');
  if (header['alg'] !== 'RS256') return fail('invalid_grant', 'invalid assertion: alg must be RS256');
  const signatureOk = verify(
    'RSA-SHA256',
    Buffer.from(`${h}.${p}`),
    expect.publicKey,
    Buffer.from(s, 'base64url'),
  );
  if (!signatureOk) return fail('invalid_grant', 'invalid assertion');
  if (claims['iss'] !== expect.clientId) return fail('invalid_client_id', 'client identifier invalid');
  const aud = Array.isArray(claims['aud']) ? claims['aud'] : [claims['aud']];
  if (!aud.some((a) => typeof a === 'string' && a.replace(/\/$/, '') === expect.audience))
    return fail('invalid_grant', 'audience is invalid');
  if (claims['sub'] !== expect.username) return fail('invalid_grant', "user hasn't approved this consumer");
  const exp = claims['exp'];
  if (typeof exp !== 'number' || exp <= expect.nowSeconds)
    return fail('invalid_grant', 'expired authorization code');
  return { ok: true };
}
