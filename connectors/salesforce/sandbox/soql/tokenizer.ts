/**
 * SOQL lexer: identifiers (keywords are identifiers matched case-insensitively by the parser), quoted
 * strings with backslash escapes, numbers, date and datetime literals, operators and punctuation.
 * https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_quotedstringescapes.htm
 * https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_dateformats.htm
 */
import { soqlError } from './soql-error.ts';

export type TokenKind = 'ident' | 'string' | 'number' | 'date' | 'datetime' | 'op' | 'punct' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Identifier/operator text, the unescaped string, the number's source, or the normalised date(time). */
  text: string;
  pos: number;
}

const ESCAPES: Record<string, string> = {
  n: '\n',
  r: '\r',
  t: '\t',
  b: '\b',
  f: '\f',
  '"': '"',
  "'": "'",
  '\\': '\\',
  // LIKE wildcards stay escaped so the matcher can tell a literal % or _ from a wildcard.
  '%': '\\%',
  _: '\\_',
};

const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,3})?(Z|[+-]\d{2}:?\d{2})/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})(?![\dT])/;
const NUMBER = /^\d+(\.\d+)?/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*/;

function normaliseDateTime(soql: string, pos: number, text: string): string {
  const m = DATETIME.exec(text);
  const zone = m?.[8] ?? 'Z';
  const iso = `${text.slice(0, 19)}${m?.[7] ?? ''}${zone === 'Z' ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`}`;
  const t = Date.parse(iso);
  if (Number.isNaN(t))
    throw soqlError(
      'MALFORMED_QUERY',
      soql,
      pos,
      `line 1:${pos} no viable alternative at character '${text}'`,
    );
  return new Date(t).toISOString().replace('Z', '+0000');
}

export function tokenize(soql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < soql.length) {
    const c = soql[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const rest = soql.slice(i, i + 40);
    if (c === "'") {
      let out = '';
      let j = i + 1;
      for (;;) {
        if (j >= soql.length) throw soqlError('MALFORMED_QUERY', soql, i, 'unterminated string literal');
        const ch = soql[j] as string;
        if (ch === '\\') {
          const next = soql[j + 1] ?? '';
          const mapped = ESCAPES[next];
          if (mapped === undefined)
            throw soqlError(
              'MALFORMED_QUERY',
              soql,
              j,
              `Invalid string literal '\\${next}'. Illegal character sequence '\\${next}' in string literal.`,
            );
          out += mapped;
          j += 2;
          continue;
        }
        if (ch === "'") break;
        out += ch;
        j++;
      }
      tokens.push({ kind: 'string', text: out, pos: i });
      i = j + 1;
      continue;
    }
    const dt = DATETIME.exec(rest);
    if (dt) {
      tokens.push({ kind: 'datetime', text: normaliseDateTime(soql, i, dt[0]), pos: i });
      i += dt[0].length;
      continue;
    }
    const d = DATE.exec(rest);
    if (d) {
      if (Number.isNaN(Date.parse(`${d[0]}T00:00:00Z`)))
        throw soqlError('MALFORMED_QUERY', soql, i, `invalid date: ${d[0]}`);
      tokens.push({ kind: 'date', text: d[0], pos: i });
      i += d[0].length;
      continue;
    }
    const n = NUMBER.exec(rest);
    if (n) {
      tokens.push({ kind: 'number', text: n[0], pos: i });
      i += n[0].length;
      continue;
    }
    const id = IDENT.exec(soql.slice(i, i + 256));
    if (id) {
      tokens.push({ kind: 'ident', text: id[0], pos: i });
      i += id[0].length;
      continue;
    }
    const two = soql.slice(i, i + 2);
    if (two === '!=' || two === '<>' || two === '<=' || two === '>=') {
      tokens.push({ kind: 'op', text: two === '<>' ? '!=' : two, pos: i });
      i += 2;
      continue;
    }
    if (c === '=' || c === '<' || c === '>') {
      tokens.push({ kind: 'op', text: c, pos: i });
      i++;
      continue;
    }
    if ('(),.-:'.includes(c)) {
      tokens.push({ kind: 'punct', text: c, pos: i });
      i++;
      continue;
    }
    throw soqlError('MALFORMED_QUERY', soql, i, `line 1:${i} no viable alternative at character '${c}'`);
  }
  tokens.push({ kind: 'eof', text: '<EOF>', pos: soql.length });
  return tokens;
}
