/**
 * Resolves a SOQL field path (`Email`, `Account.Name`, `ConvertedContact.Account.Name`, `Who.Type`)
 * against the schema, and reads it from a row by following the reference ids. Polymorphic
 * relationships (`Who`, `What`) expose only the Name object's fields, as in Salesforce.
 * https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_relationships_and_polymorph_keys.htm
 */
import { F, type FieldDef, type SfValue } from '../catalog/field-def.ts';
import type { Row, SObjectTable } from '../store/table.ts';
import type { FieldRef } from './ast.ts';
import { soqlError } from './soql-error.ts';

/** What the query engine needs from an org: tables by name and by id prefix. */
export interface QuerySource {
  table(name: string): SObjectTable | undefined;
  tableOfId(id: string): SObjectTable | undefined;
}

export interface PathStep {
  /** The reference field on the previous object, e.g. AccountId. */
  ref: FieldDef;
  /** Null for polymorphic relationships: the target is found from the id's key prefix. */
  target: SObjectTable | null;
}

export interface ResolvedPath {
  steps: PathStep[];
  field: FieldDef;
  /** Canonical spelling, e.g. ['Account', 'Name']. */
  names: string[];
  get(row: Row): SfValue;
}

const NAME_FIELDS = new Map<string, FieldDef>(
  [
    F.id(),
    F.text('Name', 'Name', 255),
    F.text('Type', 'Type', 40),
    F.text('FirstName', 'First Name', 40),
    F.text('LastName', 'Last Name', 80),
    F.email('Email', 'Email'),
    F.text('Title', 'Title', 128),
    F.phone('Phone', 'Phone'),
    F.text('Alias', 'Alias', 8),
    F.text('Username', 'Username', 80),
    F.bool('IsActive', 'Active'),
  ].map((f) => [f.name.toLowerCase(), f]),
);

const noColumn = (soql: string, ref: FieldRef, name: string, entity: string) =>
  soqlError(
    'INVALID_FIELD',
    soql,
    ref.pos,
    `No such column '${name}' on entity '${entity}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
  );

export function resolvePath(
  source: QuerySource,
  table: SObjectTable,
  ref: FieldRef,
  soql: string,
): ResolvedPath {
  const steps: PathStep[] = [];
  const names: string[] = [];
  let current: SObjectTable | null = table;
  let polymorphic = false;
  const relationships = ref.path.slice(0, -1);
  const last = ref.path[ref.path.length - 1] as string;
  // A path may start with the object name itself (`SELECT Lead.Email FROM Lead`).
  if (
    relationships.length > 0 &&
    relationships[0]?.toLowerCase() === table.def.name.toLowerCase() &&
    !table.relationship(relationships[0])
  ) {
    relationships.shift();
  }
  for (const rel of relationships) {
    const refField: FieldDef | undefined = polymorphic || !current ? undefined : current.relationship(rel);
    if (!refField) {
      throw soqlError(
        'INVALID_FIELD',
        soql,
        ref.pos,
        `Didn't understand relationship '${rel}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
      );
    }
    polymorphic = refField.referenceTo.length > 1;
    const target: SObjectTable | null = polymorphic
      ? null
      : (source.table(refField.referenceTo[0] ?? '') ?? null);
    steps.push({ ref: refField, target });
    names.push(refField.relationshipName ?? rel);
    current = target;
  }
  let field: FieldDef | undefined;
  if (polymorphic || !current) field = NAME_FIELDS.get(last.toLowerCase());
  else field = current.field(last);
  if (!field) throw noColumn(soql, ref, last, polymorphic ? 'Name' : (current?.def.name ?? table.def.name));
  names.push(field.name);
  const fieldName = field.name;
  const isType = polymorphic && fieldName === 'Type';
  const get =
    steps.length === 0
      ? (row: Row): SfValue => row[fieldName] ?? null
      : (row: Row): SfValue => {
          let cur: Row | undefined = row;
          let curTable: SObjectTable | undefined;
          for (const step of steps) {
            const id: SfValue | undefined = cur[step.ref.name];
            if (typeof id !== 'string') return null;
            curTable = step.target ?? source.tableOfId(id);
            cur = curTable?.committed(id);
            if (!cur) return null;
          }
          if (isType) return curTable?.def.name ?? null;
          return cur[fieldName] ?? null;
        };
  return { steps, field, names, get };
}
