/**
 * The start-of-run check of `fieldMappings` against `describe()` of both CRMs, so an impossible mapping
 * is a config error before any write: a missing field, a read-only target the mapping writes, types that
 * cannot convert, picklist values missing on a restricted target, text too long for a target that may not
 * be truncated. Each problem is one line naming its config path.
 */
import type { FieldDescriptor } from '../domain/field.ts';
import type { PersonObject } from '../domain/crm.ts';
import { ConfigError } from '../lib/errors.ts';
import { fieldName, pairFindings, writesSide } from './compatibility.ts';
import { didYouMean } from './did-you-mean.ts';
import type { FieldMapping } from './schema.ts';
import type { MappingDescribe } from './targets.ts';

export interface MappingProblem {
  /** Config path, e.g. `fieldMappings[3].salesforce.lead`. */
  readonly path: string;
  readonly level: 'warning' | 'error';
  readonly message: string;
}

const OBJECT_LABEL: Record<PersonObject, string> = { lead: 'Lead', contact: 'Contact' };

/** `fieldMappings[3].salesforce.lead: Salesforce Lead field "Titel" does not exist (did you mean "Title"?)` */
export const problemLine = (p: MappingProblem): string => `${p.path}: ${p.message}`;

function readOnly(field: FieldDescriptor, m: FieldMapping, fix: string): string {
  return `${fieldName(field)} is read-only, but rule "${m.rule}" with direction "${m.direction}" writes to it (use direction: ${fix})`;
}

function checkOne(m: FieldMapping, i: number, describe: MappingDescribe): MappingProblem[] {
  const base = `fieldMappings[${i}]`;
  const problems: MappingProblem[] = [];
  const error = (path: string, message: string): number => problems.push({ path, level: 'error', message });
  if (m.rule !== 'dont-sync' && !writesSide(m, 'hubspot') && !writesSide(m, 'salesforce')) {
    problems.push({
      path: base,
      level: 'warning',
      message: `rule "${m.rule}" with direction "${m.direction}" never writes anything`,
    });
  }
  const hs = describe.hubspot.find((f) => f.name === m.hubspot);
  if (!hs) {
    const names = describe.hubspot.map((f) => f.name);
    error(`${base}.hubspot`, `HubSpot property "${m.hubspot}" does not exist${didYouMean(m.hubspot, names)}`);
  } else if (!hs.writable && writesSide(m, 'hubspot')) {
    error(`${base}.hubspot`, readOnly(hs, m, 'to-salesforce'));
  }
  for (const object of ['lead', 'contact'] as const) {
    const name = m.salesforce[object];
    if (name === undefined) continue;
    const path = `${base}.salesforce.${object}`;
    const fields = describe.salesforce[object];
    const sf = fields.find((f) => f.name === name);
    if (!sf) {
      const names = fields.map((f) => f.name);
      error(
        path,
        `Salesforce ${OBJECT_LABEL[object]} field "${name}" does not exist${didYouMean(name, names)}`,
      );
      continue;
    }
    if (!sf.writable && writesSide(m, 'salesforce')) error(path, readOnly(sf, m, 'to-hubspot'));
    if (hs)
      for (const f of pairFindings(hs, sf, m)) problems.push({ path, level: f.level, message: f.message });
  }
  return problems;
}

/** All problems of all mappings, in config order. */
export function checkMappings(
  mappings: readonly FieldMapping[],
  describe: MappingDescribe,
): MappingProblem[] {
  return mappings.flatMap((m, i) => checkOne(m, i, describe));
}

/** Throws a `ConfigError` listing every error; returns the warnings for the caller to log. */
export function assertMappings(
  mappings: readonly FieldMapping[],
  describe: MappingDescribe,
): MappingProblem[] {
  const problems = checkMappings(mappings, describe);
  const errors = problems.filter((p) => p.level === 'error');
  if (errors.length > 0) throw new ConfigError(errors.map(problemLine), { section: 'fieldMappings' });
  return problems.filter((p) => p.level === 'warning');
}
