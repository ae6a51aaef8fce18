import { describe, expect, it } from 'vitest';
import type { LeadloopConfig } from '../../../../src/config/schema.ts';
import type { StageKey } from '../../../../src/stages/schema.ts';
import { planCreates, type PlannedCreate } from '../../../../src/sync/plan-creates.ts';
import type { PersonInputs } from '../../../../src/sync/plan-person.ts';
import { emptyPersonState } from '../../../../src/sync/person-state.ts';
import { contact, exampleConfig, hubspot, inputs, lead } from '../fixtures.ts';

type Handoff = Partial<LeadloopConfig['handoff']>;
const configWith = (handoff: Handoff): LeadloopConfig =>
  exampleConfig((c) => ({ ...c, handoff: { ...c.handoff, ...handoff } }));
const own = { score: 70, stage: 'MQL', mqlDate: null };

const hsOnly = inputs({
  hubspot: hubspot('101', { email: 'ann@acme.example', firstname: 'Ann', company: 'Acme' }),
});
const hsOnlyNamed = inputs({
  hubspot: hubspot('101', { email: 'ann@acme.example', lastname: 'Lee', jobtitle: 'CTO' }),
});
const leadOnly = inputs({
  lead: lead('00Q1', { Email: 'bo@acme.example', LastName: 'Bo', Company: 'Acme', NumberOfEmployees: 250 }),
});
const contactOnly = inputs({
  contact: contact('003A', { Email: 'cy@acme.example', MailingCountry: 'Germany' }),
});
const tombstoned = (i: PersonInputs, crm: 'hubspot' | 'salesforce'): PersonInputs => ({
  ...i,
  state: {
    ...emptyPersonState(),
    tombstones: [{ crm, object: crm === 'hubspot' ? 'contact' : 'lead' }],
  },
});

const leadCreate = (fields: PlannedCreate['fields'], reason = 'hand-off: MQL'): PlannedCreate => ({
  crm: 'salesforce',
  object: 'lead',
  externalIdField: 'Leadloop_HubSpot_Id__c',
  externalId: '101',
  fields: { Leadloop_Score__c: 70, Leadloop_Stage__c: 'MQL', ...fields },
  reason,
});
const contactCreate = (
  externalId: string,
  fields: PlannedCreate['fields'],
  reason: string,
): PlannedCreate => ({
  crm: 'hubspot',
  object: 'contact',
  externalIdField: 'leadloop_salesforce_id',
  externalId,
  fields: { leadloop_score: 70, leadloop_stage: 'MQL', ...fields },
  reason,
});

describe('planCreates: hand-off creates', () => {
  it.each<[string, PersonInputs, StageKey, Handoff, number, PlannedCreate[]]>([
    [
      'a HubSpot-only MQL becomes a Lead; Salesforce’s required fields get placeholders',
      hsOnly,
      'MQL',
      {},
      0,
      [
        leadCreate({
          Email: 'ann@acme.example',
          FirstName: 'Ann',
          LastName: '[not provided]',
          Company: '[not provided]',
        }),
      ],
    ],
    [
      'Company is always the default company (it maps to HubSpot only); a known last name is kept',
      hsOnlyNamed,
      'SQL',
      { defaultCompany: 'Unknown Co' },
      0,
      [
        leadCreate(
          { Email: 'ann@acme.example', LastName: 'Lee', Title: 'CTO', Company: 'Unknown Co' },
          'hand-off: SQL',
        ),
      ],
    ],
    ['a HubSpot-only MIL waits for MQL', hsOnly, 'MIL', {}, 0, []],
    ['a recycled HubSpot-only person is not handed off', hsOnly, 'RECYCLED', {}, 0, []],
    [
      'createInSalesforce all hands off every HubSpot person',
      hsOnly,
      'MIL',
      { createInSalesforce: 'all' },
      0,
      [
        leadCreate(
          {
            Email: 'ann@acme.example',
            FirstName: 'Ann',
            LastName: '[not provided]',
            Company: '[not provided]',
          },
          'hand-off: every HubSpot person',
        ),
      ],
    ],
    ['createInSalesforce never', hsOnly, 'MQL', { createInSalesforce: 'never' }, 0, []],
    [
      'a Salesforce record deleted by sales is never recreated',
      tombstoned(hsOnly, 'salesforce'),
      'MQL',
      {},
      0,
      [],
    ],
    [
      'round-robin owners take the counter’s turn when assignment rules are off',
      hsOnly,
      'MQL',
      { owners: { assignmentRules: false, roundRobin: ['005A', '005B', '005C'] } },
      4,
      [
        leadCreate({
          Email: 'ann@acme.example',
          FirstName: 'Ann',
          LastName: '[not provided]',
          Company: '[not provided]',
          OwnerId: '005B',
        }),
      ],
    ],
    [
      'with assignment rules on, the owner is Salesforce’s choice',
      hsOnly,
      'MQL',
      { owners: { assignmentRules: true, roundRobin: ['005A'] } },
      0,
      [
        leadCreate({
          Email: 'ann@acme.example',
          FirstName: 'Ann',
          LastName: '[not provided]',
          Company: '[not provided]',
        }),
      ],
    ],
    [
      'a recycled Salesforce-only Lead goes to HubSpot with its mapped fields; one that cannot convert (ranges without the HubSpot picklist) is left out',
      leadOnly,
      'RECYCLED',
      {},
      0,
      [
        contactCreate(
          '00Q1',
          { email: 'bo@acme.example', lastname: 'Bo', company: 'Acme' },
          'recycled: back to marketing for nurturing',
        ),
      ],
    ],
    ['a Salesforce-only MQL stays in Salesforce', leadOnly, 'MQL', {}, 0, []],
    [
      'createInHubSpot all: a Contact maps its own fields',
      contactOnly,
      'SQL',
      { createInHubSpot: 'all' },
      0,
      [
        contactCreate(
          '003A',
          { email: 'cy@acme.example', country: 'Germany' },
          'hand-back: every Salesforce person',
        ),
      ],
    ],
    [
      'a HubSpot contact deleted by marketing is never recreated',
      tombstoned(leadOnly, 'hubspot'),
      'RECYCLED',
      {},
      0,
      [],
    ],
    [
      'a person on both sides needs no create',
      inputs({ hubspot: hubspot('101'), lead: lead('00Q1') }),
      'MQL',
      { createInSalesforce: 'all', createInHubSpot: 'all' },
      0,
      [],
    ],
  ])('%s', (_case, person, stage, handoff, roundRobin, expected) => {
    expect(planCreates(person, { config: configWith(handoff), targets: [], own, stage, roundRobin })).toEqual(
      expected,
    );
  });
});
