/**
 * Values checked against the contact properties before a batch goes out. HubSpot answers a batch update
 * or upsert with one bad value by refusing the whole batch (400 VALIDATION_ERROR), so a value it would
 * refuse is kept out of the call and becomes that record's own failure: no call spent, no batch split.
 * Rules follow what HubSpot documents (properties guide: types, enumeration options, 65,536 characters;
 * email format: legacydocs.hubspot.com/docs/faq/how-does-hubspot-validate-email-addresses). What a rule
 * misses still reaches HubSpot, and its refusal is bisected (batch-write.ts). Pure: no I/O.
 */
import type { FieldDescriptor } from '../../src/domain/field.ts';
import type { FieldValue } from '../../src/domain/person.ts';
import { textLength } from '../../src/domain/text-length.ts';
import type { RecordFailure, WriteOutcome } from '../../src/domain/write.ts';
import { LeadloopError } from '../../src/lib/errors.ts';

/** One value HubSpot would refuse: the property, HubSpot's error code and the rule broken. */
export interface ValueProblem {
  readonly field: string;
  readonly code: string;
  readonly rule: string;
  readonly value: string;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;
const EPOCH_MS = /^-?\d+$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[\p{L}\p{N}]([\p{L}\p{N}-]*[\p{L}\p{N}])?$/u;
const TOP_LEVEL = /^(\p{L}{2,}|xn--[a-z0-9-]+)$/iu;

/** RFC 2822 dot-atom local part (HubSpot refuses quoted ones), a domain whose last label is a TLD. */
export function isEmailAddress(text: string): boolean {
  const at = text.lastIndexOf('@');
  if (at <= 0 || /\s/.test(text)) return false;
  const labels = text.slice(at + 1).split('.');
  return (
    LOCAL_PART.test(text.slice(0, at)) &&
    labels.length >= 2 &&
    labels.every((l) => DOMAIN_LABEL.test(l)) &&
    TOP_LEVEL.test(labels.at(-1) ?? '')
  );
}

function isCalendarDay(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const day = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.getUTCDate() === Number(m[3]);
}

/** HubSpot `date` properties hold a UTC midnight: `YYYY-MM-DD` or epoch ms divisible by a day. */
function isDateValue(text: string): boolean {
  if (EPOCH_MS.test(text)) return Number(text) % 86_400_000 === 0;
  return isCalendarDay(text);
}

function isDateTimeValue(text: string): boolean {
  if (EPOCH_MS.test(text)) return Number.isSafeInteger(Number(text));
  return (isCalendarDay(text) || ISO_DATE_TIME.test(text)) && !Number.isNaN(Date.parse(text));
}

/** The rule a value breaks, or undefined when HubSpot would take it. `text` is what would be sent. */
function brokenRule(field: FieldDescriptor, text: string): Omit<ValueProblem, 'field' | 'value'> | undefined {
  switch (field.type) {
    case 'number':
      return DECIMAL.test(text)
        ? undefined
        : { code: 'INVALID_INTEGER', rule: 'is not a plain decimal number' };
    case 'boolean':
      return /^(true|false)$/i.test(text)
        ? undefined
        : { code: 'INVALID_BOOLEAN', rule: 'is not true or false' };
    case 'date':
      return isDateValue(text)
        ? undefined
        : { code: 'INVALID_DATE', rule: 'is not a date (YYYY-MM-DD, or epoch ms at midnight UTC)' };
    case 'datetime':
      return isDateTimeValue(text)
        ? undefined
        : { code: 'INVALID_DATE', rule: 'is not a date-time (ISO 8601 or epoch ms)' };
    case 'picklist':
    case 'multipicklist': {
      if (field.restricted === false) return undefined;
      const allowed = new Set(field.options.map((o) => o.value));
      const wanted = field.type === 'multipicklist' ? text.split(';').filter((v) => v !== '') : [text];
      const bad = wanted.find((v) => !allowed.has(v));
      if (bad === undefined) return undefined;
      const rule =
        wanted.length > 1
          ? `holds ${shown(bad)}, which is not one of the property's options`
          : "is not one of the property's options";
      return { code: 'INVALID_OPTION', rule };
    }
    case 'email':
      if (!isEmailAddress(text)) return { code: 'INVALID_EMAIL', rule: 'is not a valid email address' };
      break;
    default:
      break;
  }
  const max = field.length;
  // UTF-16 units never undercount code points: only a value longer in units needs counting.
  if (max !== null && text.length > max && textLength(text, field.lengthUnit ?? 'codepoint') > max) {
    return { code: 'INVALID_LENGTH', rule: `is longer than ${max.toLocaleString('en')} characters` };
  }
  return undefined;
}

const SHOWN_MAX = 40;

/** A value as a failure message may hold it: quoted (control characters escaped), long ones cut. */
export function shown(text: string): string {
  const points = Array.from(text);
  const cut = points.length > SHOWN_MAX ? `${points.slice(0, SHOWN_MAX).join('')}…` : text;
  return JSON.stringify(cut);
}

/** Every value of one record's write that HubSpot would refuse. `null` and `''` clear and always pass. */
export function valueProblems(
  values: Readonly<Record<string, FieldValue>>,
  properties: ReadonlyMap<string, FieldDescriptor>,
): ValueProblem[] {
  const problems: ValueProblem[] = [];
  for (const [name, value] of Object.entries(values)) {
    const field = properties.get(name);
    const text = value === null ? '' : String(value);
    if (!field) {
      problems.push({
        field: name,
        code: 'PROPERTY_DOESNT_EXIST',
        rule: 'is not a contact property',
        value: text,
      });
      continue;
    }
    if (!field.writable) {
      problems.push({ field: name, code: 'READ_ONLY_VALUE', rule: 'is read-only', value: text });
      continue;
    }
    if (text === '') continue;
    const broken = brokenRule(field, text);
    if (broken) problems.push({ field: name, ...broken, value: text });
  }
  return problems;
}

export function problemFailure(problems: readonly ValueProblem[]): RecordFailure {
  const lines = problems.map((p) =>
    p.code === 'PROPERTY_DOESNT_EXIST' || p.code === 'READ_ONLY_VALUE'
      ? `${p.field} ${p.rule}`
      : `${p.field} ${shown(p.value)} ${p.rule}`,
  );
  return {
    kind: 'record',
    retryable: false,
    code: problems[0]?.code ?? 'INVALID_INPUT',
    message: `Not sent to HubSpot, which would refuse it: ${lines.join('; ')}`,
    fields: [...new Set(problems.map((p) => p.field))],
  };
}

/**
 * Splits a write into the records HubSpot would take and a failure outcome for each record it would
 * refuse, and puts the outcomes of the sent ones back in input order.
 */
export async function sendValid<
  T extends { readonly key: string; readonly fields: Readonly<Record<string, FieldValue>> },
>(
  items: readonly T[],
  properties: readonly FieldDescriptor[],
  send: (valid: readonly T[]) => Promise<WriteOutcome[]>,
): Promise<WriteOutcome[]> {
  const byName = new Map(properties.map((p) => [p.name, p]));
  const refused = new Map<number, WriteOutcome>();
  const valid: T[] = [];
  items.forEach((item, i) => {
    const problems = valueProblems(item.fields, byName);
    if (problems.length === 0) valid.push(item);
    else refused.set(i, { ok: false, key: item.key, failure: problemFailure(problems) });
  });
  const sent = valid.length > 0 ? await send(valid) : [];
  if (sent.length !== valid.length) {
    throw new LeadloopError(
      'HUBSPOT_OUTCOME_COUNT',
      `HubSpot write answered ${sent.length} outcomes for ${valid.length} records`,
      { sent: valid.length, outcomes: sent.length },
    );
  }
  let next = 0;
  return items.flatMap((_, i) => {
    const outcome = refused.get(i) ?? sent[next++];
    return outcome ? [outcome] : [];
  });
}
