/**
 * Recursive-descent SOQL parser for the subset leadloop uses: field lists with relationship paths,
 * COUNT(), child subqueries, WHERE with AND/OR/NOT and parentheses (mixing AND and OR without
 * parentheses is rejected, as Salesforce does), comparison operators, [NOT] IN, LIKE, ORDER BY with
 * ASC/DESC and NULLS FIRST/LAST, LIMIT and OFFSET.
 * https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select.htm
 */
import type { CompareOp, Condition, FieldRef, Literal, OrderItem, SelectItem, SoqlQuery } from './ast.ts';
import { soqlError } from './soql-error.ts';
import { tokenize, type Token } from './tokenizer.ts';

const RESERVED = new Set([
  'select',
  'from',
  'where',
  'order',
  'by',
  'limit',
  'offset',
  'and',
  'or',
  'not',
  'in',
  'like',
  'null',
  'true',
  'false',
  'asc',
  'desc',
  'nulls',
  'first',
  'last',
  'group',
  'having',
  'with',
  'for',
  'update',
  'view',
  'reference',
]);

class Parser {
  private i = 0;
  private readonly tokens: Token[];
  private readonly soql: string;

  constructor(soql: string) {
    this.soql = soql;
    this.tokens = tokenize(soql);
  }

  parseStatement(): SoqlQuery {
    const q = this.query();
    const t = this.peek();
    if (t.kind !== 'eof') this.fail(t, `unexpected token: '${t.text}'`);
    return q;
  }

  private query(): SoqlQuery {
    this.expectKeyword('select');
    const select = this.selectList();
    this.expectKeyword('from');
    const fromTok = this.peek();
    if (fromTok.kind !== 'ident' || RESERVED.has(fromTok.text.toLowerCase()))
      this.fail(fromTok, `unexpected token: '${fromTok.text}'`);
    this.i++;
    const query: SoqlQuery = {
      select,
      from: { name: fromTok.text, pos: fromTok.pos },
      where: null,
      orderBy: [],
      limit: null,
      offset: null,
    };
    if (this.acceptKeyword('where')) query.where = this.condition();
    if (this.isKeyword('group') || this.isKeyword('having') || this.isKeyword('with')) {
      this.fail(this.peek(), `the sandbox does not support ${this.peek().text.toUpperCase()} clauses`);
    }
    if (this.acceptKeyword('order')) {
      this.expectKeyword('by');
      query.orderBy = this.orderList();
    }
    if (this.acceptKeyword('limit')) query.limit = this.integer();
    if (this.acceptKeyword('offset')) query.offset = this.integer();
    return query;
  }

  private selectList(): SelectItem[] {
    const items: SelectItem[] = [];
    do items.push(this.selectItem());
    while (this.acceptPunct(','));
    return items;
  }

  private selectItem(): SelectItem {
    const t = this.peek();
    if (t.kind === 'punct' && t.text === '(') {
      this.i++;
      const query = this.query();
      this.expectPunct(')');
      return { kind: 'subquery', query, pos: t.pos };
    }
    if (t.kind === 'ident' && t.text.toLowerCase() === 'count' && this.peek(1).text === '(') {
      this.i += 2;
      const field = this.peek().text === ')' ? null : this.fieldRef();
      this.expectPunct(')');
      const aliasTok = this.peek();
      let alias: string | null = null;
      if (aliasTok.kind === 'ident' && !RESERVED.has(aliasTok.text.toLowerCase())) {
        alias = aliasTok.text;
        this.i++;
      }
      return { kind: 'count', field, alias, pos: t.pos };
    }
    return this.fieldRef();
  }

  private fieldRef(): FieldRef {
    const first = this.peek();
    if (first.kind !== 'ident' || RESERVED.has(first.text.toLowerCase()))
      this.fail(first, `unexpected token: '${first.text}'`);
    this.i++;
    const path = [first.text];
    while (this.peek().text === '.' && this.peek().kind === 'punct') {
      this.i++;
      const next = this.peek();
      if (next.kind !== 'ident') this.fail(next, `unexpected token: '${next.text}'`);
      path.push(next.text);
      this.i++;
    }
    return { kind: 'field', path, pos: first.pos };
  }

  /** condition := term ((AND term)* | (OR term)*) — one connective per level, as SOQL requires. */
  private condition(): Condition {
    const first = this.term();
    const connective = this.isKeyword('and') ? 'and' : this.isKeyword('or') ? 'or' : null;
    if (!connective) return first;
    const items = [first];
    while (this.acceptKeyword(connective)) items.push(this.term());
    const other = connective === 'and' ? 'or' : 'and';
    if (this.isKeyword(other)) this.fail(this.peek(), `unexpected token: '${this.peek().text}'`);
    return { kind: connective, items };
  }

  private term(): Condition {
    if (this.acceptKeyword('not')) return { kind: 'not', item: this.term() };
    if (this.peek().kind === 'punct' && this.peek().text === '(') {
      this.i++;
      const inner = this.condition();
      this.expectPunct(')');
      return inner;
    }
    const field = this.fieldRef();
    const t = this.peek();
    if (this.acceptKeyword('not')) {
      this.expectKeyword('in');
      return { kind: 'in', field, values: this.literalList(), negate: true, pos: t.pos };
    }
    if (this.acceptKeyword('in'))
      return { kind: 'in', field, values: this.literalList(), negate: false, pos: t.pos };
    let op: CompareOp;
    if (this.acceptKeyword('like')) op = 'like';
    else if (t.kind === 'op') {
      op = t.text as CompareOp;
      this.i++;
    } else this.fail(t, `unexpected token: '${t.text}'`);
    return { kind: 'compare', field, op, value: this.literal(), pos: t.pos };
  }

  private literalList(): Literal[] {
    this.expectPunct('(');
    if (this.isKeyword('select')) this.fail(this.peek(), 'the sandbox does not support semi-join subqueries');
    const values: Literal[] = [];
    do values.push(this.literal());
    while (this.acceptPunct(','));
    this.expectPunct(')');
    return values;
  }

  private literal(): Literal {
    const t = this.peek();
    this.i++;
    switch (t.kind) {
      case 'string':
        return { kind: 'string', value: t.text, pos: t.pos };
      case 'number':
        return { kind: 'number', value: Number(t.text), pos: t.pos };
      case 'date':
        return { kind: 'date', value: t.text, pos: t.pos };
      case 'datetime':
        return { kind: 'datetime', value: t.text, pos: t.pos };
      case 'punct':
        if (t.text === '-' && this.peek().kind === 'number') {
          const n = this.peek();
          this.i++;
          return { kind: 'number', value: -Number(n.text), pos: t.pos };
        }
        break;
      case 'ident': {
        const word = t.text.toLowerCase();
        if (word === 'null') return { kind: 'null', pos: t.pos };
        if (word === 'true' || word === 'false')
          return { kind: 'boolean', value: word === 'true', pos: t.pos };
        this.i--;
        this.fail(
          t,
          `unexpected token: '${t.text}' (date literals such as TODAY and bind variables are not supported by the sandbox)`,
        );
        break;
      }
      default:
        break;
    }
    this.i--;
    return this.fail(t, `unexpected token: '${t.text}'`);
  }

  private orderList(): OrderItem[] {
    const items: OrderItem[] = [];
    do {
      const field = this.fieldRef();
      let descending = false;
      if (this.acceptKeyword('desc')) descending = true;
      else this.acceptKeyword('asc');
      let nullsLast = false;
      if (this.acceptKeyword('nulls')) {
        if (this.acceptKeyword('last')) nullsLast = true;
        else this.expectKeyword('first');
      }
      items.push({ field, descending, nullsLast });
    } while (this.acceptPunct(','));
    return items;
  }

  private integer(): number {
    const t = this.peek();
    if (t.kind !== 'number' || t.text.includes('.')) this.fail(t, `unexpected token: '${t.text}'`);
    this.i++;
    return Number(t.text);
  }

  private peek(ahead = 0): Token {
    return (this.tokens[this.i + ahead] ?? this.tokens[this.tokens.length - 1]) as Token;
  }

  private isKeyword(word: string): boolean {
    const t = this.peek();
    return t.kind === 'ident' && t.text.toLowerCase() === word;
  }

  private acceptKeyword(word: string): boolean {
    if (!this.isKeyword(word)) return false;
    this.i++;
    return true;
  }

  private expectKeyword(word: string): void {
    if (!this.acceptKeyword(word))
      this.fail(this.peek(), `unexpected token: '${this.peek().text}', expecting ${word.toUpperCase()}`);
  }

  private acceptPunct(p: string): boolean {
    const t = this.peek();
    if (t.kind !== 'punct' || t.text !== p) return false;
    this.i++;
    return true;
  }

  private expectPunct(p: string): void {
    if (!this.acceptPunct(p))
      this.fail(this.peek(), `unexpected token: '${this.peek().text}', expecting '${p}'`);
  }

  private fail(t: Token, reason: string): never {
    throw soqlError('MALFORMED_QUERY', this.soql, t.pos, reason);
  }
}

/** Parses one SOQL statement; throws `SoqlError` (MALFORMED_QUERY) with a caret message. */
export function parseSoql(soql: string): SoqlQuery {
  return new Parser(soql).parseStatement();
}
