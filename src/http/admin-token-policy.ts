/**
 * Whether `leadloop serve` may start with the configured admin token. The token guards an API that can
 * read the mappings and trigger writes to both CRMs, so a missing, short or copied-from-the-docs token is
 * refused; only a loopback listener with `--insecure-dev-token` may run with one (a laptop trial).
 * Pure: the caller prints the reason and exits.
 */
export const MIN_ADMIN_TOKEN_LENGTH = 32;

/** Tokens that appear in docs and examples, and the words people type when asked for one. */
const PLACEHOLDER =
  /change[-_ ]?me|placeholder|example|your[-_ ]?token|replace[-_ ]?me|^(?:secret|password|admin|token|test|leadloop)\d*$/i;

export type AdminTokenCheck =
  { readonly ok: true; readonly warning?: string } | { readonly ok: false; readonly reason: string };

const HOW = 'set LEADLOOP_ADMIN_TOKEN (http.adminToken) to a random value, e.g. `openssl rand -hex 32`';

/** Loopback hosts a dev listener may bind (no other machine can reach them). */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(?:\.\d{1,3}){3}$/.test(h);
}

/** Why a token is unfit, or undefined when it is fit. */
export function adminTokenProblem(token: string | undefined): string | undefined {
  if (token === undefined || token === '') return 'http.adminToken is not set';
  if (token.length < MIN_ADMIN_TOKEN_LENGTH)
    return `http.adminToken is ${token.length} characters; use at least ${MIN_ADMIN_TOKEN_LENGTH}`;
  if (PLACEHOLDER.test(token)) return 'http.adminToken is a placeholder from the docs';
  if (new Set(token).size < 8) return 'http.adminToken repeats too few characters to be random';
  return undefined;
}

export function checkAdminToken(
  token: string | undefined,
  listen: { readonly host: string; readonly insecureDevToken: boolean },
): AdminTokenCheck {
  const problem = adminTokenProblem(token);
  if (problem === undefined) return { ok: true };
  if (listen.insecureDevToken && isLoopbackHost(listen.host))
    return { ok: true, warning: `${problem}; serving anyway on loopback because of --insecure-dev-token` };
  const dev = listen.insecureDevToken
    ? ` (--insecure-dev-token only works on a loopback host, not ${listen.host})`
    : '';
  return { ok: false, reason: `refusing to serve: ${problem}; ${HOW}${dev}` };
}
