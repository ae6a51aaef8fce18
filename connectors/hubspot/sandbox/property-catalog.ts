/**
 * The property definitions of every served object type: read, create, update (labels, options) and
 * groups, with HubSpot's rules (409 on duplicates, read-only definitions refuse label changes, option
 * values are kept while labels change).
 */
import { conflict, notFound, validationError } from './http-errors.ts';
import type {
  ObjectTypeName,
  PropertyDefinition,
  PropertyGroup,
  PropertyOption,
  PropertyType,
} from './property-types.ts';
import { isRecord } from './route-types.ts';
import { defineProperty, standardGroups, standardProperties } from './standard-properties.ts';

const TYPES: ReadonlySet<string> = new Set([
  'bool',
  'date',
  'datetime',
  'enumeration',
  'number',
  'phone_number',
  'string',
]);
const isPropertyType = (t: string): t is PropertyType => TYPES.has(t);
const FIELD_TYPES: ReadonlySet<string> = new Set([
  'booleancheckbox',
  'calculation_equation',
  'checkbox',
  'date',
  'file',
  'html',
  'number',
  'phonenumber',
  'radio',
  'select',
  'text',
  'textarea',
]);
const NAME = /^[a-z][a-z0-9_]*$/;

export interface PropertyInput {
  name?: unknown;
  label?: unknown;
  type?: unknown;
  fieldType?: unknown;
  groupName?: unknown;
  description?: unknown;
  options?: unknown;
  displayOrder?: unknown;
  hidden?: unknown;
  formField?: unknown;
  hasUniqueValue?: unknown;
}

export class PropertyCatalog {
  private readonly props = new Map<string, PropertyDefinition>();
  private readonly groups = new Map<string, PropertyGroup>();
  private readonly nowIso: () => string;

  constructor(objectType: ObjectTypeName, nowIso: () => string) {
    this.nowIso = nowIso;
    for (const def of standardProperties(objectType)) this.props.set(def.name, def);
    for (const group of standardGroups(objectType)) this.groups.set(group.name, group);
  }

  get(name: string): PropertyDefinition | undefined {
    const def = this.props.get(name);
    return def && !def.archived ? def : undefined;
  }

  require(name: string): PropertyDefinition {
    const def = this.get(name);
    if (!def) throw notFound(`Unable to find property ${name}`);
    return def;
  }

  list(archived = false): PropertyDefinition[] {
    return [...this.props.values()].filter((p) => p.archived === archived);
  }

  uniqueNames(): string[] {
    return this.list()
      .filter((p) => p.hasUniqueValue)
      .map((p) => p.name);
  }

  create(input: PropertyInput, hubspotDefined = false): PropertyDefinition {
    const name = requireString(input.name, 'name');
    if (!NAME.test(name))
      throw validationError(
        `Property name "${name}" must start with a letter and use lowercase letters, digits and _`,
      );
    if (this.props.has(name)) throw conflict(`Property already exists: ${name}`, 'OBJECT_ALREADY_EXISTS');
    const type = requireString(input.type, 'type');
    const fieldType = requireString(input.fieldType, 'fieldType');
    if (!isPropertyType(type)) throw validationError(`Invalid property type: ${type}`);
    if (!FIELD_TYPES.has(fieldType)) throw validationError(`Invalid fieldType: ${fieldType}`);
    const groupName = requireString(input.groupName, 'groupName');
    if (!this.groups.has(groupName)) throw validationError(`Property group ${groupName} does not exist`);
    const at = this.nowIso();
    const def = defineProperty(
      [name, requireString(input.label, 'label'), type, fieldType, groupName],
      this.props.size,
      at,
      hubspotDefined,
    );
    def.description = typeof input.description === 'string' ? input.description : '';
    def.options = input.options === undefined ? [] : parseOptions(input.options);
    def.hidden = input.hidden === true;
    def.formField = input.formField !== false;
    def.hasUniqueValue = input.hasUniqueValue === true;
    if (def.hasUniqueValue && this.uniqueNames().length >= 10)
      throw validationError('At most ten unique-value properties per object');
    this.props.set(name, def);
    return def;
  }

  /** PATCH semantics: label/description/group/options; read-only definitions accept option edits only. */
  update(name: string, patch: PropertyInput): PropertyDefinition {
    const def = this.require(name);
    const definitionKeys = (['label', 'description', 'groupName', 'type', 'fieldType'] as const).filter(
      (k) => patch[k] !== undefined,
    );
    if (def.modificationMetadata.readOnlyDefinition && definitionKeys.length > 0) {
      throw validationError(
        `Property ${name} is a HubSpot-defined property; its ${definitionKeys.join(', ')} cannot be modified`,
      );
    }
    if (patch.options !== undefined && def.modificationMetadata.readOnlyOptions) {
      throw validationError(`Options of property ${name} cannot be modified`);
    }
    if (typeof patch.label === 'string') def.label = patch.label;
    if (typeof patch.description === 'string') def.description = patch.description;
    if (typeof patch.groupName === 'string') {
      if (!this.groups.has(patch.groupName))
        throw validationError(`Property group ${patch.groupName} does not exist`);
      def.groupName = patch.groupName;
    }
    if (patch.options !== undefined) def.options = parseOptions(patch.options);
    if (typeof patch.hidden === 'boolean') def.hidden = patch.hidden;
    if (typeof patch.displayOrder === 'number') def.displayOrder = patch.displayOrder;
    def.updatedAt = this.nowIso();
    return def;
  }

  /** What an admin does by hand in settings: allowed on any property, HubSpot-defined ones included. */
  setLabel(name: string, label: string): PropertyDefinition {
    const def = this.require(name);
    def.label = label;
    def.updatedAt = this.nowIso();
    return def;
  }

  /** Loader leniency: values a snapshot holds but the seed lacks become options instead of failing the load. */
  ensureOption(name: string, value: string): void {
    const def = this.get(name);
    if (
      !def ||
      def.type !== 'enumeration' ||
      def.externalOptions ||
      def.options.some((o) => o.value === value)
    )
      return;
    def.options.push({
      label: value,
      value,
      hidden: false,
      displayOrder: def.options.length,
      description: '',
    });
  }

  archive(name: string): void {
    const def = this.require(name);
    if (!def.modificationMetadata.archivable) throw validationError(`Property ${name} cannot be archived`);
    def.archived = true;
  }

  listGroups(): PropertyGroup[] {
    return [...this.groups.values()].filter((g) => !g.archived);
  }

  createGroup(input: { name?: unknown; label?: unknown; displayOrder?: unknown }): PropertyGroup {
    const name = requireString(input.name, 'name');
    if (this.groups.has(name))
      throw conflict(`Property group already exists: ${name}`, 'OBJECT_ALREADY_EXISTS');
    const group: PropertyGroup = {
      name,
      label: requireString(input.label, 'label'),
      displayOrder: typeof input.displayOrder === 'number' ? input.displayOrder : -1,
      archived: false,
    };
    this.groups.set(name, group);
    return group;
  }
}

function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '')
    throw validationError(`Field "${field}" is required and must be a non-empty string`);
  return value;
}

function parseOptions(raw: unknown): PropertyOption[] {
  if (!Array.isArray(raw)) throw validationError('"options" must be an array');
  const seen = new Set<string>();
  return raw.map((entry: unknown, i) => {
    const o = isRecord(entry) ? entry : {};
    const value = requireString(o.value, `options[${i}].value`);
    if (seen.has(value)) throw validationError(`Duplicate option value: ${value}`);
    seen.add(value);
    return {
      label: requireString(o.label, `options[${i}].label`),
      value,
      hidden: o.hidden === true,
      displayOrder: typeof o.displayOrder === 'number' ? o.displayOrder : i,
      description: typeof o.description === 'string' ? o.description : '',
    };
  });
}
