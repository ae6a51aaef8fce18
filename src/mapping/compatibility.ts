/**
 * Can values of one field go into another? The type rules behind `checkMappings` and the admin page's live
 * check. They follow HubSpot's own mapping table (select ↔ picklist, checkboxes ↔ multipicklist, single
 * checkbox ↔ boolean, number ↔ double/int, text ↔ string/textarea, date ↔ date/datetime) and add the
 * coercions leadloop can do when the config asks for them (`transform.coerce`).
 */
import type { FieldDescriptor, FieldType } from '../domain/field.ts';
import type { CoerceKind } from './coerce.ts';
import type { Direction, SyncRule, Transform } from './schema.ts';
import { writes } from './sync-rules.ts';
import { nonRanges } from './number-ranges.ts';
import { reverseValueMap } from './transform.ts';

type Kind = 'text' | 'picklist' | 'multipicklist' | 'number' | 'boolean' | 'date' | 'datetime';

export interface Finding {
  readonly level: 'warning' | 'error';
  readonly message: string;
}

export interface Compatibility {
  readonly level: 'ok' | 'warning' | 'error';
  readonly message: string;
}

export interface MappingBehaviour {
  readonly rule: SyncRule;
  readonly direction: Direction;
  readonly transform?: Transform | undefined;
}

function kindOf(type: FieldType): Kind {
  switch (type) {
    case 'picklist':
    case 'multipicklist':
    case 'number':
    case 'boolean':
    case 'date':
    case 'datetime':
      return type;
    default:
      return 'text';
  }
}

const KIND_WORD: Record<Kind, string> = {
  text: 'text',
  picklist: 'picklist',
  multipicklist: 'multi-select',
  number: 'number',
  boolean: 'boolean',
  date: 'date',
  datetime: 'date-time',
};

/** `HubSpot text property "jobtitle"`, `Salesforce Lead number field "NumberOfEmployees"`. */
export function fieldName(f: FieldDescriptor, withKind = false): string {
  const kind = withKind ? `${KIND_WORD[kindOf(f.type)]} ` : '';
  return f.crm === 'hubspot'
    ? `HubSpot ${kind}property "${f.name}"`
    : `Salesforce ${f.object} ${kind}field "${f.name}"`;
}

/** Which kinds a coercion can read from and write into (text and picklists take any value as text). */
const COERCE_FITS: Record<CoerceKind, readonly Kind[]> = {
  string: ['text', 'picklist', 'multipicklist', 'number', 'boolean', 'date', 'datetime'],
  number: ['text', 'picklist', 'number'],
  boolean: ['text', 'picklist', 'boolean'],
  date: ['text', 'picklist', 'date', 'datetime'],
  datetime: ['text', 'picklist', 'date', 'datetime'],
};

/** The coercion that makes text land in a typed field, per target kind. */
const TEXT_NEEDS: Partial<Record<Kind, readonly CoerceKind[]>> = {
  number: ['number'],
  boolean: ['boolean'],
  date: ['date', 'datetime'],
  datetime: ['date', 'datetime'],
};

function picklistFindings(
  src: FieldDescriptor,
  dst: FieldDescriptor,
  map: Readonly<Record<string, string>>,
): Finding[] {
  if (dst.restricted === false) return [];
  const allowed = new Set(dst.options.filter((o) => o.active).map((o) => o.value));
  const missing = src.options
    .filter((o) => o.active)
    .map((o) => ({ from: o.value, to: Object.hasOwn(map, o.value) ? (map[o.value] ?? o.value) : o.value }))
    .filter((v) => !allowed.has(v.to));
  if (missing.length === 0) return [];
  const list = missing
    .map((v) => (v.from === v.to ? `"${v.from}"` : `"${v.from}" (as "${v.to}")`))
    .join(', ');
  return [
    {
      level: 'error',
      message: `${fieldName(src)} values ${list} are not values of ${fieldName(dst)} (add them to transform.valueMap or to the picklist)`,
    },
  ];
}

/** Findings for values flowing from `src` into `dst`; `map` is the value map in that direction. */
function flowFindings(
  src: FieldDescriptor,
  dst: FieldDescriptor,
  transform: Transform | undefined,
  map: Readonly<Record<string, string>>,
): Finding[] {
  const from = kindOf(src.type);
  const to = kindOf(dst.type);
  const coerce = transform?.coerce;
  const pair = `${fieldName(src, true)} → ${fieldName(dst, true)}`;
  if (coerce !== undefined && (!COERCE_FITS[coerce].includes(from) || !COERCE_FITS[coerce].includes(to))) {
    return [{ level: 'error', message: `${pair}: transform.coerce ${coerce} does not fit these types` }];
  }
  const findings: Finding[] = [];
  if (to === 'text') {
    if (dst.length !== null && transform?.truncate === false) {
      const longest =
        from === 'picklist' || from === 'multipicklist'
          ? Math.max(0, ...src.options.map((o) => o.value.length))
          : src.length;
      if (longest === null || longest > dst.length) {
        findings.push({
          level: 'error',
          message: `${pair}: values longer than ${dst.length} characters would fail (set transform.truncate: true)`,
        });
      }
    }
    return findings;
  }
  if (to === 'picklist' || to === 'multipicklist') {
    if (from === 'multipicklist' && to === 'picklist')
      return [{ level: 'error', message: `${pair}: a multi-select cannot go into a single picklist` }];
    if (from === 'picklist' || from === 'multipicklist') return picklistFindings(src, dst, map);
    if (dst.restricted === false) return [];
    const active = dst.options.filter((o) => o.active).map((o) => o.value);
    const rangesOnly = from === 'number' && active.length > 0 && nonRanges(active).length === 0;
    const hint = rangesOnly
      ? 'its options are number ranges: set transform.ranges: true'
      : 'map them with transform.valueMap';
    return [
      {
        level: 'warning',
        message: `${pair}: values outside the picklist's options fail per record (${hint})`,
      },
    ];
  }
  if (from === to || (from === 'date' && to === 'datetime')) return [];
  if (from === 'datetime' && to === 'date')
    return [{ level: 'warning', message: `${pair}: the time of day is dropped (the UTC date is kept)` }];
  const needs = TEXT_NEEDS[to] ?? [];
  if (from === 'text' || from === 'picklist') {
    if (coerce !== undefined && needs.includes(coerce)) {
      return [
        {
          level: 'warning',
          message: `${pair}: values that are not a valid ${KIND_WORD[to]} fail per record`,
        },
      ];
    }
    return [{ level: 'error', message: `${pair} needs transform.coerce: ${needs[0] ?? 'string'}` }];
  }
  return [{ level: 'error', message: `${pair}: incompatible types` }];
}

/** Will this mapping ever write `side`? */
export function writesSide(mapping: MappingBehaviour, side: 'hubspot' | 'salesforce'): boolean {
  if (mapping.rule === 'dont-sync' || mapping.rule === `always-${side}`) return false;
  return writes(mapping.direction, side);
}

/** `transform.ranges`: a Salesforce number written to HubSpot as an option of a picklist of ranges. */
function rangeFindings(hs: FieldDescriptor, sf: FieldDescriptor, mapping: MappingBehaviour): Finding[] {
  const findings: Finding[] = [];
  if (writesSide(mapping, 'salesforce')) {
    findings.push({
      level: 'error',
      message: `${fieldName(hs, true)} → ${fieldName(sf, true)}: transform.ranges only writes Salesforce numbers into HubSpot (use direction: to-hubspot)`,
    });
  }
  if (!writesSide(mapping, 'hubspot')) return findings;
  const pair = `${fieldName(sf, true)} → ${fieldName(hs, true)}`;
  if (kindOf(sf.type) !== 'number' || kindOf(hs.type) !== 'picklist') {
    findings.push({
      level: 'error',
      message: `${pair}: transform.ranges needs a number written into a picklist of ranges`,
    });
    return findings;
  }
  const odd = nonRanges(hs.options.filter((o) => o.active).map((o) => o.value));
  if (odd.length > 0) {
    findings.push({
      level: 'error',
      message: `${pair}: options ${odd.map((o) => `"${o}"`).join(', ')} are not number ranges (like "5-25" or "1000+")`,
    });
  }
  return findings;
}

/** Every type, picklist and length finding for one HubSpot property ↔ Salesforce field pair. */
export function pairFindings(hs: FieldDescriptor, sf: FieldDescriptor, mapping: MappingBehaviour): Finding[] {
  if (mapping.transform?.ranges) return rangeFindings(hs, sf, mapping);
  const map = mapping.transform?.valueMap ?? {};
  return [
    ...(writesSide(mapping, 'salesforce') ? flowFindings(hs, sf, mapping.transform, map) : []),
    ...(writesSide(mapping, 'hubspot') ? flowFindings(sf, hs, mapping.transform, reverseValueMap(map)) : []),
  ];
}

/** The live check of the admin page: the worst finding for a pair, or ok. Defaults to a two-way mapping. */
export function compatibility(
  hs: FieldDescriptor,
  sf: FieldDescriptor,
  mapping: Partial<MappingBehaviour> = {},
): Compatibility {
  const findings = pairFindings(hs, sf, {
    rule: mapping.rule ?? 'two-way',
    direction: mapping.direction ?? 'both',
    transform: mapping.transform,
  });
  const worst = findings.find((f) => f.level === 'error') ?? findings[0];
  if (!worst) return { level: 'ok', message: `${fieldName(hs, true)} ↔ ${fieldName(sf, true)}: compatible` };
  return {
    level: worst.level,
    message: findings
      .filter((f) => f.level === worst.level)
      .map((f) => f.message)
      .join('; '),
  };
}
