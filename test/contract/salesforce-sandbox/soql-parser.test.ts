import { describe, expect, it } from 'vitest';
import { parseSoql } from '../../../connectors/salesforce/sandbox/soql/parser.ts';
import { executeQuery } from '../../../connectors/salesforce/sandbox/soql/execute-query.ts';
import { SoqlError } from '../../../connectors/salesforce/sandbox/soql/soql-error.ts';
import { tokenize } from '../../../connectors/salesforce/sandbox/soql/tokenizer.ts';
import { loadDataset } from '../../../connectors/salesforce/sandbox/store/load-dataset.ts';
import { SalesforceStore } from '../../../connectors/salesforce/sandbox/store/salesforce-store.ts';
import { TestClock, sfWorld } from './sandbox-helpers.ts';

function org() {
  const clock = new TestClock();
  const store = new SalesforceStore({ clock: clock.now, integrationUsername: 'api@example.com' });
  loadDataset(store, sfWorld({ leads: 6, contacts: 3, converted: 2, activities: true }));
  return store;
}

const store = org();
const run = (soql: string, all = false) => executeQuery(store, soql, all);
const ids = (soql: string) => run(soql).rows.map((r) => r['Id']);

function errorOf(fn: () => unknown): SoqlError {
  try {
    fn();
  } catch (err) {
    if (err instanceof SoqlError) return err;
    throw err;
  }
  throw new Error('expected a SoqlError');
}

describe('SOQL tokenizer', () => {
  it('reads strings with escapes, numbers, dates and datetimes', () => {
    const t = tokenize(
      `'O\\'Brien\\n' 42 3.5 2026-01-02 2026-01-02T03:04:05Z 2026-01-02T03:04:05.123+02:00 <> <=`,
    );
    expect(t.map((x) => [x.kind, x.text])).toEqual([
      ['string', "O'Brien\n"],
      ['number', '42'],
      ['number', '3.5'],
      ['date', '2026-01-02'],
      ['datetime', '2026-01-02T03:04:05.000+0000'],
      ['datetime', '2026-01-02T01:04:05.123+0000'],
      ['op', '!='],
      ['op', '<='],
      ['eof', '<EOF>'],
    ]);
  });

  it('keeps LIKE wildcard escapes distinguishable', () => {
    expect(tokenize(`'50\\%'`)[0]?.text).toBe('50\\%');
  });

  it('rejects unknown escapes and unterminated strings', () => {
    expect(errorOf(() => tokenize(`'a\\q'`)).errorCode).toBe('MALFORMED_QUERY');
    expect(errorOf(() => tokenize(`'abc`)).message).toContain('unterminated');
  });
});

describe('SOQL parser', () => {
  it('parses field lists, relationships, subqueries, WHERE, ORDER BY, LIMIT and OFFSET', () => {
    const q = parseSoql(
      `SELECT Id, Account.Name, (SELECT ContactId FROM OpportunityContactRoles) FROM Opportunity WHERE (Amount > 10 OR Amount = null) AND NOT StageName IN ('Closed Lost') ORDER BY CloseDate DESC NULLS LAST, Id LIMIT 5 OFFSET 2`,
    );
    expect(q.select.map((s) => s.kind)).toEqual(['field', 'field', 'subquery']);
    expect(q.select[1]).toMatchObject({ path: ['Account', 'Name'] });
    expect(q.where?.kind).toBe('and');
    expect(q.orderBy).toMatchObject([
      { descending: true, nullsLast: true },
      { descending: false, nullsLast: false },
    ]);
    expect([q.limit, q.offset]).toEqual([5, 2]);
  });

  it('accepts keywords in any case and COUNT() with or without a field', () => {
    expect(parseSoql('select count() from lead where isconverted = FALSE').select[0]).toMatchObject({
      kind: 'count',
      field: null,
    });
    expect(parseSoql('SELECT COUNT(Id) n FROM Lead').select[0]).toMatchObject({ kind: 'count', alias: 'n' });
  });

  it.each([
    ['SELECT FROM Lead', "unexpected token: 'FROM'"],
    ['SELECT Id Lead', 'expecting FROM'],
    ['SELECT Id FROM Lead WHERE', "unexpected token: '<EOF>'"],
    ['SELECT Id FROM Lead WHERE Email = ', "unexpected token: '<EOF>'"],
    ['SELECT Id FROM Lead WHERE A = 1 AND B = 2 OR C = 3', "unexpected token: 'OR'"],
    ['SELECT Id FROM Lead LIMIT x', "unexpected token: 'x'"],
    ['SELECT Id FROM Lead WHERE CreatedDate > TODAY', 'date literals such as TODAY'],
    ['SELECT Id FROM Lead WHERE Id IN (SELECT LeadId FROM CampaignMember)', 'semi-join'],
    ['SELECT Id FROM Lead ORDER BY Name NULLS', "unexpected token: '<EOF>'"],
    ['SELECT Id FROM Lead extra', "unexpected token: 'extra'"],
    ['SELECT Id, FROM Lead', "unexpected token: 'FROM'"],
    ['SELECT Id FROM Lead WHERE Name # 1', "no viable alternative at character '#'"],
  ])('rejects %s as MALFORMED_QUERY', (soql, reason) => {
    const err = errorOf(() => parseSoql(soql));
    expect(err.errorCode).toBe('MALFORMED_QUERY');
    expect(err.message).toContain(reason);
    expect(err.message).toMatch(/ERROR at Row:1:Column:\d+/);
  });

  it('points the caret at the offending column', () => {
    const err = errorOf(() => parseSoql('SELECT Id FROM Lead WHERE Email LIKE 5 AND'));
    expect(err.message).toBe(
      "\nSELECT Id FROM Lead WHERE Email LIKE 5 AND\n                                          ^\nERROR at Row:1:Column:43\nunexpected token: '<EOF>'",
    );
  });
});

describe('SOQL evaluation against the sandbox org', () => {
  it('filters with =, !=, comparison operators and case-insensitive text', () => {
    expect(ids(`SELECT Id FROM Lead WHERE Email = 'LEAD-1@EXAMPLE.COM'`)).toHaveLength(1);
    expect(
      ids(`SELECT Id FROM Lead WHERE Email != 'lead-1@example.com' AND IsConverted = false`),
    ).toHaveLength(5);
    expect(
      ids(
        `SELECT Id FROM Lead WHERE CreatedDate >= 2026-01-01T00:03:00Z AND CreatedDate < 2026-01-01T00:05:00.000Z`,
      ),
    ).toHaveLength(2);
    expect(ids(`SELECT Id FROM Account WHERE NumberOfEmployees > 100`)).toHaveLength(2);
  });

  it('supports AND/OR/NOT with parentheses, IN and NOT IN, and null', () => {
    expect(
      ids(
        `SELECT Id FROM Lead WHERE (Email = 'lead-0@example.com' OR Email = 'lead-1@example.com') AND NOT IsConverted = true`,
      ),
    ).toHaveLength(2);
    expect(
      ids(`SELECT Id FROM Lead WHERE Email IN ('lead-0@example.com', 'LEAD-2@example.com')`),
    ).toHaveLength(2);
    expect(
      ids(`SELECT Id FROM Lead WHERE Email NOT IN ('lead-0@example.com') AND IsConverted = false`),
    ).toHaveLength(5);
    expect(ids(`SELECT Id FROM Lead WHERE ConvertedContactId != null`)).toHaveLength(2);
    expect(ids(`SELECT Id FROM Lead WHERE Phone = null`)).toHaveLength(8);
  });

  it('matches LIKE with % and _ wildcards, case-insensitively, and escaped wildcards literally', () => {
    expect(ids(`SELECT Id FROM Lead WHERE Email LIKE 'LEAD-%'`)).toHaveLength(6);
    expect(ids(`SELECT Id FROM Lead WHERE Email LIKE 'lead-_@example.com'`)).toHaveLength(6);
    expect(ids(`SELECT Id FROM Lead WHERE Email LIKE 'lead\\_%'`)).toHaveLength(0);
  });

  it('compares dates with date literals and booleans with true/false', () => {
    expect(ids(`SELECT Id FROM Lead WHERE ConvertedDate = 2026-01-03`)).toHaveLength(2);
    expect(ids(`SELECT Id FROM Lead WHERE IsConverted = true`)).toHaveLength(2);
  });

  it('follows relationship paths in SELECT and WHERE, including polymorphic Who.Type', () => {
    const r = run(`SELECT Id, Who.Type, Who.Name FROM Task WHERE Who.Type = 'Contact'`);
    expect(r.rows.length).toBeGreaterThan(0);
    expect(ids(`SELECT Id FROM Contact WHERE Account.Name = 'company 1'`)).toHaveLength(2);
    expect(
      ids(`SELECT Id FROM Lead WHERE ConvertedContact.Email LIKE 'conv-%' AND Owner.Name = 'Owner One'`),
    ).toHaveLength(2);
  });

  it('orders by several keys with DESC and NULLS LAST, then applies OFFSET and LIMIT', () => {
    const names = run(`SELECT Name FROM Lead ORDER BY IsConverted DESC, Name ASC LIMIT 3 OFFSET 1`).rows.map(
      (r) => r['Name'],
    );
    expect(names).toEqual(['First1 Last1', 'First0 Last0', 'First1 Last1']);
    const nullsLast = run(`SELECT Id, ConvertedDate FROM Lead ORDER BY ConvertedDate NULLS LAST`).rows.map(
      (r) => r['ConvertedDate'],
    );
    expect(nullsLast.slice(0, 2)).toEqual(['2026-01-03', '2026-01-03']);
    const nullsFirst = run(`SELECT Id, ConvertedDate FROM Lead ORDER BY ConvertedDate`).rows.map(
      (r) => r['ConvertedDate'],
    );
    expect(nullsFirst[0]).toBeNull();
  });

  it('uses the SystemModstamp index for incremental reads, in (SystemModstamp, Id) order', () => {
    const all = run(`SELECT Id, SystemModstamp FROM Lead ORDER BY SystemModstamp, Id`).rows;
    const floor = all[3]?.['SystemModstamp'] as string;
    const after = run(
      `SELECT Id FROM Lead WHERE SystemModstamp > ${floor.replace('+0000', 'Z')} ORDER BY SystemModstamp, Id LIMIT 2`,
    ).rows;
    expect(after.map((r) => r['Id'])).toEqual(all.slice(4, 6).map((r) => r['Id']));
  });

  it('counts with COUNT() and runs child subqueries per parent', () => {
    expect(run('SELECT COUNT() FROM Lead WHERE IsConverted = false').totalSize).toBe(6);
    const r = run(`SELECT Id, (SELECT Subject FROM Tasks ORDER BY Subject) FROM Contact LIMIT 1`);
    expect(r.bound.columns[1]?.kind).toBe('subquery');
  });

  it('excludes deleted rows unless queryAll', () => {
    const local = org();
    const id = local.leadIdForPersonKey('lead-0') as string;
    local.delete('Lead', id);
    expect(executeQuery(local, 'SELECT Id FROM Lead', false).rows).toHaveLength(7);
    const all = executeQuery(local, 'SELECT Id, IsDeleted FROM Lead WHERE IsDeleted = true', true).rows;
    expect(all.map((r) => r['Id'])).toEqual([id]);
  });

  it.each([
    ['SELECT Id, Foo FROM Lead', 'INVALID_FIELD', "No such column 'Foo' on entity 'Lead'"],
    ['SELECT Id FROM Leed', 'INVALID_TYPE', "sObject type 'Leed' is not supported"],
    ['SELECT Owner.Foo FROM Lead', 'INVALID_FIELD', "No such column 'Foo' on entity 'User'"],
    ['SELECT Bogus.Name FROM Lead', 'INVALID_FIELD', "Didn't understand relationship 'Bogus'"],
    [
      `SELECT Id FROM Lead WHERE NumberOfEmployees = '5'`,
      'INVALID_FIELD',
      'must be of type integer and should not be enclosed in quotes',
    ],
    [
      `SELECT Id FROM Lead WHERE Email = 5`,
      'INVALID_FIELD',
      'must be of type string and should be enclosed in quotes',
    ],
    [`SELECT Id FROM Lead WHERE CreatedDate > 2026-01-01`, 'INVALID_FIELD', 'must be of type dateTime'],
    [`SELECT Id FROM Lead WHERE IsConverted = 'true'`, 'INVALID_FIELD', 'must be of type boolean'],
    [`SELECT Id FROM Lead WHERE Id = 'abc'`, 'INVALID_QUERY_FILTER_OPERATOR', 'invalid ID field: abc'],
    [
      `SELECT Id FROM Lead WHERE Description = 'x'`,
      'INVALID_FIELD',
      "field 'Description' can not be filtered",
    ],
    [`SELECT Id FROM Lead ORDER BY Description`, 'INVALID_FIELD', "field 'Description' can not be sorted"],
    [`SELECT Id, Id FROM Lead`, 'MALFORMED_QUERY', 'duplicate field selected: Id'],
    [`SELECT Id, COUNT() FROM Lead`, 'MALFORMED_QUERY', 'COUNT() must be the only element'],
    [`SELECT Id FROM Lead OFFSET 2001`, 'NUMBER_OUTSIDE_VALID_RANGE', 'Maximum SOQL offset allowed is 2000'],
    [
      `SELECT Id, (SELECT Id FROM Bogus) FROM Contact`,
      'INVALID_TYPE',
      "Didn't understand relationship 'Bogus'",
    ],
    [`SELECT Id FROM Lead WHERE NumberOfEmployees LIKE '5%'`, 'INVALID_FIELD', 'invalid operator'],
  ])('rejects %s with %s', (soql, code, message) => {
    const err = errorOf(() => run(soql));
    expect(err.errorCode).toBe(code);
    expect(err.message).toContain(message);
  });
});
