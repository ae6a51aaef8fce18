/**
 * The Properties v3 shapes the sandbox serves (`Property`, `Option`, `PropertyGroup` in
 * node_modules/@hubspot/api-client/lib/codegen/crm/properties/models).
 */

export type PropertyType =
  'bool' | 'date' | 'datetime' | 'enumeration' | 'number' | 'phone_number' | 'string';

export interface PropertyOption {
  label: string;
  value: string;
  hidden: boolean;
  displayOrder: number;
  description: string;
}

export interface PropertyDefinition {
  name: string;
  label: string;
  type: PropertyType;
  fieldType: string;
  groupName: string;
  description: string;
  options: PropertyOption[];
  displayOrder: number;
  hidden: boolean;
  formField: boolean;
  calculated: boolean;
  externalOptions: boolean;
  hasUniqueValue: boolean;
  hubspotDefined: boolean;
  modificationMetadata: {
    archivable: boolean;
    readOnlyDefinition: boolean;
    readOnlyValue: boolean;
    readOnlyOptions?: boolean;
  };
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  createdUserId?: string;
  updatedUserId?: string;
}

export interface PropertyGroup {
  name: string;
  label: string;
  displayOrder: number;
  archived: boolean;
}

/** The CRM object types the sandbox serves, by their v3 path names, with HubSpot's type ids. */
export const OBJECT_TYPES = {
  contacts: '0-1',
  companies: '0-2',
  notes: '0-46',
  meetings: '0-47',
  calls: '0-48',
  emails: '0-49',
  tasks: '0-27',
} as const;

export type ObjectTypeName = keyof typeof OBJECT_TYPES;
export const ENGAGEMENT_TYPES = ['emails', 'calls', 'meetings', 'notes', 'tasks'] as const;
export type EngagementTypeName = (typeof ENGAGEMENT_TYPES)[number];

/** Accepts `contacts`, `contact`, `0-1`, `company` (HubSpot accepts all of them in paths). */
export function resolveObjectType(raw: string): ObjectTypeName | undefined {
  const lower = raw.toLowerCase();
  for (const [name, id] of Object.entries(OBJECT_TYPES) as Array<[ObjectTypeName, string]>) {
    if (lower === name || lower === id || `${lower}s` === name || `${lower.replace(/y$/, 'ie')}s` === name)
      return name;
  }
  return undefined;
}
