/**
 * SSRF guard for the URLs leadloop calls: the configured HubSpot base URL and Salesforce login URL, and
 * the `instance_url` a Salesforce token answer names. Pure (no DNS, no I/O): a URL passes only when it is
 * https and its host is on the CRM's hostname allowlist (plus the admin's `allowedHosts`), so a string
 * trick such as `169.254.169.254.nip.io`, `api.hubapi.com.evil.com` or `user@host` never reaches a private
 * address by name. IP literals pass only when listed explicitly; loopback (the local sandboxes) only with
 * the connection's `allowLocalhost` opt-in, and only then may it be plain http.
 * OWASP: https://cheatsheetseries.owasp.org/cheatsheets/Server_Side_Request_Forgery_Prevention_Cheat_Sheet.html
 */
import type { CrmName } from '../domain/crm.ts';

/**
 * Hosts each CRM's APIs live on. HubSpot: api.hubapi.com and the EU data centre api-eu1.hubapi.com.
 * Salesforce: the login/test authorization servers and My Domain API hosts (`*.my.salesforce.com`,
 * sandboxes `*.sandbox.my.salesforce.com`; "All Salesforce orgs have a My Domain",
 * https://developer.salesforce.com/docs/platform/pkg2-dev/guide/packaging-instanceless-url.html). Not
 * `*.salesforce.com` or `*.force.com`: classic instance hosts are legacy, and Experience Cloud sites and
 * Visualforce hosts serve customer-built content; an org that still needs one lists it in `allowedHosts`.
 */
export const DEFAULT_ALLOWED_HOSTS: Readonly<Record<CrmName, readonly string[]>> = {
  hubspot: ['api.hubapi.com', 'api-eu1.hubapi.com', '*.hubapi.com'],
  salesforce: [
    'login.salesforce.com',
    'test.salesforce.com',
    '*.my.salesforce.com',
    '*.sandbox.my.salesforce.com',
  ],
};

/** An allowlist entry: a hostname, `*.` plus a domain of at least two labels, or an IP literal. */
export const HOST_PATTERN =
  /^(?:(?:\*\.)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+|\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-f:.]+\])$/i;

export interface UrlPolicy {
  readonly crm: CrmName;
  /** Extra hosts (same forms as `HOST_PATTERN`), on top of `DEFAULT_ALLOWED_HOSTS[crm]`. */
  readonly allowedHosts?: readonly string[] | undefined;
  /** Accept loopback hosts (127.0.0.0/8, ::1, localhost), over http too: the local sandboxes only. */
  readonly allowLocalhost?: boolean | undefined;
}

export type UrlCheck =
  { readonly ok: true; readonly url: URL } | { readonly ok: false; readonly reason: string };

/** IPv4 dotted quad → its four octets (URL has already normalised hex, octal and integer forms). */
function ipv4(host: string): number[] | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return undefined;
  const octets = m.slice(1).map(Number);
  return octets.every((o) => o <= 255) ? octets : undefined;
}

/** The IPv4 address inside an IPv4-mapped or -compatible IPv6 literal (`[::ffff:a9fe:a9fe]`). */
function embeddedIpv4(host: string): number[] | undefined {
  const m = /^\[::(?:ffff:)?([0-9a-f]{1,4}):([0-9a-f]{1,4})\]$/.exec(host);
  if (!m) return undefined;
  const hi = parseInt(m[1] ?? '0', 16);
  const lo = parseInt(m[2] ?? '0', 16);
  return [hi >> 8, hi & 255, lo >> 8, lo & 255];
}

function isLoopback(host: string): boolean {
  if (host === 'localhost' || host.endsWith('.localhost') || host === '[::1]') return true;
  const v4 = ipv4(host) ?? embeddedIpv4(host);
  return v4 !== undefined && v4[0] === 127;
}

/** Why an IP literal is dangerous, for the error message (private, link-local/metadata, ...). */
function ipRange(host: string): string | undefined {
  const v4 = ipv4(host) ?? embeddedIpv4(host);
  if (v4) {
    const [a = 0, b = 0] = v4;
    if (a === 169 && b === 254) return 'a link-local / cloud metadata address';
    if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'a private address';
    if (a === 100 && b >= 64 && b <= 127) return 'a shared (CGNAT) address';
    if (a === 0 || a >= 224) return 'a reserved address';
    return 'an IP address';
  }
  if (host.startsWith('[')) {
    if (/^\[f[cd]/.test(host)) return 'a private address';
    if (/^\[fe[89ab]/.test(host)) return 'a link-local address';
    return 'an IP address';
  }
  return undefined;
}

function matches(host: string, pattern: string): boolean {
  const p = pattern.toLowerCase();
  if (p.startsWith('*.')) return host.endsWith(p.slice(1)) && host.length > p.length - 1;
  return host === p;
}

/** Checks one URL against the policy; never throws. */
export function checkCrmUrl(raw: string, policy: UrlPolicy): UrlCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'is not a valid URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { ok: false, reason: `uses ${url.protocol.replace(/:$/, '')}; only https is allowed` };
  if (url.username !== '' || url.password !== '')
    return { ok: false, reason: 'carries credentials before the host; put secrets in their own keys' };
  // A trailing dot names the same host; drop it so "api.hubapi.com." matches the allowlist as itself.
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  if (isLoopback(host)) {
    if (policy.allowLocalhost === true) return { ok: true, url };
    return {
      ok: false,
      reason: `points at the local machine (${host}); set allowLocalhost: true on this connection for a local sandbox`,
    };
  }
  const extra = policy.allowedHosts ?? [];
  const range = ipRange(host);
  const listedIp = range !== undefined && extra.some((p) => p.toLowerCase() === host);
  if (range !== undefined && !listedIp)
    return { ok: false, reason: `is ${range} (${host}); list it in allowedHosts only if you really mean it` };
  if (url.protocol !== 'https:') return { ok: false, reason: 'uses http; only https is allowed' };
  if (listedIp) return { ok: true, url };
  if ([...DEFAULT_ALLOWED_HOSTS[policy.crm], ...extra].some((p) => matches(host, p)))
    return { ok: true, url };
  return {
    ok: false,
    reason: `is on ${host}, not a ${policy.crm === 'hubspot' ? 'HubSpot' : 'Salesforce'} API host; add it to allowedHosts if it is yours`,
  };
}
