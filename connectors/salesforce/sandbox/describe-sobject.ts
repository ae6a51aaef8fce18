/**
 * DescribeSObjectResult and global describe built from the field catalogue, with every attribute the
 * salesforcecli describe JSON schema requires. Labels reflect Tooling renames and hand edits; picklist
 * values reflect the org's (standard or custom) value sets.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm
 */
import type { FieldDef, SfFieldType } from './catalog/field-def.ts';
import type { SalesforceStoreCore } from './store/store-core.ts';
import type { SObjectTable } from './store/table.ts';

const SOAP: Record<SfFieldType, string> = {
  id: 'tns:ID',
  reference: 'tns:ID',
  string: 'xsd:string',
  email: 'xsd:string',
  phone: 'xsd:string',
  url: 'xsd:string',
  textarea: 'xsd:string',
  picklist: 'xsd:string',
  multipicklist: 'xsd:string',
  combobox: 'xsd:string',
  boolean: 'xsd:boolean',
  date: 'xsd:date',
  datetime: 'xsd:dateTime',
  double: 'xsd:double',
  currency: 'xsd:double',
  percent: 'xsd:double',
  int: 'xsd:int',
  complexvalue: 'tns:complexvalue',
};

const TEXTUAL = new Set<SfFieldType>([
  'string',
  'email',
  'phone',
  'url',
  'textarea',
  'picklist',
  'multipicklist',
  'combobox',
  'id',
  'reference',
]);

export function describeField(store: SalesforceStoreCore, f: FieldDef): Record<string, unknown> {
  const longText = f.type === 'textarea' && f.length > 255;
  const entries = store.picklistEntries(f);
  const isPicklist = f.type === 'picklist' || f.type === 'multipicklist' || f.type === 'combobox';
  return {
    aggregatable: !longText && f.type !== 'boolean',
    aiPredictionField: false,
    autoNumber: false,
    byteLength: TEXTUAL.has(f.type) ? f.length * 3 : 0,
    calculated: f.calculated,
    calculatedFormula: null,
    cascadeDelete: false,
    caseSensitive: false,
    compoundFieldName: null,
    controllerName: null,
    createable: f.createable,
    custom: f.custom,
    defaultValue: f.type === 'boolean' ? f.defaultValue === true : null,
    defaultValueFormula: null,
    defaultedOnCreate: f.defaultedOnCreate,
    dependentPicklist: false,
    deprecatedAndHidden: false,
    digits: f.digits,
    displayLocationInDecimal: false,
    encrypted: false,
    externalId: f.externalId,
    extraTypeInfo: null,
    filterable: !longText,
    filteredLookupInfo: null,
    formulaTreatNullNumberAsZero: false,
    groupable: !longText && f.type !== 'datetime',
    highScaleNumber: false,
    htmlFormatted: false,
    idLookup: f.type === 'id' || f.externalId || f.name === 'Email',
    inlineHelpText: f.inlineHelpText,
    label: f.label,
    length: TEXTUAL.has(f.type) ? f.length : 0,
    mask: null,
    maskType: null,
    name: f.name,
    nameField: f.nameField,
    namePointing: f.referenceTo.length > 1,
    nillable: f.nillable,
    permissionable: f.custom || (f.nillable && f.updateable),
    picklistValues: isPicklist
      ? entries.map((v) => ({
          active: v.active,
          defaultValue: v.default,
          label: v.label,
          validFor: null,
          value: v.valueName,
        }))
      : [],
    polymorphicForeignKey: f.referenceTo.length > 1,
    precision: f.precision,
    queryByDistance: false,
    referenceTargetField: null,
    referenceTo: f.referenceTo,
    relationshipName: f.relationshipName,
    relationshipOrder: null,
    restrictedDelete: false,
    restrictedPicklist: f.restrictedPicklist,
    scale: f.scale,
    searchPrefilterable: false,
    soapType: SOAP[f.type],
    sortable: !longText,
    type: f.type,
    unique: f.unique,
    updateable: f.updateable,
    writeRequiresMasterRead: false,
  };
}

function objectUrls(name: string, version: string): Record<string, string> {
  const base = `/services/data/v${version}/sobjects/${name}`;
  return {
    compactLayouts: `${base}/describe/compactLayouts`,
    rowTemplate: `${base}/{ID}`,
    describe: `${base}/describe`,
    sobject: base,
  };
}

function objectFlags(table: SObjectTable, version: string) {
  const { def } = table;
  return {
    activateable: false,
    createable: def.createable,
    custom: false,
    customSetting: false,
    deepCloneable: false,
    deletable: def.deletable,
    deprecatedAndHidden: false,
    feedEnabled: def.createable,
    hasSubtypes: false,
    isInterface: false,
    isSubtype: false,
    keyPrefix: def.keyPrefix,
    label: def.label,
    labelPlural: def.labelPlural,
    layoutable: def.createable,
    mergeable: def.name === 'Lead' || def.name === 'Contact' || def.name === 'Account',
    mruEnabled: def.createable,
    name: def.name,
    queryable: true,
    replicateable: true,
    retrieveable: true,
    searchable: def.createable,
    triggerable: def.createable,
    undeletable: def.deletable,
    updateable: def.updateable,
    urls: objectUrls(def.name, version),
  };
}

export function describeSObject(
  store: SalesforceStoreCore,
  table: SObjectTable,
  version: string,
): Record<string, unknown> {
  const base = `/services/data/v${version}/sobjects/${table.def.name}`;
  return {
    actionOverrides: [],
    ...objectFlags(table, version),
    childRelationships: table.def.childRelationships.map((r) => ({
      cascadeDelete: r.childSObject === 'OpportunityContactRole' || r.childSObject === 'CampaignMember',
      childSObject: r.childSObject,
      deprecatedAndHidden: false,
      field: r.field,
      junctionIdListNames: [],
      junctionReferenceTo: [],
      relationshipName: r.relationshipName,
      restrictedDelete: false,
    })),
    compactLayoutable: table.def.createable,
    dataTranslationEnabled: false,
    defaultImplementation: null,
    fields: table.def.fields.map((f) => describeField(store, f)),
    idEnabled: true,
    implementedBy: null,
    implementsInterfaces: null,
    namedLayoutInfos: [],
    networkScopeFieldName: null,
    recordTypeInfos: [
      {
        active: true,
        available: true,
        defaultRecordTypeMapping: true,
        developerName: 'Master',
        master: true,
        name: 'Master',
        recordTypeId: '012000000000000AAA',
        urls: { layout: `${base}/describe/layouts/012000000000000AAA` },
      },
    ],
    searchLayoutable: table.def.createable,
    supportedScopes: [{ label: 'All', name: 'everything' }],
    urlDetail: null,
    urlEdit: null,
    urlNew: null,
  };
}

export function describeGlobal(store: SalesforceStoreCore, version: string): Record<string, unknown> {
  return {
    encoding: 'UTF-8',
    maxBatchSize: 200,
    sobjects: [...store.tables.values()].map((t) => objectFlags(t, version)),
  };
}
