/**
 * The fields a mapping writes, as `describe()` reports them: the type and length the transform needs to
 * convert correctly. Built once at start from the same describe results `checkMappings` reads.
 */
import type { FieldDescriptor } from '../domain/field.ts';
import type { FieldMapping } from './schema.ts';
import type { TargetField } from './transform.ts';

/** `describe()` of the person objects on both sides. */
export interface MappingDescribe {
  readonly hubspot: readonly FieldDescriptor[];
  readonly salesforce: {
    readonly lead: readonly FieldDescriptor[];
    readonly contact: readonly FieldDescriptor[];
  };
}

export interface MappingTargets {
  readonly hubspot?: TargetField | undefined;
  readonly salesforce: {
    readonly lead?: TargetField | undefined;
    readonly contact?: TargetField | undefined;
  };
}

function target(fields: readonly FieldDescriptor[], name: string | undefined): TargetField | undefined {
  const found = name === undefined ? undefined : fields.find((f) => f.name === name);
  if (!found) return undefined;
  const options = found.options.filter((o) => o.active).map((o) => o.value);
  return {
    type: found.type,
    length: found.length,
    ...(found.lengthUnit ? { lengthUnit: found.lengthUnit } : {}),
    ...(options.length > 0 ? { options } : {}),
  };
}

/** One entry per mapping, in config order; fields missing from describe are left out (checkMappings reports them). */
export function mappingTargets(
  mappings: readonly FieldMapping[],
  describe: MappingDescribe,
): MappingTargets[] {
  return mappings.map((m) => ({
    hubspot: target(describe.hubspot, m.hubspot),
    salesforce: {
      lead: target(describe.salesforce.lead, m.salesforce.lead),
      contact: target(describe.salesforce.contact, m.salesforce.contact),
    },
  }));
}
