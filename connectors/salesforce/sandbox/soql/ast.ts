/**
 * The parsed form of the SOQL subset the sandbox understands. Positions are offsets into the statement,
 * for Salesforce-style error messages.
 */

export interface FieldRef {
  kind: 'field';
  /** Relationship names then the field name, e.g. ['Account', 'Name']. */
  path: string[];
  pos: number;
}

export type Literal =
  | { kind: 'string'; value: string; pos: number }
  | { kind: 'number'; value: number; pos: number }
  | { kind: 'boolean'; value: boolean; pos: number }
  | { kind: 'null'; pos: number }
  | { kind: 'date'; value: string; pos: number }
  | { kind: 'datetime'; value: string; pos: number };

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'like';

export type Condition =
  | { kind: 'and'; items: Condition[] }
  | { kind: 'or'; items: Condition[] }
  | { kind: 'not'; item: Condition }
  | { kind: 'compare'; field: FieldRef; op: CompareOp; value: Literal; pos: number }
  | { kind: 'in'; field: FieldRef; values: Literal[]; negate: boolean; pos: number };

export interface OrderItem {
  field: FieldRef;
  descending: boolean;
  nullsLast: boolean;
}

export type SelectItem =
  | FieldRef
  | { kind: 'count'; field: FieldRef | null; alias: string | null; pos: number }
  | { kind: 'subquery'; query: SoqlQuery; pos: number };

export interface SoqlQuery {
  select: SelectItem[];
  from: { name: string; pos: number };
  where: Condition | null;
  orderBy: OrderItem[];
  limit: number | null;
  offset: number | null;
}
