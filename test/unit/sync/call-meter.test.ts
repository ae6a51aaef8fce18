import { describe, expect, it } from 'vitest';
import type { ApiUsage, CrmConnector } from '../../../connectors/types.ts';
import type { CrmName } from '../../../src/domain/crm.ts';
import { callCounters, createCallMeter, quotaCounters } from '../../../src/sync/call-meter.ts';

const none = { hubspot: {}, salesforce: {} };

describe('callCounters', () => {
  it('counts each family called between the snapshots and totals them per CRM', () => {
    expect(
      callCounters(
        { hubspot: { search: 2, list: 5 }, salesforce: { composite: 1 } },
        { hubspot: { search: 4, list: 5, 'batch-update': 3 }, salesforce: { composite: 1 } },
      ),
    ).toEqual({
      'apiCalls.hubspot': 5,
      'apiCalls.hubspot.search': 2,
      'apiCalls.hubspot.batch-update': 3,
      'apiCalls.salesforce': 0,
    });
  });

  it('reports 0 for a CRM that was not called at all', () => {
    expect(callCounters(none, none)).toEqual({ 'apiCalls.hubspot': 0, 'apiCalls.salesforce': 0 });
  });
});

describe('quotaCounters', () => {
  const usage = (crm: CrmName, quota: ApiUsage['quota']): ApiUsage => ({
    crm,
    calls: {},
    totalCalls: 0,
    http429: 0,
    retries: 0,
    quota,
  });

  it('reports what is left of a reported daily quota and its size, never below 0', () => {
    expect(
      quotaCounters([
        usage('hubspot', { dailyUsed: 700, dailyLimit: 500 }),
        usage('salesforce', { dailyUsed: 120, dailyLimit: 1_000 }),
      ]),
    ).toEqual({
      'quotaLeft.hubspot': 0,
      'quotaLimit.hubspot': 500,
      'quotaLeft.salesforce': 880,
      'quotaLimit.salesforce': 1_000,
    });
  });

  it('leaves out a CRM that reported no quota', () => {
    expect(quotaCounters([usage('hubspot', { dailyLimit: 500 })])).toEqual({});
  });
});

describe('createCallMeter', () => {
  // Connectors reduced to usage(): a call is made by bumping `made`.
  const made: Record<CrmName, Record<string, number>> = { hubspot: {}, salesforce: {} };
  const call = (crm: CrmName, family: string, n = 1): void => {
    made[crm][family] = (made[crm][family] ?? 0) + n;
  };
  const fake = (crm: CrmName): Pick<CrmConnector, 'usage'> => ({
    usage: () => ({
      crm,
      calls: { ...made[crm] },
      totalCalls: Object.values(made[crm]).reduce((a, b) => a + b, 0),
      http429: 0,
      retries: 0,
      quota: {},
    }),
  });
  const connectors = { hubspot: fake('hubspot'), salesforce: fake('salesforce') };

  it('counts each overlapping phase once: the first to end takes both, the second only what came after', () => {
    const meter = createCallMeter(connectors);
    meter.begin();
    call('hubspot', 'search', 2);
    meter.begin();
    call('salesforce', 'composite');
    expect(meter.end()).toEqual({
      'apiCalls.hubspot': 2,
      'apiCalls.hubspot.search': 2,
      'apiCalls.salesforce': 1,
      'apiCalls.salesforce.composite': 1,
    });
    call('hubspot', 'search');
    expect(meter.end()).toEqual({
      'apiCalls.hubspot': 1,
      'apiCalls.hubspot.search': 1,
      'apiCalls.salesforce': 0,
    });
  });

  it('drops calls made while no phase ran', () => {
    const meter = createCallMeter(connectors);
    call('hubspot', 'account-details');
    meter.begin();
    call('hubspot', 'list', 3);
    expect(meter.end()).toEqual({
      'apiCalls.hubspot': 3,
      'apiCalls.hubspot.list': 3,
      'apiCalls.salesforce': 0,
    });
    call('salesforce', 'query');
    meter.begin();
    expect(meter.end()).toEqual({ 'apiCalls.hubspot': 0, 'apiCalls.salesforce': 0 });
  });
});
