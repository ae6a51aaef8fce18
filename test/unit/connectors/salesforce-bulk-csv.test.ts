import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, parseBulkCsv } from '../../../connectors/salesforce/bulk-csv.ts';

/** What the Bulk API writes for one value: always quoted, `"` doubled. */
const cell = (v: string): string => `"${v.replace(/"/g, '""')}"`;

const HARD_VALUES = [
  'plain',
  'said "hi"',
  '""',
  '"',
  'a,b,c',
  'line one\nline two',
  'windows\r\nbreak',
  'ends with a quote"',
  '"starts and ends"',
  'ünïcødé – 名前 😀',
  '',
  // A 255-character limit cut just after a quote: the cut is made on the value, so the quote is one
  // character and still doubles when written.
  `${'x'.repeat(254)}"`,
  `${'y'.repeat(32_767)}"`,
];

function page(values: readonly string[], eol = '\n'): string {
  const lines = ['"Id","Leadloop_Explanation__c"', ...values.map((v, i) => `${cell(`00Q${i}`)},${cell(v)}`)];
  return lines.join(eol) + eol;
}

describe('parseBulkCsv', () => {
  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ])('reads back every hard value as written, records ending in %s', (_name, eol) => {
    const { header, rows } = parseBulkCsv(page(HARD_VALUES, eol));
    expect(header).toEqual(['Id', 'Leadloop_Explanation__c']);
    expect(rows.map((r) => r['Leadloop_Explanation__c'])).toEqual(HARD_VALUES);
    expect(rows.map((r) => r['Id'])).toEqual(HARD_VALUES.map((_v, i) => `00Q${i}`));
  });

  it('reads unquoted fields, empty fields, a BOM and a missing final line break', () => {
    expect(parseBulkCsv('\uFEFFId,Name,Title\n00Q1,,CEO\n00Q2,Ada,').rows).toEqual([
      { Id: '00Q1', Name: '', Title: 'CEO' },
      { Id: '00Q2', Name: 'Ada', Title: '' },
    ]);
  });

  it('reads another delimiter', () => {
    expect(parseBulkCsv('"Id"|"Note"\n"1"|"a|b"\n', '|').rows).toEqual([{ Id: '1', Note: 'a|b' }]);
  });

  it('a header alone is no rows', () => {
    expect(parseBulkCsv('"Id","Email"\n')).toEqual({ header: ['Id', 'Email'], rows: [] });
  });

  it.each([
    ['an undoubled quote inside a quoted field', '"Id","Note"\n"1","say "hi""\n', 2, 'Note'],
    ['a field cut inside its quotes', '"Id","Note"\n"1","cut here\n', 2, 'Note'],
    ['a quote in an unquoted field', 'Id,Note\n1,say "hi"\n', 2, 'Note'],
    ['a row short of fields', '"Id","Note","Title"\n"1","x"\n', 2, 'Note'],
    ['a row with a field too many', '"Id","Note"\n"1","x","y"\n', 2, 'Note'],
    ['a bad line after a multi-line value', '"Id","Note"\n"1","a\nb"\n"2","c"d"\n', 4, 'Note'],
  ])('%s throws naming the line and the column', (_name, text, line, column) => {
    let thrown: unknown;
    try {
      parseBulkCsv(text);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(CsvSyntaxError);
    expect(thrown).toMatchObject({ line, column });
    expect((thrown as Error).message).toContain(`line ${line}, column ${column}`);
  });

  it('a broken header names the field by position', () => {
    expect(() => parseBulkCsv('"Id","No"te"\n')).toThrowErrorMatchingInlineSnapshot(
      `[CsvSyntaxError: unexpected "t" after a closing quote at line 1, field 2]`,
    );
  });
});
