/**
 * A rejected SOQL statement, shaped like the API's error: `errorCode` (MALFORMED_QUERY, INVALID_FIELD,
 * INVALID_TYPE, ...) and a message that points at the offending column, as Salesforce's does.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm
 */
import { LeadloopError } from '../../../../src/lib/errors.ts';

export class SoqlError extends LeadloopError {
  readonly errorCode: string;

  constructor(errorCode: string, message: string) {
    super(errorCode, message);
    this.errorCode = errorCode;
  }
}

/** Salesforce's caret-style message: the statement, a caret under the column, then the reason. */
export function soqlError(errorCode: string, soql: string, pos: number, reason: string): SoqlError {
  const before = soql.slice(0, pos);
  const row = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const column = pos - lineStart + 1;
  const line = soql.split('\n')[row - 1] ?? '';
  const caret = `${' '.repeat(Math.max(0, column - 1))}^`;
  return new SoqlError(errorCode, `\n${line}\n${caret}\nERROR at Row:${row}:Column:${column}\n${reason}`);
}
