/**
 * Checks a write's `properties` map against the catalog the way HubSpot does: unknown names are
 * PROPERTY_DOESNT_EXIST, values are type-checked, read-only values refused. Returns the normalised
 * changes or the per-property problems (which become a 400 or a 207 error entry).
 */
import type { PropertyProblem } from './http-errors.ts';
import type { PropertyCatalog } from './property-catalog.ts';
import { checkWriteValue, type WriteValue } from './property-values.ts';

export interface ValidatedWrite {
  changes: Record<string, string | null>;
  problems: PropertyProblem[];
}

export function validateProperties(
  catalog: PropertyCatalog,
  input: unknown,
  current: Readonly<Record<string, string>> | undefined,
): ValidatedWrite {
  const changes: Record<string, string | null> = {};
  const problems: PropertyProblem[] = [];
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    problems.push({ name: 'properties', error: 'INVALID_INPUT', message: '"properties" must be an object' });
    return { changes, problems };
  }
  for (const [name, raw] of Object.entries(input)) {
    const def = catalog.get(name);
    if (!def) {
      problems.push({ name, error: 'PROPERTY_DOESNT_EXIST', message: `Property "${name}" does not exist` });
      continue;
    }
    if (!isWriteValue(raw)) {
      problems.push({
        name,
        error: 'INVALID_INPUT',
        message: `Value for "${name}" must be a string, number or boolean`,
      });
      continue;
    }
    const check = checkWriteValue(def, raw, current?.[name] ?? null);
    if (check.ok) changes[name] = check.value;
    else problems.push({ name, error: check.error, message: check.message });
  }
  return { changes, problems };
}

function isWriteValue(raw: unknown): raw is WriteValue {
  return raw === null || raw === undefined || ['string', 'number', 'boolean'].includes(typeof raw);
}
