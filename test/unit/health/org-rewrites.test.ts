import { describe, expect, it } from 'vitest';
import {
  formatOrgRewrite,
  orgRewritesFromStats,
  orgRewritesOfRecentRuns,
} from '../../../src/health/org-rewrites.ts';

describe('org rewrites in status', () => {
  it('reads the counters a run recorded, ignoring others and malformed names', () => {
    expect(
      orgRewritesFromStats({
        'rewrittenByOrg.salesforce.lead.Title': 17,
        'rewrittenByOrg.hubspot.contact.hs_custom.sub': 1,
        'rewrittenByOrg.pipedrive.lead.Title': 3,
        'rewrittenByOrg.salesforce.lead': 2,
        'writes.salesforce.Title': 4,
      }),
    ).toEqual([
      { crm: 'hubspot', object: 'contact', field: 'hs_custom.sub', records: 1 },
      { crm: 'salesforce', object: 'lead', field: 'Title', records: 17 },
    ]);
  });

  it('reports the newest finished run that met any, skipping failed and quiet ones', () => {
    const runs = [
      { status: 'failed', stats: { 'rewrittenByOrg.salesforce.lead.Title': 9 } },
      { status: 'succeeded', stats: {} },
      { status: 'partial', stats: { 'rewrittenByOrg.salesforce.contact.Title': 2 } },
      { status: 'succeeded', stats: { 'rewrittenByOrg.salesforce.lead.Title': 5 } },
    ];
    expect(orgRewritesOfRecentRuns(runs)).toEqual([
      { crm: 'salesforce', object: 'contact', field: 'Title', records: 2 },
    ]);
  });

  it('names the CRM, object, field and count', () => {
    expect(formatOrgRewrite({ crm: 'salesforce', object: 'lead', field: 'Title', records: 1 })).toMatch(
      /^Salesforce Lead\.Title rewritten by the org on 1 record: .*keeps the org's value/,
    );
  });
});
