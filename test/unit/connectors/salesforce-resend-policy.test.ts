import { describe, expect, it } from 'vitest';
import {
  countTry,
  decideResend,
  MAX_CONCURRENCY_RETRIES,
  MAX_RETRIES,
  NO_TRIES,
  type Tries,
} from '../../../connectors/salesforce/resend-policy.ts';
import { toSyncError } from '../../../connectors/salesforce/errors.ts';

const sfError = (errorCode: string, message: string) =>
  toSyncError(Object.assign(new Error(message), { errorCode }));

const concurrent = sfError('REQUEST_LIMIT_EXCEEDED', 'ConcurrentPerOrgLongTxn Limit exceeded');
const daily = sfError('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
const unavailable = sfError('SERVER_UNAVAILABLE', 'busy');
const html502 = sfError('ERROR_HTTP_502', 'HTTP response contains html content.');

const tries = (refusals: number, failures: number): Tries => ({ refusals, failures });

describe('decideResend', () => {
  it.each([
    ['a concurrency refusal of a GET', concurrent, tries(1, 0), true, true],
    ['a concurrency refusal of a POST (the org did not run it)', concurrent, tries(1, 0), false, true],
    ['a concurrency refusal at its last try', concurrent, tries(MAX_CONCURRENCY_RETRIES, 0), false, true],
    ['a concurrency refusal past its budget', concurrent, tries(MAX_CONCURRENCY_RETRIES + 1, 0), true, false],
    ['a refusal after failures spent theirs', concurrent, tries(1, MAX_RETRIES + 1), true, true],
    ['the daily limit, never here', daily, tries(0, 1), true, false],
    ['a 503 of a GET', unavailable, tries(0, 1), true, true],
    ['a proxy 502 page of a GET', html502, tries(0, 2), true, true],
    ['a 502 after refusals spent theirs', html502, tries(MAX_CONCURRENCY_RETRIES, 1), true, true],
    ['a 503 of a POST (it may have run)', unavailable, tries(0, 1), false, false],
    ['a 503 past the budget', unavailable, tries(0, MAX_RETRIES + 1), true, false],
    [
      'an expired query locator',
      sfError('INVALID_QUERY_LOCATOR', 'invalid query locator'),
      tries(0, 1),
      true,
      false,
    ],
    ['a config error', sfError('MALFORMED_QUERY', 'bad'), tries(0, 1), true, false],
  ])('%s', (_name, error, counted, idempotent, resend) => {
    expect(decideResend(error, counted, idempotent, 250, 0.5).resend).toBe(resend);
  });

  it('waits base·2^(n−1) in the tries of the error’s class, jittered between half and one and a half times', () => {
    const delays = [1, 2, 3, 4, 5].map((n) => decideResend(concurrent, tries(n, 2), false, 250, 0.5));
    expect(delays.map((d) => (d.resend ? d.delayMs : null))).toEqual([250, 500, 1000, 2000, 4000]);
    expect(decideResend(html502, tries(4, 1), true, 250, 0.5)).toEqual({ resend: true, delayMs: 250 });
    expect(decideResend(concurrent, tries(1, 0), false, 1000, 0)).toEqual({ resend: true, delayMs: 500 });
    expect(decideResend(concurrent, tries(1, 0), false, 1000, 0.999)).toEqual({
      resend: true,
      delayMs: 1499,
    });
  });
});

describe('countTry', () => {
  it('counts refusals and failures apart', () => {
    const after = [concurrent, concurrent, html502].reduce(countTry, NO_TRIES);
    expect(after).toEqual({ refusals: 2, failures: 1 });
  });
});

describe('an HTML 5xx page', () => {
  it('is a transient failure named in one line, not jsforce’s "check that the org exists"', () => {
    const page = sfError(
      'ERROR_HTTP_502',
      'HTTP response contains html content.\nCheck that the org exists and can be reached.\n\nHTTP status code: 502.',
    );
    expect(page).toMatchObject({ kind: 'transient', code: 'ERROR_HTTP_502' });
    expect(page.message).toMatchInlineSnapshot(
      `"Salesforce ERROR_HTTP_502: HTTP 502 with an HTML page instead of the API's JSON (a proxy or gateway in front of the org answered)"`,
    );
  });
});
