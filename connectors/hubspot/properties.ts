/**
 * Contact properties: the ground truth for mapping checks and label alignment.
 * https://developers.hubspot.com/docs/api-reference/latest/crm/properties/guide
 */
import type { FieldDescriptor, FieldType } from '../../src/domain/field.ts';
import type { HubSpotApi } from './api.ts';
import { toFieldDescriptor } from './map.ts';
import { HsPropertyList, type HsProperty } from './schemas.ts';

export const CONTACTS = 'contacts';

export async function readProperties(api: HubSpotApi, objectType: string): Promise<HsProperty[]> {
  const { data } = await api.call(
    {
      family: 'properties',
      method: 'GET',
      path: `/crm/v3/properties/${objectType}`,
      qs: { archived: false },
    },
    HsPropertyList,
  );
  return data.results;
}

export async function describeContacts(api: HubSpotApi): Promise<FieldDescriptor[]> {
  return (await readProperties(api, CONTACTS)).map((p) => toFieldDescriptor(p, CONTACTS));
}

/** leadloop's neutral field types as HubSpot `type` + `fieldType` for property create. */
export function toHubSpotType(type: FieldType): { type: string; fieldType: string } {
  switch (type) {
    case 'textarea':
      return { type: 'string', fieldType: 'textarea' };
    case 'number':
      return { type: 'number', fieldType: 'number' };
    case 'boolean':
      return { type: 'bool', fieldType: 'booleancheckbox' };
    case 'date':
      return { type: 'date', fieldType: 'date' };
    case 'datetime':
      return { type: 'datetime', fieldType: 'date' };
    case 'picklist':
      return { type: 'enumeration', fieldType: 'select' };
    case 'multipicklist':
      return { type: 'enumeration', fieldType: 'checkbox' };
    case 'phone':
      return { type: 'phone_number', fieldType: 'phonenumber' };
    case 'string':
    case 'id':
    case 'reference':
    case 'email':
    case 'url':
      return { type: 'string', fieldType: 'text' };
  }
}
