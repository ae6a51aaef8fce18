/**
 * `sync.include` for Salesforce: a SOQL WHERE fragment per object (`Country IN ('Germany','Austria')`,
 * `RecordType.DeveloperName = 'Inbound'`) that decides which Leads and Contacts leadloop reads and
 * writes. Checked against the object's describe before any pull, so a typo is a config error naming the
 * field, not an `INVALID_FIELD` from Salesforce in the middle of a run. Only conditions are allowed: a
 * fragment that would end the WHERE clause (`LIMIT`, `ORDER BY`, a subquery...) is refused.
 * WHERE syntax: https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_conditionexpression.htm
 */
import type { FieldDescriptor } from '../../src/domain/field.ts';
import { SyncError } from '../../src/lib/errors.ts';

/** Operators and literals a condition may hold; any other bare word must be a field. */
const WORDS = new Set(['AND', 'OR', 'NOT', 'IN', 'LIKE', 'INCLUDES', 'EXCLUDES', 'NULL', 'TRUE', 'FALSE']);
/** Words that would end or change the WHERE clause. */
const REFUSED = new Set([
  'SELECT',
  'FROM',
  'WHERE',
  'LIMIT',
  'ORDER',
  'GROUP',
  'HAVING',
  'OFFSET',
  'WITH',
  'FOR',
]);
/** Date literals (`TODAY`, `LAST_N_DAYS:30`, `THIS_FISCAL_QUARTER`...). */
const DATE_LITERAL = /^(TODAY|YESTERDAY|TOMORROW|(LAST|NEXT|THIS)_[A-Z_]+|N_[A-Z_]+)$/;
/** Relationships a fragment may follow to a standard field (`RecordType.DeveloperName`, `Owner.Name`). */
const RELATIONSHIPS: Readonly<Record<string, string>> = { RecordType: 'RecordTypeId', Owner: 'OwnerId' };

const TOKEN =
  /'(?:[^'\\]|\\.)*'|[A-Za-z_][A-Za-z0-9_.]*|\d{4}-\d{2}-\d{2}(?:T[\d:.]+(?:Z|[+-]\d{2}:\d{2}))?|-?\d+(?:\.\d+)?|:\d+|<=|>=|!=|<>|[=<>(),]|\s+|./gs;

function configError(setting: string, message: string, field?: string): SyncError {
  return new SyncError('config', 'SF_INCLUDE_INVALID', `${setting}: ${message}`, {
    setting,
    ...(field === undefined ? {} : { field }),
  });
}

/**
 * Throws a `config` SyncError naming `setting` (e.g. `sync.include.salesforce.lead`) and the field when
 * the fragment names a field the object lacks, is unbalanced, or is more than a condition.
 */
export function checkIncludeFilter(
  setting: string,
  objectApiName: string,
  fragment: string,
  described: readonly FieldDescriptor[],
): void {
  const fields = new Set(described.map((f) => f.name.toLowerCase()));
  let depth = 0;
  for (const [token] of fragment.matchAll(TOKEN)) {
    if (/^\s+$/.test(token) || token.startsWith("'") || /^[\d:-]/.test(token)) continue;
    if (token === '(') depth++;
    else if (token === ')') depth--;
    if (depth < 0) throw configError(setting, 'a closing parenthesis has no opening one');
    if (!/^[A-Za-z_]/.test(token)) {
      if (/^[=<>!,()]+$/.test(token)) continue;
      throw configError(setting, `"${token}" is not allowed in a condition`);
    }
    const upper = token.toUpperCase();
    if (REFUSED.has(upper))
      throw configError(setting, `"${token}" is not allowed: give only the conditions of a WHERE clause`);
    if (WORDS.has(upper) || DATE_LITERAL.test(upper)) continue;
    const [head = '', ...rest] = token.split('.');
    const field = rest.length === 0 ? head : RELATIONSHIPS[head];
    if (rest.length > 1 || field === undefined)
      throw configError(
        setting,
        `${token}: only ${objectApiName} fields and ${Object.keys(RELATIONSHIPS).join('. / ')}. paths can be filtered on`,
        token,
      );
    if (!fields.has(field.toLowerCase()))
      throw configError(setting, `${objectApiName} has no field ${field} (named in "${fragment}")`, field);
  }
  if (depth !== 0) throw configError(setting, 'unbalanced parentheses');
}
