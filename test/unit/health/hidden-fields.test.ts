import { describe, expect, it } from 'vitest';
import {
  formatHiddenField,
  hiddenFieldCounter,
  hiddenFieldJson,
  hiddenFieldLine,
  hiddenFieldsFromStats,
  hiddenFieldsOfLastRun,
} from '../../../src/health/hidden-fields.ts';

describe('hidden fields from run stats', () => {
  it('reads each counter back as the field it names, sorted; ignores other and malformed keys', () => {
    const stats = {
      [hiddenFieldCounter({ object: 'lead', field: 'Tier__c', reason: 'mapped' })]: 1,
      'heldBack.salesforce.lead.Tier__c': 42,
      'heldBack.salesforce.contact.Tier__c': 3,
      [hiddenFieldCounter({ object: 'contact', field: 'Budget__c', reason: 'mapped' })]: 1,
      [hiddenFieldCounter({ object: 'lead', field: 'Leadloop_Score__c', reason: 'own' })]: 1,
      [hiddenFieldCounter({ object: 'contact', field: 'Tier__c', reason: 'unverified' })]: 1,
      'hiddenField.salesforce.account.X__c': 1,
      'hiddenField.salesforce.lead': 1,
      'hiddenField.salesforce.lead.Zero__c': 0,
      'rewrittenByOrg.salesforce.lead.Title': 3,
      recordsPulled: 10,
    };
    expect(hiddenFieldsFromStats(stats)).toEqual([
      { object: 'contact', field: 'Budget__c', reason: 'mapped', heldBack: 0 },
      { object: 'contact', field: 'Tier__c', reason: 'unverified', heldBack: 3 },
      { object: 'lead', field: 'Leadloop_Score__c', reason: 'own', heldBack: 0 },
      { object: 'lead', field: 'Tier__c', reason: 'mapped', heldBack: 42 },
    ]);
  });

  it('only the newest finished run counts: a later clean run clears it, a running one does not', () => {
    const hidden = { 'hiddenField.salesforce.lead.Budget__c': 1 };
    expect(
      hiddenFieldsOfLastRun([
        { status: 'running', stats: {} },
        { status: 'succeeded', stats: hidden },
      ]),
    ).toEqual([{ object: 'lead', field: 'Budget__c', reason: 'mapped', heldBack: 0 }]);
    expect(
      hiddenFieldsOfLastRun([
        { status: 'succeeded', stats: {} },
        { status: 'partial', stats: hidden },
      ]),
    ).toEqual([]);
  });

  it('names the object, the field and the fix', () => {
    expect(
      formatHiddenField({ object: 'lead', field: 'Budget__c', reason: 'mapped', heldBack: 1 }),
    ).toMatchInlineSnapshot(
      `"Salesforce field Lead.Budget__c exists but is hidden from the integration user (field-level security): grant read/edit on Lead.Budget__c to the integration user's permission set (Setup > Permission Sets > Object Settings); until then this field is skipped (the last run held back 1 write to it)"`,
    );
  });

  it("names leadloop's own field with labels apply as the fix", () => {
    expect(
      formatHiddenField({ object: 'contact', field: 'Leadloop_Score__c', reason: 'own', heldBack: 12 }),
    ).toMatchInlineSnapshot(
      `"leadloop's own Salesforce field Contact.Leadloop_Score__c exists but is hidden from the integration user (field-level security): run \`leadloop labels apply\` (it grants leadloop's permission set read/edit on its fields) or grant read/edit on Contact.Leadloop_Score__c to the integration user; until then leadloop does not write it (the last run held back 12 writes to it)"`,
    );
  });

  it('a field the run could not check says so and asks for View Setup', () => {
    expect(
      formatHiddenField({ object: 'lead', field: 'Budget__c', reason: 'unverified', heldBack: 0 }),
    ).toMatchInlineSnapshot(
      `"Salesforce field Lead.Budget__c does not exist, or is hidden and leadloop cannot tell (the integration user may not view setup): grant "View Setup and Configuration" to the integration user so leadloop can tell, then fix the mapping or grant read/edit on Lead.Budget__c; until then this field is skipped (the last run held back 0 writes to it)"`,
    );
  });

  it('status renders each as a config error line and --json as the field with its count and message', () => {
    const runs = [
      {
        status: 'succeeded',
        stats: {
          'hiddenOwnField.salesforce.lead.Leadloop_Score__c': 1,
          'heldBack.salesforce.lead.Leadloop_Score__c': 7,
        },
      },
    ];
    const [field] = hiddenFieldsOfLastRun(runs);
    expect(field).toBeDefined();
    if (!field) return;
    expect(hiddenFieldLine(field)).toMatch(
      /^config error: leadloop's own Salesforce field Lead\.Leadloop_Score__c .* held back 7 writes to it\)$/,
    );
    expect(JSON.parse(JSON.stringify(hiddenFieldJson(field)))).toEqual({
      object: 'lead',
      field: 'Leadloop_Score__c',
      reason: 'own',
      heldBack: 7,
      message: formatHiddenField(field),
    });
  });
});
