/**
 * planPerson as the composition of the planning parts (each table-tested in plan/): which records each part
 * applies to, and what a whole person's plan holds for the branches that cross parts.
 */
import { describe, expect, it } from 'vitest';
import type { LeadloopConfig } from '../../../src/config/schema.ts';
import type { FieldValue } from '../../../src/domain/person.ts';
import type { StageKey } from '../../../src/stages/schema.ts';
import type { RecordSnapshot } from '../../../src/state/types.ts';
import { emptyPersonState, type PersonState } from '../../../src/sync/person-state.ts';
import { planPerson, type PersonInputs, type PersonPlan } from '../../../src/sync/plan-person.ts';
import { exampleConfig, hubspot, inputs, lead, NOW, planSettings, stageState, write } from './fixtures.ts';

const EMAIL = 'ann@acme.example';
/** Tuesday 10:00 in Berlin: 24 business hours end on Friday 10:00 (08:00 UTC). */
const MQL_SINCE = '2026-10-20T08:00:00.000Z';
const DUE = '2026-10-23T08:00:00.000Z';
const [OWNER_A, OWNER_B] = ['005000000000002AAA', '005000000000003AAA'];

const atStage = (stage: StageKey, since = MQL_SINCE): PersonState => ({
  ...emptyPersonState(),
  stage: stageState(stage, since),
});
const hs = (fields: Record<string, FieldValue> = {}): RecordSnapshot =>
  hubspot('101', { email: EMAIL, ...fields });
const ld = (fields: Record<string, FieldValue> = {}): RecordSnapshot =>
  lead('00Q1', { Email: EMAIL, OwnerId: '005OLD', ...fields });
const plan = (person: PersonInputs, config: LeadloopConfig = exampleConfig(), roundRobin = 0): PersonPlan =>
  planPerson(person, planSettings(config, roundRobin), NOW);
const writesTo = (p: PersonPlan, field: string) => p.writes.filter((w) => w.field === field);

describe('planPerson: SLA re-route of an MQL left unaccepted', () => {
  const overdue = inputs({ hubspot: hs(), lead: ld(), state: atStage('MQL') });

  it.each([
    [0, OWNER_A],
    [1, OWNER_B],
    [2, OWNER_A],
    [7, OWNER_B],
  ])('round-robin counter %i re-routes the Lead to %s', (counter, owner) => {
    const p = plan(overdue, exampleConfig(), counter);
    expect(writesTo(p, 'OwnerId')).toEqual([
      write(ld(), 'OwnerId', '005OLD', owner, `SLA breached (due ${DUE})`),
    ]);
    expect(writesTo(p, 'Leadloop_SLA_Status__c').map((w) => w.to)).toEqual(['reassigned']);
  });

  it.each<[string, PersonInputs, LeadloopConfig, { reassignedTo: string | null } | undefined, string]>([
    [
      'within the SLA: nothing to re-route',
      inputs({ hubspot: hs(), lead: ld(), state: atStage('MQL', '2026-11-02T07:00:00.000Z') }),
      exampleConfig(),
      undefined,
      'pending',
    ],
    [
      'breached and re-routed in an earlier run: not again',
      inputs({
        hubspot: hs(),
        lead: ld(),
        state: {
          ...atStage('MQL'),
          stage: {
            ...stageState('MQL', MQL_SINCE),
            slaBreaches: [{ mqlAt: MQL_SINCE, dueAt: DUE, detectedAt: DUE, reassignedTo: OWNER_A }],
          },
        },
      }),
      exampleConfig(),
      undefined,
      'reassigned',
    ],
    [
      'a HubSpot-only MQL: the breach and its turn are recorded (status reassigned), no owner is changed',
      inputs({ hubspot: hs(), state: atStage('MQL') }),
      exampleConfig(),
      { reassignedTo: OWNER_A },
      'reassigned',
    ],
    [
      'no reassignTo list: the breach is reported only',
      overdue,
      exampleConfig((c) => ({
        ...c,
        stages: { ...c.stages, sla: c.stages.sla && { ...c.stages.sla, reassignTo: [] } },
      })),
      { reassignedTo: null },
      'breached',
    ],
  ])('%s', (_case, person, config, breach, slaStatus) => {
    const p = plan(person, config);
    expect(writesTo(p, 'OwnerId')).toEqual([]);
    expect(p.stage.slaBreach && { reassignedTo: p.stage.slaBreach.reassignedTo }).toEqual(breach);
    expect(writesTo(p, 'leadloop_sla_status').map((w) => w.to)).toEqual([slaStatus]);
  });
});

describe('planPerson: HubSpot lifecyclestage only forwards', () => {
  const mapped = exampleConfig((c) => ({
    ...c,
    fields: {
      ...c.fields,
      hubspotLifecycleStage: { MIL: 'lead', MQL: 'marketingqualifiedlead', WON: 'customer' },
    },
  }));
  const forward = (from: string, to: string, reason: string) => [
    write(hs(), 'lifecyclestage', from, to, reason),
  ];

  it.each<[string, PersonInputs, ReturnType<typeof forward>, string[]]>([
    [
      'an MQL still a lead in HubSpot moves forward',
      inputs({ hubspot: hs({ lifecyclestage: 'lead' }), state: atStage('MQL') }),
      forward('lead', 'marketingqualifiedlead', 'score'),
      [],
    ],
    [
      'the run’s own transition is the reason',
      inputs({ hubspot: hs({ lifecyclestage: 'lead', jobtitle: 'CEO' }), state: atStage('MIL') }),
      forward('lead', 'marketingqualifiedlead', 'stage MQL (score)'),
      [],
    ],
    [
      'a customer in HubSpot scored MQL: blocked, reported, not written',
      inputs({ hubspot: hs({ lifecyclestage: 'customer' }), state: atStage('MQL') }),
      [],
      ['lifecyclestage customer → marketingqualifiedlead: HubSpot only moves it forward'],
    ],
    [
      'already there',
      inputs({ hubspot: hs({ lifecyclestage: 'marketingqualifiedlead' }), state: atStage('MQL') }),
      [],
      [],
    ],
  ])('%s', (_case, person, writes, blocked) => {
    const p = plan(person, mapped);
    expect(writesTo(p, 'lifecyclestage')).toEqual(writes);
    expect(p.blocked).toEqual(blocked);
  });

  it('is never touched without the map', () => {
    const p = plan(inputs({ hubspot: hs({ lifecyclestage: 'customer' }), state: atStage('MQL') }));
    expect([writesTo(p, 'lifecyclestage'), p.blocked]).toEqual([[], []]);
  });
});

describe('planPerson: placeholders from a created Lead never spread', () => {
  const withDefault = exampleConfig((c) => ({
    ...c,
    handoff: { ...c.handoff, defaultCompany: 'Unknown Co' },
  }));
  it.each<
    [string, Record<string, FieldValue>, Record<string, FieldValue>, { field: string; to: FieldValue }[]]
  >([
    ['a real Company reaches HubSpot', { Company: 'Globex' }, {}, [{ field: 'company', to: 'Globex' }]],
    ['the default company does not', { Company: 'Unknown Co' }, {}, []],
    ['nor the required-field fallback', { Company: '[not provided]', LastName: '[not provided]' }, {}, []],
    [
      'the real values beside them still do',
      { Company: '[not provided]', LastName: '[not provided]', Title: 'CTO' },
      { lastname: 'Lee' },
      [{ field: 'jobtitle', to: 'CTO' }],
    ],
  ])('%s', (_case, leadFields, hubspotFields, expected) => {
    const p = plan(
      inputs({ hubspot: hs({ company: 'Acme', ...hubspotFields }), lead: ld(leadFields) }),
      withDefault,
    );
    const mappedToHubSpot = p.writes.filter((w) => w.crm === 'hubspot' && w.reason.startsWith('mapping'));
    expect(mappedToHubSpot.map((w) => ({ field: w.field, to: w.to }))).toEqual(expected);
  });
});

describe('planPerson: creates', () => {
  const summary = (p: PersonPlan) =>
    p.creates.map((c) => ({ crm: c.crm, object: c.object, externalId: c.externalId, reason: c.reason }));

  it('a HubSpot-only person who turns MQL this run is handed to Salesforce with this run’s values', () => {
    const p = plan(inputs({ hubspot: hs({ jobtitle: 'CEO' }), state: atStage('MIL') }));
    expect(summary(p)).toEqual([
      { crm: 'salesforce', object: 'lead', externalId: '101', reason: 'hand-off: MQL' },
    ]);
    expect(p.creates[0]?.fields).toMatchObject({
      Email: EMAIL,
      Title: 'CEO',
      LastName: '[not provided]',
      Company: '[not provided]',
      Leadloop_Stage__c: 'MQL',
      Leadloop_Score__c: 100,
      Leadloop_MQL_Date__c: NOW.toISOString(),
    });
    expect(p.creates[0]?.externalIdField).toBe('Leadloop_HubSpot_Id__c');
    expect(p.writes.every((w) => w.crm === 'hubspot')).toBe(true);
  });

  it('hands out the owner of the round-robin turn it was given', () => {
    const config = exampleConfig((c) => ({
      ...c,
      handoff: { ...c.handoff, owners: { assignmentRules: false, roundRobin: ['005A', '005B', '005C'] } },
    }));
    const person = inputs({ hubspot: hs({ jobtitle: 'CEO' }), state: atStage('MIL') });
    expect([0, 1, 2, 3].map((n) => plan(person, config, n).creates[0]?.fields['OwnerId'])).toEqual([
      '005A',
      '005B',
      '005C',
      '005A',
    ]);
  });

  it.each<[string, PersonInputs, ReturnType<typeof summary>]>([
    ['a HubSpot-only MIL waits', inputs({ hubspot: hs({ jobtitle: 'Intern' }), state: atStage('MIL') }), []],
    [
      'a recycled Salesforce-only Lead goes back to HubSpot',
      inputs({ lead: ld({ LastName: 'Lee' }), state: atStage('RECYCLED') }),
      [
        {
          crm: 'hubspot',
          object: 'contact',
          externalId: '00Q1',
          reason: 'recycled: back to marketing for nurturing',
        },
      ],
    ],
    ['a linked person needs none', inputs({ hubspot: hs({ jobtitle: 'CEO' }), lead: ld() }), []],
  ])('%s', (_case, person, expected) => {
    expect(summary(plan(person))).toEqual(expected);
  });
});

describe('planPerson: duplicates', () => {
  const duplicate = lead('00Q2', { Email: EMAIL, Title: 'Old title' });
  const person = inputs({
    hubspot: hs({ jobtitle: 'CTO' }),
    lead: ld({ Title: 'CTO' }),
    duplicates: [duplicate],
    state: { ...emptyPersonState(), duplicates: [{ crm: 'salesforce', object: 'lead', id: '00Q2' }] },
  });
  const fieldsWrittenTo = (p: PersonPlan, id: string) =>
    p.writes.filter((w) => w.id === id).map((w) => w.field);

  it('writeScores all: a duplicate carries leadloop’s fields, never mapped ones', () => {
    const p = plan(person);
    expect(fieldsWrittenTo(p, '00Q2')).toEqual(
      fieldsWrittenTo(p, '00Q1').filter((f) => f.startsWith('Leadloop_') && f !== 'Leadloop_HubSpot_Id__c'),
    );
    expect(fieldsWrittenTo(p, '00Q2')).toContain('Leadloop_Score__c');
    expect(p.state.duplicates).toEqual([{ crm: 'salesforce', object: 'lead', id: '00Q2' }]);
  });

  it('writeScores primary: the duplicate is kept but not written', () => {
    const p = plan(
      person,
      exampleConfig((c) => ({ ...c, duplicates: { writeScores: 'primary' } })),
    );
    expect(fieldsWrittenTo(p, '00Q2')).toEqual([]);
    expect(p.state.duplicates).toEqual([{ crm: 'salesforce', object: 'lead', id: '00Q2' }]);
  });
});

describe('planPerson: a repeated run writes nothing', () => {
  const landed = (snap: RecordSnapshot | undefined, p: PersonPlan): RecordSnapshot | undefined =>
    snap && {
      ...snap,
      fields: {
        ...snap.fields,
        ...Object.fromEntries(p.writes.filter((w) => w.id === snap.id).map((w) => [w.field, w.to])),
      },
    };

  it.each<[string, PersonInputs]>([
    [
      'an overdue MQL with link ids, own fields and a lifecycle move',
      inputs({ hubspot: hs({ lifecyclestage: 'lead' }), lead: ld(), state: atStage('MQL') }),
    ],
    [
      'a new MQL with mapped fields both ways',
      inputs({ hubspot: hs({ jobtitle: 'CEO' }), lead: ld({ Phone: '+49 30 1' }), state: atStage('MIL') }),
    ],
  ])('%s', (_case, person) => {
    const config = exampleConfig((c) => ({
      ...c,
      fields: { ...c.fields, hubspotLifecycleStage: { MQL: 'marketingqualifiedlead' } },
    }));
    const first = plan(person, config, 1);
    expect(first.writes.length).toBeGreaterThan(20);
    const again = plan(
      {
        ...person,
        hubspot: landed(person.hubspot, first),
        lead: landed(person.lead, first),
        state: first.state,
      },
      config,
      1,
    );
    expect(again.writes).toEqual([]);
    expect(again.blocked).toEqual([]);
  });
});

describe('planPerson: a mapped field the org rewrites on save', () => {
  const config = exampleConfig((c) => ({
    ...c,
    fieldMappings: c.fieldMappings.map((m) =>
      m.hubspot === 'jobtitle' ? { ...m, rule: 'always-hubspot' as const } : m,
    ),
  }));
  const flow = (title: FieldValue): FieldValue =>
    typeof title === 'string' ? title.replace(/^VP /, 'Vice President ') : title;
  /** The org saves leadloop's writes to the Lead and its flow rewrites Title as it does. */
  const saved = (snap: RecordSnapshot, p: PersonPlan): RecordSnapshot => {
    const fields = { ...snap.fields };
    for (const w of p.writes.filter((x) => x.id === snap.id)) fields[w.field] = w.to;
    return { ...snap, fields: { ...fields, Title: flow(fields['Title'] ?? null) } };
  };

  it('is written once more, then the org’s value is accepted and reported, and a new value is written', () => {
    let person = inputs({ hubspot: hs({ jobtitle: 'VP Sales' }), lead: ld({ Title: 'Sales' }) });
    const titleWrites: number[] = [];
    const rewritten: number[] = [];
    const step = (): PersonPlan => {
      const p = plan(person, config);
      titleWrites.push(writesTo(p, 'Title').length);
      rewritten.push(p.rewrittenByOrg.length);
      person = { ...person, lead: saved(person.lead!, p), state: p.state };
      return p;
    };
    for (let i = 0; i < 4; i++) step();
    expect(titleWrites).toEqual([1, 1, 0, 0]);
    expect(rewritten).toEqual([0, 0, 1, 1]);
    expect(person.lead?.fields['Title']).toBe('Vice President Sales');
    expect(person.state.orgRewrites).toEqual([
      {
        crm: 'salesforce',
        object: 'lead',
        id: '00Q1',
        field: 'Title',
        wrote: 'VP Sales',
        held: 'Vice President Sales',
      },
    ]);
    // The preview shows no change for an accepted rewrite.
    expect(plan(person, config).mapped.salesforce['Title']).toBeUndefined();

    person = { ...person, hubspot: hs({ jobtitle: 'CEO' }) };
    const changed = step();
    expect(writesTo(changed, 'Title').map((w) => w.to)).toEqual(['CEO']);
    expect(changed.state.orgRewrites).toEqual([]);
    step();
    expect(titleWrites.slice(4)).toEqual([1, 0]);
  });

  it('two-way: the org’s value flows to HubSpot, once, with no extra Salesforce write', () => {
    let person = inputs({ hubspot: hs({ jobtitle: 'VP Sales' }), lead: ld({ Title: null }) });
    const writes: string[][] = [];
    for (let i = 0; i < 3; i++) {
      const p = plan(person, exampleConfig());
      const mapped = p.writes.filter((w) => w.field === 'Title' || w.field === 'jobtitle');
      writes.push(mapped.map((w) => `${w.field}=${String(w.to)}`));
      const hubspotSaved = { ...person.hubspot!, fields: { ...person.hubspot!.fields } };
      for (const w of p.writes.filter((x) => x.id === hubspotSaved.id)) hubspotSaved.fields[w.field] = w.to;
      person = { ...person, hubspot: hubspotSaved, lead: saved(person.lead!, p), state: p.state };
    }
    expect(writes).toEqual([['Title=VP Sales'], ['jobtitle=Vice President Sales'], []]);
  });
});
