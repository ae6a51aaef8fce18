/**
 * URLs taken from a Salesforce answer (a query's `nextRecordsUrl`, anything a future Bulk or locator read
 * hands back) are followed only on the session's own instance: jsforce sends `Authorization` to whatever
 * absolute URL it is given, so a foreign link in a spoofed or proxied answer would carry the session token
 * away. Relative `/services/data/...` paths and absolute URLs on the instance's origin pass; anything else
 * fails the read with the origin it named (never the URL's query, never the token).
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm
 */
import { SyncError } from '../../src/lib/errors.ts';

const DATA_ROOT = '/services/data/';

function originOf(raw: string): string | undefined {
  try {
    return new URL(raw).origin;
  } catch {
    return undefined;
  }
}

/** The error for a URL leadloop will not send the session to. */
export function foreignUrlError(what: string, origin: string, instanceUrl: string): SyncError {
  const instanceOrigin = originOf(instanceUrl) ?? instanceUrl;
  return new SyncError(
    'config',
    'SF_FOREIGN_URL',
    `Salesforce answered a ${what} on ${origin}, not on this session's instance ${instanceOrigin}; it is not followed`,
    { what, origin, instanceOrigin },
  );
}

/**
 * The instance-relative path (`/services/data/...?...`) to request for a URL Salesforce handed back, or a
 * `SF_FOREIGN_URL` config error when it points anywhere else.
 */
export function instancePath(raw: string, instanceUrl: string, what: string): string {
  const instanceOrigin = originOf(instanceUrl);
  if (instanceOrigin === undefined) throw foreignUrlError(what, 'an unusable instance URL', instanceUrl);
  const absolute = originOf(raw) !== undefined;
  // A relative link must be a root path: "//host/..." (scheme-relative) and "\..." name another host.
  if (!absolute && !raw.startsWith(DATA_ROOT)) {
    throw foreignUrlError(what, `${instanceOrigin} outside ${DATA_ROOT}`, instanceUrl);
  }
  const url = new URL(raw, instanceUrl);
  if (url.origin !== instanceOrigin) {
    throw foreignUrlError(what, url.origin === 'null' ? `a ${url.protocol} URL` : url.origin, instanceUrl);
  }
  if (!url.pathname.startsWith(DATA_ROOT)) {
    throw foreignUrlError(what, `${instanceOrigin} outside ${DATA_ROOT}`, instanceUrl);
  }
  return `${url.pathname}${url.search}`;
}
