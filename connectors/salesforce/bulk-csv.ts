/**
 * One Bulk API 2.0 query result set (one `Sforce-Locator` page) as rows. Each set is a whole CSV with its
 * own header row, so a page is parsed alone and a broken page never corrupts the next one. RFC 4180:
 * fields may be quoted, `""` inside quotes is one `"`, quoted fields may hold delimiters and line breaks;
 * records end in LF or CRLF.
 * https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/query_get_job_results.htm
 * https://www.rfc-editor.org/rfc/rfc4180#section-2
 */

export interface CsvTable {
  readonly header: readonly string[];
  readonly rows: ReadonlyArray<Record<string, string>>;
}

/**
 * Where a page stopped being CSV: the 1-based line of the page, the 0-based field of the record and,
 * once the header is known, that field's column name.
 */
export class CsvSyntaxError extends Error {
  readonly reason: string;
  readonly line: number;
  readonly field: number;
  readonly column: string | undefined;

  constructor(reason: string, line: number, field: number, column?: string) {
    super(`${reason} at line ${line}, ${column === undefined ? `field ${field + 1}` : `column ${column}`}`);
    this.name = 'CsvSyntaxError';
    this.reason = reason;
    this.line = line;
    this.field = field;
    this.column = column;
  }
}

/** Records of `text` as arrays of fields, with the line each record starts on. */
function* records(text: string, delimiter: string): Generator<{ fields: string[]; line: number }> {
  let line = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < text.length) {
    const start = line;
    const fields: string[] = [];
    for (;;) {
      let value = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          const close = text.indexOf('"', i);
          if (close < 0) throw new CsvSyntaxError('quoted field not closed', start, fields.length);
          value += text.slice(i, close);
          for (let k = i; k < close; k++) if (text[k] === '\n') line++;
          i = close + 1;
          if (text[i] !== '"') break;
          value += '"';
          i++;
        }
        const next = text[i];
        if (i < text.length && next !== delimiter && next !== '\n' && !text.startsWith('\r\n', i))
          throw new CsvSyntaxError(
            `unexpected ${JSON.stringify(next)} after a closing quote`,
            line,
            fields.length,
          );
      } else {
        let end = i;
        while (end < text.length && text[end] !== delimiter && text[end] !== '\n' && text[end] !== '\r')
          end++;
        value = text.slice(i, end);
        if (value.includes('"'))
          throw new CsvSyntaxError('quote inside an unquoted field', line, fields.length);
        if (text[end] === '\r' && text[end + 1] !== '\n')
          throw new CsvSyntaxError('bare CR in an unquoted field', line, fields.length);
        i = end;
      }
      fields.push(value);
      if (text[i] === delimiter) {
        i++;
        continue;
      }
      break;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') {
      i++;
      line++;
    }
    yield { fields, line: start };
  }
}

/**
 * Parses one result set. A row whose field count differs from the header's, or a field that breaks the
 * quoting rules, throws `CsvSyntaxError` naming the line and the column (by header name when known).
 */
export function parseBulkCsv(text: string, delimiter = ','): CsvTable {
  let header: string[] | undefined;
  const rows: Array<Record<string, string>> = [];
  try {
    for (const { fields, line } of records(text, delimiter)) {
      if (!header) {
        header = fields;
        continue;
      }
      if (fields.length !== header.length)
        throw new CsvSyntaxError(
          `${fields.length} fields where the header has ${header.length}`,
          line,
          Math.min(fields.length, header.length) - 1,
        );
      const row: Record<string, string> = {};
      header.forEach((name, k) => (row[name] = fields[k] ?? ''));
      rows.push(row);
    }
  } catch (err) {
    // The record reader knows positions only; the header names the column.
    if (err instanceof CsvSyntaxError && header)
      throw new CsvSyntaxError(err.reason, err.line, err.field, header[err.field]);
    throw err;
  }
  return { header: header ?? [], rows };
}
