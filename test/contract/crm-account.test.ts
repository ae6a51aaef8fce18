/**
 * Which account the credentials reach, read the way the real APIs offer it (response shapes from the
 * vendors' documented examples): HubSpot's account details (one call per connector), Salesforce's identity
 * URL in the token answer (no call of its own), with the Organization object when a token lacks one.
 */
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { organizationOf } from '../../connectors/salesforce/connection.ts';
import { createSalesforceConnector } from '../../connectors/salesforce/index.ts';
import { BASE, makeConnector } from './hubspot-connector/helpers.ts';
import { INSTANCE, LOGIN, TOKEN, V, captureLogger, jwtConnection } from './salesforce-connector/helpers.ts';

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('CRM account ids', () => {
  it('HubSpot: the portal id from GET /account-info/v3/details, asked once', async () => {
    const scope = nock(BASE).get('/account-info/v3/details').once().reply(200, {
      portalId: 2519445,
      accountType: 'STANDARD',
      timeZone: 'US/Eastern',
      companyCurrency: 'USD',
      additionalCurrencies: [],
      utcOffset: '-05:00',
      utcOffsetMilliseconds: -18000000,
      uiDomain: 'app.hubspot.com',
      dataHostingLocation: 'na1',
    });
    const { hs } = makeConnector();
    expect(await hs.account()).toEqual({ id: '2519445' });
    expect(await hs.account()).toEqual({ id: '2519445' });
    expect(scope.isDone()).toBe(true);
    expect(hs.usage().calls['account']).toBe(1);
  });

  it('Salesforce: the org id from the token answer identity URL, no call of its own', async () => {
    nock(LOGIN).post('/services/oauth2/token').reply(200, TOKEN);
    const sf = createSalesforceConnector(jwtConnection(), { logger: captureLogger().logger });
    expect(await sf.account()).toEqual({ id: '00Dxx0000001gPLEAY' });
    expect(sf.usage().totalCalls).toBe(1); // the token request only
  });

  it('Salesforce: the Organization row when the token answer names no identity', async () => {
    const { id: _none, ...withoutId } = TOKEN;
    nock(LOGIN).post('/services/oauth2/token').reply(200, withoutId);
    nock(INSTANCE)
      .get(`${V}/query`)
      .query({ q: 'SELECT Id FROM Organization' })
      .reply(200, {
        totalSize: 1,
        done: true,
        records: [{ attributes: { type: 'Organization' }, Id: '00D5g000004XkZtEAK' }],
      });
    const sf = createSalesforceConnector(jwtConnection(), { logger: captureLogger().logger });
    expect(await sf.account()).toEqual({ id: '00D5g000004XkZtEAK' });
  });

  it('reads the org id out of identity URLs only when they have the documented shape', () => {
    expect(organizationOf('https://login.salesforce.com/id/00Dxx0000001gPLEAY/005xx000001Sv6AAAS')).toBe(
      '00Dxx0000001gPLEAY',
    );
    expect(organizationOf('https://test.salesforce.com/id/00D000000000099/005000000000001')).toBe(
      '00D000000000099',
    );
    expect(organizationOf('https://login.salesforce.com/id/005xx000001Sv6AAAS')).toBeUndefined();
    expect(organizationOf(undefined)).toBeUndefined();
  });
});
