/**
 * The org's record-triggered flows (option `flows`, on by default, as real orgs run automation on the
 * records leadloop writes). One is seeded: "Title Normaliser", an after-save flow on Lead and Contact
 * that spells out the abbreviations a saved Title starts with ("VP Sales" becomes "Vice President
 * Sales"). It runs on every REST create and update whose saved row's Title starts with one, whether or
 * not the request touched Title, and its update belongs to the same save: one SystemModstamp, the
 * triggering user as LastModifiedById, and a failure of the flow fails the record's save.
 * https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_triggers_order_of_execution.htm
 */
import type { SfValue } from '../catalog/field-def.ts';
import type { Row, SObjectTable } from '../store/table.ts';
import { saveError } from './save-error.ts';
import type { Validated } from './validate-fields.ts';

export const TITLE_FLOW_LABEL = 'Title Normaliser';

/** What the flow expands, longer spelling first so `Sr.` is taken whole. Case-sensitive, as the flow's `Starts With` condition is. */
export const TITLE_ABBREVIATIONS: ReadonlyArray<readonly [abbreviation: string, expansion: string]> = [
  ['VP', 'Vice President'],
  ['Sr.', 'Senior'],
  ['Sr', 'Senior'],
  ['Mgr.', 'Manager'],
  ['Mgr', 'Manager'],
  ['Dir.', 'Director'],
  ['Dir', 'Director'],
];

const FLOW_OBJECTS = new Set(['Lead', 'Contact']);

/** A whole word ends here: whitespace, a comma or the end ("Srinivasan" is no `Sr`). */
const WORD_END = /^(?:\s|,|$)/;

/**
 * The Title with the run of abbreviations it starts with spelled out ("Sr. Mgr, EMEA" → "Senior
 * Manager, EMEA"); a Title that starts with none comes back as it is, so the flow's own result never
 * triggers it again.
 */
export function normaliseTitle(title: string): string {
  let done = '';
  let rest = title;
  for (;;) {
    const hit = TITLE_ABBREVIATIONS.find(
      ([abbr]) => rest.startsWith(abbr) && WORD_END.test(rest.slice(abbr.length)),
    );
    if (!hit) return done + rest;
    done += hit[1];
    rest = rest.slice(hit[0].length);
    const gap = /^\s+/.exec(rest)?.[0];
    if (!gap) return done + rest;
    done += gap;
    rest = rest.slice(gap.length);
  }
}

/**
 * Runs the org's after-save flows on one record's save: `fields` are the request's validated changes,
 * `existing` the row before them (none on create). Answers the changes the save stores, the flow's
 * among them, or the error that fails the save when the flow's own update is invalid.
 */
export function runRecordFlows(
  table: SObjectTable,
  fields: Record<string, SfValue>,
  existing?: Readonly<Row>,
): Validated {
  if (!FLOW_OBJECTS.has(table.def.name)) return { ok: true, fields };
  const title = 'Title' in fields ? fields['Title'] : existing?.['Title'];
  if (typeof title !== 'string') return { ok: true, fields };
  const normalised = normaliseTitle(title);
  if (normalised === title) return { ok: true, fields };
  const max = table.field('Title')?.length ?? Number.POSITIVE_INFINITY;
  if (normalised.length > max) {
    return {
      ok: false,
      errors: [
        saveError(
          'CANNOT_EXECUTE_FLOW_TRIGGER',
          `We can't save this record because the “${TITLE_FLOW_LABEL}” process failed. Give your Salesforce admin these details. This error occurred when the flow tried to update records: STRING_TOO_LONG: Title: data value too large: ${normalised.slice(0, 40)} (max length=${max})`,
        ),
      ],
    };
  }
  return { ok: true, fields: { ...fields, Title: normalised } };
}
