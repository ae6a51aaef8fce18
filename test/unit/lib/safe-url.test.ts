/** The SSRF guard (§B5 #26): which CRM URLs pass, and why the others do not. */
import { describe, expect, it } from 'vitest';
import { checkCrmUrl, HOST_PATTERN, type UrlPolicy } from '../../../src/lib/safe-url.ts';

const hubspot: UrlPolicy = { crm: 'hubspot' };
const salesforce: UrlPolicy = { crm: 'salesforce' };
const reason = (raw: string, policy: UrlPolicy): string => {
  const check = checkCrmUrl(raw, policy);
  return check.ok ? 'ok' : check.reason;
};

describe('checkCrmUrl: the CRMs’ own hosts pass', () => {
  it.each([
    ['https://api.hubapi.com', hubspot],
    ['https://api-eu1.hubapi.com/', hubspot],
    ['https://API.HubAPI.com.', hubspot],
    ['https://login.salesforce.com', salesforce],
    ['https://test.salesforce.com', salesforce],
    ['https://acme.my.salesforce.com', salesforce],
    ['https://acme--uat.sandbox.my.salesforce.com', salesforce],
  ])('%s', (raw, policy) => {
    expect(reason(raw, policy)).toBe('ok');
  });
});

describe('checkCrmUrl: SSRF probes are refused', () => {
  it.each([
    ['http://169.254.169.254/', salesforce, 'link-local / cloud metadata'],
    ['https://169.254.169.254/latest/meta-data', hubspot, 'link-local / cloud metadata'],
    // The same address spelled as one integer, in hex, and IPv4-mapped IPv6: URL normalises all three.
    ['https://2852039166/', salesforce, 'link-local / cloud metadata'],
    ['https://0xa9.0xfe.0xa9.0xfe/', salesforce, 'link-local / cloud metadata'],
    ['https://[::ffff:169.254.169.254]/', salesforce, 'link-local / cloud metadata'],
    ['https://10.0.0.5', hubspot, 'private address'],
    ['https://172.20.1.1', hubspot, 'private address'],
    ['https://192.168.1.10', hubspot, 'private address'],
    ['https://[fd00::1]/', hubspot, 'private address'],
    ['https://[fe80::1]/', hubspot, 'link-local address'],
    ['https://0.0.0.0/', hubspot, 'reserved address'],
    ['https://8.8.8.8/', hubspot, 'an IP address'],
    // Name tricks: wildcard DNS services and look-alike suffixes are not the CRM's hosts.
    ['https://169.254.169.254.nip.io', salesforce, 'not a Salesforce API host'],
    ['https://evil.nip.io', salesforce, 'not a Salesforce API host'],
    ['https://api.hubapi.com.evil.com', hubspot, 'not a HubSpot API host'],
    ['https://evilhubapi.com', hubspot, 'not a HubSpot API host'],
    ['https://my.salesforce.com.attacker.io', salesforce, 'not a Salesforce API host'],
    ['https://api.hubapi.com', salesforce, 'not a Salesforce API host'],
    ['https://login.salesforce.com', hubspot, 'not a HubSpot API host'],
    // Scheme and userinfo.
    ['http://api.hubapi.com', hubspot, 'only https'],
    ['ftp://login.salesforce.com', salesforce, 'only https'],
    ['file:///etc/passwd', salesforce, 'only https'],
    ['https://login.salesforce.com@169.254.169.254/', salesforce, 'credentials'],
    ['not a url', hubspot, 'not a valid URL'],
  ])('%s', (raw, policy, why) => {
    expect(reason(raw, policy)).toContain(why);
  });
});

describe('checkCrmUrl: Salesforce’s default list is login, test and My Domain hosts only', () => {
  it.each([
    'https://evil.force.com',
    'https://acme.my.site.force.com/services',
    'https://foo.salesforce.com',
    'https://na1.salesforce.com',
    'https://my.salesforce.com',
    'https://my.salesforce.com.evil.com',
    'https://sandbox.my.salesforce.com.evil.com',
    'https://acme.my.salesforce.com.evil.com',
    'https://salesforce.com',
  ])('%s is refused', (raw) => {
    expect(reason(raw, salesforce)).toContain('not a Salesforce API host');
  });

  it('an org that needs a classic or Experience Cloud host lists it in allowedHosts', () => {
    const policy: UrlPolicy = { crm: 'salesforce', allowedHosts: ['*.force.com', 'na1.salesforce.com'] };
    expect(reason('https://acme.my.site.force.com', policy)).toBe('ok');
    expect(reason('https://na1.salesforce.com', policy)).toBe('ok');
    expect(reason('https://na2.salesforce.com', policy)).toContain('not a Salesforce API host');
  });
});

describe('checkCrmUrl: loopback needs the connection’s opt-in', () => {
  it.each(['http://127.0.0.1:4010', 'http://localhost:4010', 'http://[::1]:4010', 'https://127.1.2.3'])(
    '%s is refused without allowLocalhost and accepted with it, over http too',
    (raw) => {
      expect(reason(raw, hubspot)).toContain('allowLocalhost: true');
      expect(reason(raw, { ...salesforce, allowLocalhost: true })).toBe('ok');
    },
  );

  it('the opt-in does not open private or metadata addresses', () => {
    const policy: UrlPolicy = { crm: 'salesforce', allowLocalhost: true };
    expect(reason('http://169.254.169.254/', policy)).toContain('metadata');
    expect(reason('http://10.0.0.1/', policy)).toContain('private address');
    expect(reason('https://10.0.0.1/', policy)).toContain('private address');
  });
});

describe('checkCrmUrl: allowedHosts extends the allowlist', () => {
  it('adds exact hosts and wildcard domains, never their look-alikes', () => {
    const policy: UrlPolicy = { crm: 'hubspot', allowedHosts: ['proxy.example.com', '*.crm.example.org'] };
    expect(reason('https://proxy.example.com', policy)).toBe('ok');
    expect(reason('https://eu.crm.example.org', policy)).toBe('ok');
    expect(reason('https://crm.example.org', policy)).toContain('not a HubSpot API host');
    expect(reason('https://proxy.example.com.nip.io', policy)).toContain('not a HubSpot API host');
    expect(reason('http://proxy.example.com', policy)).toContain('only https');
    expect(reason('https://api.hubapi.com', policy)).toBe('ok');
  });

  it('lets an admin name one internal IP explicitly, and only that one', () => {
    const policy: UrlPolicy = { crm: 'salesforce', allowedHosts: ['10.1.2.3'] };
    expect(reason('https://10.1.2.3/', policy)).toBe('ok');
    expect(reason('https://10.1.2.4/', policy)).toContain('private address');
  });

  it('accepts host names, two-label wildcards and IP literals as entries; nothing broader', () => {
    for (const ok of ['proxy.example.com', '*.example.com', 'Proxy.Example.COM', '10.1.2.3', '[fd00::1]'])
      expect(HOST_PATTERN.test(ok), ok).toBe(true);
    for (const bad of ['*', '*.com', 'localhost', 'https://proxy.example.com', 'a..b.com', 'host/path', ''])
      expect(HOST_PATTERN.test(bad), bad).toBe(false);
  });
});
