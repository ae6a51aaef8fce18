import { describe, expect, it } from 'vitest';
import { adminTokenProblem, checkAdminToken, isLoopbackHost } from '../../../src/http/admin-token-policy.ts';

const STRONG = 'q7Vd2kP9xL4mW8nB3cR6tY1zH5jF0sGa';

describe('admin token policy', () => {
  it.each([
    [undefined, 'http.adminToken is not set'],
    ['', 'http.adminToken is not set'],
    ['short-but-random-Xy7', 'http.adminToken is 20 characters; use at least 32'],
    ['change-me-to-a-long-random-token', 'http.adminToken is a placeholder from the docs'],
    ['CHANGEME-please-0123456789abcdefgh', 'http.adminToken is a placeholder from the docs'],
    ['replace-me-with-something-long-enough', 'http.adminToken is a placeholder from the docs'],
    ['a'.repeat(40), 'http.adminToken repeats too few characters to be random'],
    ['abababababababababababababababab', 'http.adminToken repeats too few characters to be random'],
  ])('refuses %j: %s', (token, problem) => {
    expect(adminTokenProblem(token)).toBe(problem);
    const check = checkAdminToken(token, { host: '0.0.0.0', insecureDevToken: false });
    expect(check).toEqual({ ok: false, reason: expect.stringContaining(problem) });
    if (!check.ok) expect(check.reason).toContain('LEADLOOP_ADMIN_TOKEN');
  });

  it('accepts a long random token', () => {
    expect(adminTokenProblem(STRONG)).toBeUndefined();
    expect(checkAdminToken(STRONG, { host: '0.0.0.0', insecureDevToken: false })).toEqual({ ok: true });
  });

  it('lets --insecure-dev-token through on loopback only, with a warning', () => {
    expect(checkAdminToken(undefined, { host: '127.0.0.1', insecureDevToken: true })).toEqual({
      ok: true,
      warning: expect.stringContaining('--insecure-dev-token'),
    });
    const open = checkAdminToken('dev', { host: '0.0.0.0', insecureDevToken: true });
    expect(open).toEqual({
      ok: false,
      reason: expect.stringContaining('only works on a loopback host, not 0.0.0.0'),
    });
    expect(checkAdminToken('dev', { host: '127.0.0.1', insecureDevToken: false }).ok).toBe(false);
  });

  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['localhost', true],
    ['::1', true],
    ['[::1]', true],
    ['0.0.0.0', false],
    ['::', false],
    ['192.168.1.10', false],
    ['127.0.0.1.nip.io', false],
  ])('loopback(%s) = %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });
});
