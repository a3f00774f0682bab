/**
 * The words of the cluster query language: subjects, operators (symbol and word forms), which
 * operators each subject takes, and the shapes of attribute names and versions (reference §1.4).
 */
import type { QueryOperator, QuerySubject } from './ast';

export const SUBJECTS: readonly QuerySubject[] = [
  'agentConnected', 'agentVersion', 'ec2InstanceId', 'registeredAt', 'runningTasksCount', 'task:group',
];
export const SUBJECT_LIST =
  'agentConnected, agentVersion, attribute:<name>, ec2InstanceId, registeredAt, runningTasksCount or task:group';

export const WORD_OPERATORS: Readonly<Record<string, QueryOperator>> = {
  equals: '==', not_equals: '!=',
  greater_than: '>', greater_than_equal: '>=', less_than: '<', less_than_equal: '<=',
  exists: 'exists', not_exists: '!exists',
  in: 'in', not_in: '!in',
  matches: '=~', not_matches: '!~',
};
/** Longest first, so `!=` is not read as `!` and `>=` not as `>`. */
export const SYMBOL_OPERATORS: readonly QueryOperator[] = ['!=', '!~', '==', '=~', '>=', '<=', '>', '<'];
export const OPERATOR_LIST = '==, !=, >, >=, <, <=, exists, !exists, in, !in, =~, !~ (or equals, not_equals, '
  + 'greater_than, greater_than_equal, less_than, less_than_equal, not_exists, not_in, matches, not_matches)';

const EQUALITY_LIST_REGEX: readonly QueryOperator[] = ['==', '!=', 'in', '!in', '=~', '!~'];
const ORDERED: readonly QueryOperator[] = ['==', '!=', '>', '>=', '<', '<='];
/** Valid operators per subject, as the developer guide lists them; attribute and task:group take all. */
export const SUBJECT_OPERATORS: Readonly<Record<QuerySubject, readonly QueryOperator[] | null>> = {
  agentConnected: EQUALITY_LIST_REGEX,
  agentVersion: ORDERED,
  ec2InstanceId: EQUALITY_LIST_REGEX,
  registeredAt: ORDERED,
  runningTasksCount: ORDERED,
  attribute: null,
  'task:group': null,
};

/** An attribute name: 1 to 128 letters, digits, hyphens, underscores, periods, slashes. */
export const ATTRIBUTE_NAME = /^[A-Za-z0-9_.\-/\\]{1,128}$/;
/** An agentVersion argument: dotted numbers such as 1.14.5. */
export const VERSION = /^\d+(?:\.\d+)*$/;
