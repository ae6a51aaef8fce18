import { describe, expect, it } from 'vitest';
import {
  formatHiddenField,
  hiddenFieldCounter,
  hiddenFieldsFromStats,
  hiddenFieldsOfLastRun,
} from '../../../src/health/hidden-fields.ts';

describe('hidden fields from run stats', () => {
  it('reads each counter back as the field it names, sorted; ignores other and malformed keys', () => {
    const stats = {
      [hiddenFieldCounter({ object: 'lead', field: 'Tier__c' })]: 1,
      [hiddenFieldCounter({ object: 'contact', field: 'Budget__c' })]: 1,
      'hiddenField.salesforce.account.X__c': 1,
      'hiddenField.salesforce.lead': 1,
      'hiddenField.salesforce.lead.Zero__c': 0,
      'rewrittenByOrg.salesforce.lead.Title': 3,
      recordsPulled: 10,
    };
    expect(hiddenFieldsFromStats(stats)).toEqual([
      { object: 'contact', field: 'Budget__c' },
      { object: 'lead', field: 'Tier__c' },
    ]);
  });

  it('only the newest finished run counts: a later clean run clears it, a running one does not', () => {
    const hidden = { 'hiddenField.salesforce.lead.Budget__c': 1 };
    expect(
      hiddenFieldsOfLastRun([
        { status: 'running', stats: {} },
        { status: 'succeeded', stats: hidden },
      ]),
    ).toEqual([{ object: 'lead', field: 'Budget__c' }]);
    expect(
      hiddenFieldsOfLastRun([
        { status: 'succeeded', stats: {} },
        { status: 'partial', stats: hidden },
      ]),
    ).toEqual([]);
  });

  it('names the object, the field and the fix', () => {
    expect(formatHiddenField({ object: 'lead', field: 'Budget__c' })).toMatchInlineSnapshot(
      `"Salesforce field Lead.Budget__c exists but is hidden from the integration user (field-level security): grant read/edit on Lead.Budget__c to the integration user's permission set (Setup > Permission Sets > Object Settings); until then this field is skipped"`,
    );
  });
});
