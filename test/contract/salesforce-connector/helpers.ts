/** Shared fixtures for the Salesforce connector contract tests (nock) and sandbox tests. */
import { captureLogger } from '../../helpers/capture-logger.ts';
import { generateKeyPairSync } from 'node:crypto';
import type { SalesforceConnection } from '../../../src/config/connections.ts';

export const LOGIN = 'https://login.salesforce.com';
export const INSTANCE = 'https://acme.my.salesforce.com';
export const V = '/services/data/v62.0';
export const KEYS = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});

export function jwtConnection(overrides: Partial<SalesforceConnection> = {}): SalesforceConnection {
  return {
    loginUrl: LOGIN,
    apiVersion: '62.0',
    auth: {
      type: 'jwt',
      clientId: '3MVG9-consumer-key',
      username: 'integration@acme.com',
      privateKey: KEYS.privateKey,
    },
    dailyBudgetShare: 0.8,
    bulkThreshold: 50_000,
    lookbackSeconds: 300,
    ...overrides,
  };
}

export function refreshConnection(overrides: Partial<SalesforceConnection> = {}): SalesforceConnection {
  return {
    ...jwtConnection(),
    auth: {
      type: 'refresh-token',
      clientId: 'client-id-1',
      clientSecret: 'client-secret-1',
      refreshToken: 'refresh-token-1',
    },
    ...overrides,
  };
}

export const TOKEN = {
  access_token: '00Dxx0000001gPL!AR8AQJXg-access-1',
  instance_url: INSTANCE,
  id: `${LOGIN}/id/00Dxx0000001gPLEAY/005xx000001Sv6AAAS`,
  token_type: 'Bearer',
  scope: 'api',
};

export const LIMIT_HEADER = {
  'Sforce-Limit-Info': 'api-usage=100/100000',
  'Content-Type': 'application/json;charset=UTF-8',
};

/** A Lead row as the query resource returns it. */
export function leadRow(
  id: string,
  stamp: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    attributes: { type: 'Lead', url: `${V}/sobjects/Lead/${id}` },
    Id: id,
    SystemModstamp: stamp,
    CreatedDate: '2024-01-01T00:00:00.000+0000',
    IsDeleted: false,
    Email: `${id.toLowerCase()}@example.com`,
    IsConverted: false,
    ConvertedContactId: null,
    ...extra,
  };
}

/** Decodes a JWT's claims without verifying (verification is its own assertion). */
export function jwtClaims(assertion: string): Record<string, unknown> {
  const part = assertion.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

export { captureLogger };
