/** Config-time SSRF guard: a forbidden CRM URL is a config error naming its path; the opt-ins are explicit. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.ts';
import { ConfigError } from '../../../src/lib/errors.ts';
import { EXAMPLE_CONFIG_PATH, sandboxConfigText } from '../../../connectors/sandbox/sandbox-config.ts';

const example = readFileSync(EXAMPLE_CONFIG_PATH, 'utf8');

function problems(env: Record<string, string>, text = example): readonly string[] {
  try {
    parseConfig(text, env, 'leadloop.yaml');
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('connection URLs at config time', () => {
  it('accepts the example, which points at the real CRMs', () => {
    expect(problems({})).toEqual([]);
  });

  it('names the path of each forbidden URL and says why', () => {
    expect(
      problems({
        HUBSPOT_BASE_URL: 'http://169.254.169.254/',
        SALESFORCE_LOGIN_URL: 'https://evil.nip.io',
      }),
    ).toMatchInlineSnapshot(`
      [
        "connections.hubspot.baseUrl: http://169.254.169.254/ is a link-local / cloud metadata address (169.254.169.254); list it in allowedHosts only if you really mean it",
        "connections.salesforce.loginUrl: https://evil.nip.io is on evil.nip.io, not a Salesforce API host; add it to allowedHosts if it is yours",
      ]
    `);
  });

  it('refuses a local URL unless the connection opts in with allowLocalhost', () => {
    const env = { HUBSPOT_BASE_URL: 'http://127.0.0.1:4010' };
    expect(problems(env)).toEqual([
      'connections.hubspot.baseUrl: http://127.0.0.1:4010 points at the local machine (127.0.0.1); set allowLocalhost: true on this connection for a local sandbox',
    ]);
    const optedIn = example.replace(
      '    tier: professional',
      '    allowLocalhost: true\n    tier: professional',
    );
    expect(problems(env, optedIn)).toEqual([]);
  });

  it('extends the allowlist with allowedHosts, and rejects entries broader than a domain', () => {
    const env = { SALESFORCE_LOGIN_URL: 'https://sso.example.com' };
    const withHosts = (hosts: string): string =>
      example.replace('    bulkThreshold: 50000', `    allowedHosts: ${hosts}\n    bulkThreshold: 50000`);
    expect(problems(env, withHosts('[sso.example.com]'))).toEqual([]);
    expect(problems(env, withHosts('["*.com"]'))).toEqual([
      'connections.salesforce.allowedHosts[0]: expected a host name, "*." plus a domain of two or more labels, or an IP address',
    ]);
  });

  it('a sandbox config opts both connections into loopback, with a comment saying why', () => {
    const text = sandboxConfigText(
      example,
      {
        hubspot: { baseUrl: 'http://127.0.0.1:4010', accessToken: 'sandbox-token' },
        salesforce: {
          loginUrl: 'http://127.0.0.1:4011',
          instanceUrl: 'http://127.0.0.1:4011',
          apiVersion: 'v62.0',
          clientId: 'id',
          clientSecret: 'secret',
          username: 'integration@sandbox',
          refreshToken: 'refresh',
          privateKeyPem: '-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----',
        },
      },
      '/tmp/state.sqlite',
    );
    const config = parseConfig(text, {}, 'sandbox.yaml');
    expect(config.connections.hubspot.allowLocalhost).toBe(true);
    expect(config.connections.salesforce.allowLocalhost).toBe(true);
    expect(
      text.match(/allowLocalhost: true # the local sandbox listens on loopback over http/g),
    ).toHaveLength(2);
  });
});
