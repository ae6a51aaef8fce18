import { describe, expect, it } from 'vitest';
import { FieldSpec } from '../../../src/domain/field.ts';
import {
  OWN_FIELD_KEYS,
  STAGE_DATE_KEYS,
  ownFieldKey,
  ownFieldName,
  ownFieldSpecs,
} from '../../../src/mapping/own-fields.ts';

describe('own field names', () => {
  it('follows the documented defaults in both CRMs', () => {
    const table = Object.fromEntries(
      OWN_FIELD_KEYS.map((k) => [k, [ownFieldName('hubspot', k), ownFieldName('salesforce', k)]]),
    );
    expect(table).toMatchInlineSnapshot(`
      {
        "cell": [
          "leadloop_cell",
          "Leadloop_Cell__c",
        ],
        "disqualifiedDate": [
          "leadloop_disqualified_date",
          "Leadloop_Disqualified_Date__c",
        ],
        "engagementScore": [
          "leadloop_engagement_score",
          "Leadloop_Engagement_Score__c",
        ],
        "explanation": [
          "leadloop_explanation",
          "Leadloop_Explanation__c",
        ],
        "grade": [
          "leadloop_grade",
          "Leadloop_Grade__c",
        ],
        "level": [
          "leadloop_level",
          "Leadloop_Level__c",
        ],
        "linkedId": [
          "leadloop_salesforce_id",
          "Leadloop_HubSpot_Id__c",
        ],
        "milDate": [
          "leadloop_mil_date",
          "Leadloop_MIL_Date__c",
        ],
        "modelVersion": [
          "leadloop_model_version",
          "Leadloop_Model_Version__c",
        ],
        "mqlDate": [
          "leadloop_mql_date",
          "Leadloop_MQL_Date__c",
        ],
        "profileScore": [
          "leadloop_profile_score",
          "Leadloop_Profile_Score__c",
        ],
        "recycleCount": [
          "leadloop_recycle_count",
          "Leadloop_Recycle_Count__c",
        ],
        "recycledDate": [
          "leadloop_recycled_date",
          "Leadloop_Recycled_Date__c",
        ],
        "salDate": [
          "leadloop_sal_date",
          "Leadloop_SAL_Date__c",
        ],
        "score": [
          "leadloop_score",
          "Leadloop_Score__c",
        ],
        "slaStatus": [
          "leadloop_sla_status",
          "Leadloop_SLA_Status__c",
        ],
        "sqlDate": [
          "leadloop_sql_date",
          "Leadloop_SQL_Date__c",
        ],
        "stage": [
          "leadloop_stage",
          "Leadloop_Stage__c",
        ],
        "wonDate": [
          "leadloop_won_date",
          "Leadloop_Won_Date__c",
        ],
      }
    `);
  });

  it('uses the configured prefix', () => {
    expect(ownFieldName('hubspot', 'score', 'acme')).toBe('acme_score');
    expect(ownFieldName('salesforce', 'linkedId', 'acme')).toBe('Acme_HubSpot_Id__c');
  });

  it('finds the key back from a name', () => {
    expect(ownFieldKey('salesforce', 'Leadloop_MQL_Date__c')).toBe('mqlDate');
    expect(ownFieldKey('hubspot', 'acme_grade', 'acme')).toBe('grade');
    expect(ownFieldKey('hubspot', 'jobtitle')).toBeUndefined();
  });

  it('has a date field for every stage', () => {
    for (const key of Object.values(STAGE_DATE_KEYS)) expect(OWN_FIELD_KEYS).toContain(key);
  });

  it('keeps every Salesforce name within the 40-character custom field limit for the default prefix', () => {
    for (const key of OWN_FIELD_KEYS)
      expect(ownFieldName('salesforce', key).replace(/__c$/, '').length).toBeLessThanOrEqual(40);
  });
});

describe('ownFieldSpecs', () => {
  it('describes valid FieldSpecs for every key, grouped under the prefix', () => {
    const specs = ownFieldSpecs('salesforce', 'Lead', { explanationLength: 1000 });
    expect(Object.keys(specs)).toEqual(OWN_FIELD_KEYS);
    for (const spec of Object.values(specs)) {
      expect(FieldSpec.parse(spec)).toEqual(spec);
      expect(spec.object).toBe('Lead');
      expect(spec.group).toBe('leadloop');
    }
    expect(specs.explanation).toMatchObject({ type: 'textarea', length: 1000 });
    expect(specs.linkedId).toMatchObject({
      name: 'Leadloop_HubSpot_Id__c',
      externalId: true,
      type: 'string',
    });
    expect(specs.score).toMatchObject({ type: 'number', label: 'Leadloop Score' });
  });

  it('lists the picklist options', () => {
    const specs = ownFieldSpecs('hubspot', 'contacts');
    expect(specs.grade.options?.map((o) => o.value)).toEqual(['A', 'B', 'C', 'D']);
    expect(specs.level.options?.map((o) => o.value)).toEqual(['1', '2', '3', '4']);
    expect(specs.cell.options?.map((o) => o.value)).toHaveLength(16);
    expect(specs.cell.options?.[0]?.value).toBe('A1');
    expect(specs.stage.options?.map((o) => o.value)).toEqual([
      'MIL',
      'MQL',
      'SAL',
      'SQL',
      'WON',
      'RECYCLED',
      'DISQUALIFIED',
    ]);
    expect(specs.slaStatus.options?.map((o) => o.value)).toEqual([
      'pending',
      'met',
      'breached',
      'reassigned',
    ]);
    expect(specs.explanation.length).toBe(255);
  });
});
