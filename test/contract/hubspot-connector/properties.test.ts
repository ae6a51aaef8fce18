import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BASE, JSON_HEADERS, RATE_HEADERS, makeConnector } from './helpers.ts';

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

const meta = (readOnly = false) => ({
  archivable: !readOnly,
  readOnlyDefinition: readOnly,
  readOnlyValue: false,
  readOnlyOptions: readOnly,
});
const PROPERTIES = [
  {
    name: 'email',
    label: 'Email',
    type: 'string',
    fieldType: 'text',
    groupName: 'contactinformation',
    hubspotDefined: true,
    modificationMetadata: meta(true),
  },
  {
    name: 'hs_lead_status',
    label: 'Lead Status',
    type: 'enumeration',
    fieldType: 'radio',
    groupName: 'sales_properties',
    hubspotDefined: true,
    options: [{ label: 'New', value: 'NEW', hidden: false, displayOrder: 0 }],
    modificationMetadata: meta(true),
  },
  {
    name: 'hs_analytics_num_page_views',
    label: 'Number of Pageviews',
    type: 'number',
    fieldType: 'number',
    calculated: true,
    hubspotDefined: true,
    modificationMetadata: { ...meta(true), readOnlyValue: true },
  },
  {
    name: 'leadloop_grade',
    label: 'Grade',
    type: 'enumeration',
    fieldType: 'select',
    groupName: 'leadloop',
    description: 'Profile grade',
    options: [
      { label: 'A', value: 'A', hidden: false, displayOrder: 0, description: '' },
      { label: 'B', value: 'B', hidden: true, displayOrder: 1, description: '' },
    ],
    modificationMetadata: meta(),
  },
  {
    name: 'leadloop_interests',
    label: 'Interests',
    type: 'enumeration',
    fieldType: 'checkbox',
    options: [],
    modificationMetadata: meta(),
  },
  {
    name: 'leadloop_mql',
    label: 'MQL',
    type: 'bool',
    fieldType: 'booleancheckbox',
    options: [],
    modificationMetadata: meta(),
  },
  {
    name: 'leadloop_mql_date',
    label: 'MQL date',
    type: 'datetime',
    fieldType: 'date',
    modificationMetadata: meta(),
  },
  { name: 'notes', label: 'Notes', type: 'string', fieldType: 'textarea', modificationMetadata: meta() },
  {
    name: 'mobile',
    label: 'Mobile',
    type: 'phone_number',
    fieldType: 'phonenumber',
    modificationMetadata: meta(),
  },
];

describe('describe', () => {
  it('reads the portal once per connector, and again only when asked for a fresh read', async () => {
    const scope = nock(BASE)
      .get('/crm/v3/properties/contacts')
      .query({ archived: 'false' })
      .times(2)
      .reply(200, { results: PROPERTIES }, RATE_HEADERS);
    const { hs } = makeConnector();
    await hs.describe('contact');
    await hs.describe('contact');
    expect(scope.pendingMocks()).toHaveLength(1);
    await hs.describe('contact', { fresh: true });
    expect(scope.isDone()).toBe(true);
  });

  it('maps properties to FieldDescriptors: types, options, writability, label editability', async () => {
    nock(BASE)
      .get('/crm/v3/properties/contacts')
      .query({ archived: 'false' })
      .reply(200, { results: PROPERTIES }, RATE_HEADERS);
    const { hs } = makeConnector();
    const fields = await hs.describe('contact');
    const by = new Map(fields.map((f) => [f.name, f]));
    expect(fields.map((f) => [f.name, f.type])).toEqual([
      ['email', 'email'],
      ['hs_lead_status', 'picklist'],
      ['hs_analytics_num_page_views', 'number'],
      ['leadloop_grade', 'picklist'],
      ['leadloop_interests', 'multipicklist'],
      ['leadloop_mql', 'boolean'],
      ['leadloop_mql_date', 'datetime'],
      ['notes', 'textarea'],
      ['mobile', 'phone'],
    ]);
    expect(by.get('leadloop_grade')).toEqual({
      crm: 'hubspot',
      object: 'contacts',
      name: 'leadloop_grade',
      label: 'Grade',
      type: 'picklist',
      length: null,
      options: [
        { value: 'A', label: 'A', active: true },
        { value: 'B', label: 'B', active: false },
      ],
      restricted: true,
      writable: true,
      custom: true,
      labelEditable: true,
      description: 'Profile grade',
      group: 'leadloop',
    });
    expect(by.get('email')).toMatchObject({
      custom: false,
      labelEditable: false,
      writable: true,
      length: 65536,
      lengthUnit: 'codepoint',
    });
    expect(by.get('hs_analytics_num_page_views')).toMatchObject({ writable: false, labelEditable: false });
    expect(hs.objectApiName('contact')).toBe('contacts');
    expect(() => hs.objectApiName('lead')).toThrow(/no "lead" object/);
  });
});

describe('updateLabels', () => {
  it('PATCHes the field label, and option labels as the full options array with values kept', async () => {
    const patches: unknown[] = [];
    nock(BASE)
      .get('/crm/v3/properties/contacts')
      .query(true)
      .reply(200, { results: PROPERTIES }, RATE_HEADERS)
      .patch('/crm/v3/properties/contacts/leadloop_grade', (b: unknown) => {
        patches.push(b);
        return true;
      })
      .reply(200, PROPERTIES[3], RATE_HEADERS);
    const { hs } = makeConnector();
    const results = await hs.updateLabels([
      { object: 'contacts', field: 'leadloop_grade', from: 'Grade', to: 'Fit grade' },
      { object: 'contacts', field: 'leadloop_grade', optionValue: 'B', from: 'B', to: 'B – good fit' },
      { object: 'contacts', field: 'leadloop_grade', optionValue: 'A', from: 'A', to: 'A' },
      { object: 'contacts', field: 'leadloop_grade', optionValue: 'Z', from: 'Z', to: 'Zed' },
      { object: 'contacts', field: 'hs_lead_status', optionValue: 'NEW', from: 'New', to: 'Fresh' },
      { object: 'contacts', field: 'nope', from: 'x', to: 'y' },
    ]);
    expect(results.map((r) => r.status)).toEqual([
      'applied',
      'applied',
      'unchanged',
      'failed',
      'not-editable',
      'failed',
    ]);
    expect(patches).toEqual([
      {
        label: 'Fit grade',
        options: [
          { label: 'A', value: 'A', hidden: false, displayOrder: 0, description: '' },
          { label: 'B – good fit', value: 'B', hidden: true, displayOrder: 1, description: '' },
        ],
      },
    ]);
  });

  it('field labels alone are PATCHed without reading the properties; a failed PATCH fails only its property', async () => {
    // No GET is mocked: a properties read would fail the test.
    nock(BASE)
      .patch('/crm/v3/properties/contacts/leadloop_grade')
      .reply(400, { status: 'error', message: 'bad', category: 'VALIDATION_ERROR' }, JSON_HEADERS)
      .patch('/crm/v3/properties/contacts/notes')
      .reply(200, PROPERTIES[7], RATE_HEADERS);
    const { hs } = makeConnector();
    const results = await hs.updateLabels([
      { object: 'contacts', field: 'leadloop_grade', from: 'Grade', to: 'G' },
      { object: 'contacts', field: 'notes', from: 'Notes', to: 'Remarks' },
    ]);
    expect(results.map((r) => r.status)).toEqual(['failed', 'applied']);
    expect(results[0]?.message).toContain('400');
  });
});

describe('createFields', () => {
  it('creates missing properties in one batch/create (exact body), the group once; existing ones are left alone', async () => {
    const groups: unknown[] = [];
    let batch: unknown;
    nock(BASE)
      .get('/crm/v3/properties/contacts')
      .query(true)
      .reply(200, { results: PROPERTIES }, RATE_HEADERS)
      .post('/crm/v3/properties/contacts/groups', (b: unknown) => {
        groups.push(b);
        return true;
      })
      .reply(201, { name: 'leadloop', label: 'leadloop' }, RATE_HEADERS)
      .post('/crm/v3/properties/contacts/batch/create', (b: unknown) => {
        batch = b;
        return true;
      })
      .reply(
        207,
        {
          status: 'COMPLETE',
          results: [
            { ...PROPERTIES[3], name: 'leadloop_salesforce_id' },
            { ...PROPERTIES[3], name: 'leadloop_score', type: 'number', fieldType: 'number' },
          ],
          numErrors: 2,
          errors: [
            {
              status: 'error',
              category: 'OBJECT_ALREADY_EXISTS',
              message: 'Property already exists: leadloop_stage',
              context: { name: ['leadloop_stage'] },
            },
            {
              status: 'error',
              category: 'VALIDATION_ERROR',
              message: 'Property "leadloop_is_mql" has an invalid option set',
              context: {},
            },
          ],
          startedAt: '2026-03-01T00:00:00.000Z',
          completedAt: '2026-03-01T00:00:00.100Z',
        },
        RATE_HEADERS,
      );
    const { hs } = makeConnector();
    const results = await hs.createFields([
      {
        object: 'contacts',
        name: 'leadloop_salesforce_id',
        label: 'Salesforce id',
        type: 'id',
        description: 'Linked Lead/Contact',
      },
      { object: 'contacts', name: 'leadloop_score', label: 'Score', type: 'number' },
      { object: 'contacts', name: 'leadloop_is_mql', label: 'Is MQL', type: 'boolean' },
      {
        object: 'contacts',
        name: 'leadloop_stage',
        label: 'Stage',
        type: 'picklist',
        options: [{ value: 'MQL', label: 'MQL', active: true }],
      },
      { object: 'contacts', name: 'leadloop_grade', label: 'Grade', type: 'picklist' },
    ]);
    expect(results.map((r) => [r.spec.name, r.status, r.message])).toEqual([
      ['leadloop_salesforce_id', 'created', undefined],
      ['leadloop_score', 'created', undefined],
      // No context: the error is matched by the name quoted in its message.
      ['leadloop_is_mql', 'failed', 'Property "leadloop_is_mql" has an invalid option set'],
      ['leadloop_stage', 'exists', undefined],
      ['leadloop_grade', 'exists', undefined],
    ]);
    expect(groups).toEqual([{ name: 'leadloop', label: 'leadloop' }]);
    expect(batch).toEqual({
      inputs: [
        {
          name: 'leadloop_salesforce_id',
          label: 'Salesforce id',
          type: 'string',
          fieldType: 'text',
          groupName: 'leadloop',
          description: 'Linked Lead/Contact',
          hasUniqueValue: true,
        },
        {
          name: 'leadloop_score',
          label: 'Score',
          type: 'number',
          fieldType: 'number',
          groupName: 'leadloop',
        },
        {
          name: 'leadloop_is_mql',
          label: 'Is MQL',
          type: 'bool',
          fieldType: 'booleancheckbox',
          groupName: 'leadloop',
          options: [
            { label: 'Yes', value: 'true', hidden: false, displayOrder: 0 },
            { label: 'No', value: 'false', hidden: false, displayOrder: 1 },
          ],
        },
        {
          name: 'leadloop_stage',
          label: 'Stage',
          type: 'enumeration',
          fieldType: 'select',
          groupName: 'leadloop',
          options: [{ label: 'MQL', value: 'MQL', hidden: false, displayOrder: 0 }],
        },
      ],
    });
  });

  it('uses the describe cache for what exists, tolerates an existing group (409) and splits batches at 100', async () => {
    const sizes: number[] = [];
    const scope = nock(BASE)
      .get('/crm/v3/properties/contacts')
      .query(true)
      .reply(200, { results: PROPERTIES }, RATE_HEADERS)
      .post('/crm/v3/properties/contacts/groups')
      .reply(409, { status: 'error', message: 'exists', category: 'OBJECT_ALREADY_EXISTS' }, JSON_HEADERS)
      .post('/crm/v3/properties/contacts/batch/create')
      .times(2)
      // nock 15 hands a reply function the fetch `Request`.
      .reply(201, async (req: Request) => {
        const body = (await req.json()) as { inputs: Array<{ name: string }> };
        sizes.push(body.inputs.length);
        return {
          status: 'COMPLETE',
          results: body.inputs.map((i) => ({ ...PROPERTIES[3], name: i.name })),
          startedAt: '2026-03-01T00:00:00.000Z',
          completedAt: '2026-03-01T00:00:00.100Z',
        };
      });
    const { hs } = makeConnector();
    await hs.describe('contact');
    const specs = Array.from({ length: 150 }, (_, i) => ({
      object: 'contacts',
      name: `leadloop_f${i}`,
      label: `F${i}`,
      type: 'number' as const,
    }));
    const results = await hs.createFields([
      { object: 'contacts', name: 'email', label: 'Email', type: 'email' },
      ...specs,
    ]);
    expect(
      results.filter((r) => r.status !== 'created').map((r) => [r.spec.name, r.status, r.message]),
    ).toEqual([['email', 'exists', undefined]]);
    expect(sizes).toEqual([100, 50]);
    expect(scope.isDone()).toBe(true);
    expect(hs.usage().calls['properties']).toBe(4);
  });

  it('a batch refused as a whole fails its specs with the reason; auth failures are thrown', async () => {
    nock(BASE)
      .get('/crm/v3/properties/contacts')
      .query(true)
      .reply(200, { results: PROPERTIES }, RATE_HEADERS)
      .post('/crm/v3/properties/contacts/groups')
      .reply(201, { name: 'leadloop', label: 'leadloop' }, RATE_HEADERS)
      .post('/crm/v3/properties/contacts/batch/create')
      .reply(
        400,
        { status: 'error', message: 'Invalid input JSON', category: 'VALIDATION_ERROR' },
        JSON_HEADERS,
      )
      .post('/crm/v3/properties/contacts/groups')
      .reply(401, { status: 'error', message: 'expired', category: 'INVALID_AUTHENTICATION' }, JSON_HEADERS);
    const { hs } = makeConnector();
    const spec = { object: 'contacts', name: 'leadloop_score', label: 'Score', type: 'number' as const };
    const [result] = await hs.createFields([spec]);
    expect(result).toMatchObject({
      status: 'failed',
      message: expect.stringContaining('Invalid input JSON'),
    });
    await expect(hs.createFields([{ ...spec, name: 'leadloop_other' }])).rejects.toMatchObject({
      kind: 'auth',
    });
  });
});
