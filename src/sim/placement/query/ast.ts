/**
 * The parsed form of a cluster query language expression (reference §1.4), what an expression
 * can see of a container instance, and the results of parsing and compiling.
 */

/** Longest expression the API accepts (PlacementConstraint.expression). */
export const MAX_EXPRESSION_LENGTH = 2000;
/** Deepest nesting of parentheses and `not` accepted; keeps evaluation off deep recursion. */
export const MAX_NESTING = 100;

export type QuerySubject =
  | 'agentConnected' | 'agentVersion' | 'attribute' | 'ec2InstanceId'
  | 'registeredAt' | 'runningTasksCount' | 'task:group';

/** Operators in their symbol form; the word forms (`equals`, `not_in`, ...) parse to these. */
export type QueryOperator =
  | '==' | '!=' | '>' | '>=' | '<' | '<='
  | 'exists' | '!exists' | 'in' | '!in' | '=~' | '!~';

/** One `subject operator [argument]` test. */
export interface QueryCondition {
  readonly kind: 'condition';
  readonly subject: QuerySubject;
  /** The name after `attribute:` (subject `attribute` only). */
  readonly attribute?: string;
  readonly operator: QueryOperator;
  /** Arguments as written, quotes removed: none for exists, several for in / !in, else one. */
  readonly values: readonly string[];
  /** registeredAt (seconds since the Unix epoch, UTC) and runningTasksCount: the argument as a number. */
  readonly number?: number;
  /** =~ / !~: the Java pattern translated to an anchored JavaScript RegExp. */
  readonly regex?: RegExp;
  /** Offset of the subject in the expression text. */
  readonly position: number;
}

export type QueryNode =
  | QueryCondition
  | { readonly kind: 'and' | 'or'; readonly left: QueryNode; readonly right: QueryNode }
  | { readonly kind: 'not'; readonly operand: QueryNode };

/** What an expression can see of a container instance. */
export interface QueryInstance {
  /** Built-in (`ecs.availability-zone`, `ecs.instance-type`, ...) and custom attributes. */
  attributes: Readonly<Record<string, string>>;
  agentConnected: boolean;
  agentVersion: string;
  ec2InstanceId: string;
  /** Registration time in seconds since the Unix epoch (UTC). */
  registeredAt: number;
  runningTasksCount: number;
  /** Groups of the tasks on the instance (`service:web`, `family:batch`, ...). */
  taskGroups: ReadonlySet<string>;
}

export interface QueryParseError {
  /** 0-based offset into the expression text. */
  position: number;
  message: string;
}

export type ParseResult = { ok: true; ast: QueryNode } | { ok: false; error: QueryParseError };

export type CompileResult =
  | { ok: true; ast: QueryNode; test: (instance: QueryInstance) => boolean }
  | { ok: false; error: QueryParseError };

/** Writes an AST back as text with explicit parentheses (for messages and tests). */
export function formatExpression(n: QueryNode): string {
  switch (n.kind) {
    case 'and': return `(${formatExpression(n.left)} and ${formatExpression(n.right)})`;
    case 'or': return `(${formatExpression(n.left)} or ${formatExpression(n.right)})`;
    case 'not': return `not ${formatExpression(n.operand)}`;
    case 'condition': {
      const subject = n.subject === 'attribute' ? `attribute:${n.attribute}` : n.subject;
      const show = (v: string) => (/^[^\s()[\],'"]+$/.test(v) && !v.includes('&&') && !v.includes('||') ? v : `'${v.replace(/'/g, "\\'")}'`);
      if (n.values.length === 0) return `${subject} ${n.operator}`;
      if (n.operator === 'in' || n.operator === '!in') return `${subject} ${n.operator} [${n.values.map(show).join(', ')}]`;
      return `${subject} ${n.operator} ${show(n.values[0]!)}`;
    }
  }
}
