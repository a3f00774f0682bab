import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  MAX_EXPRESSION_LENGTH,
  MAX_NESTING,
  compareVersions,
  compileExpression,
  evaluate,
  formatExpression,
  parseExpression,
  parseRegisteredAt,
  translateJavaRegex,
  type QueryCondition,
  type QueryInstance,
  type QueryNode,
} from '../../src/sim/placement/query';

function instance(over: Partial<QueryInstance> = {}): QueryInstance {
  return {
    attributes: {
      'ecs.instance-type': 't2.micro',
      'ecs.availability-zone': 'us-east-1a',
      'ecs.os-type': 'linux',
      'ecs.cpu-architecture': 'x86_64',
      stack: 'prod',
      'disk-gb': '100',
    },
    agentConnected: true,
    agentVersion: '1.14.5',
    ec2InstanceId: 'i-abcd1234',
    registeredAt: Date.UTC(2018, 5, 18, 22, 28, 28) / 1000,
    runningTasksCount: 3,
    taskGroups: new Set(['service:web', 'family:batch']),
    ...over,
  };
}

function ast(text: string): QueryNode {
  const r = parseExpression(text);
  if (!r.ok) throw new Error(`expected ${text} to parse: ${r.error.message} at ${r.error.position}`);
  return r.ast;
}

/** Evaluates text on an instance; fails the test if it does not parse. */
function holds(text: string, inst: QueryInstance = instance()): boolean {
  return evaluate(ast(text), inst);
}

function parseError(text: string): { position: number; message: string } {
  const r = parseExpression(text);
  if (r.ok) throw new Error(`expected ${text} to be rejected`);
  return r.error;
}

describe('the reference examples (§1.4 and the developer guide)', () => {
  it('attribute:ecs.instance-type =~ t2.*', () => {
    const n = ast('attribute:ecs.instance-type =~ t2.*') as QueryCondition;
    expect(n).toMatchObject({ kind: 'condition', subject: 'attribute', attribute: 'ecs.instance-type', operator: '=~', values: ['t2.*'] });
    expect(holds('attribute:ecs.instance-type =~ t2.*')).toBe(true);
    expect(holds('attribute:ecs.instance-type =~ t2.*', instance({ attributes: { 'ecs.instance-type': 'm5.large' } }))).toBe(false);
  });

  it('attribute:ecs.availability-zone in [us-east-1a, us-east-1b]', () => {
    const n = ast('attribute:ecs.availability-zone in [us-east-1a, us-east-1b]') as QueryCondition;
    expect(n.values).toEqual(['us-east-1a', 'us-east-1b']);
    expect(holds('attribute:ecs.availability-zone in [us-east-1a, us-east-1b]')).toBe(true);
    expect(holds('attribute:ecs.availability-zone in [us-east-1a, us-east-1b]',
      instance({ attributes: { 'ecs.availability-zone': 'us-east-1c' } }))).toBe(false);
  });

  it('task:group == databases', () => {
    expect(holds('task:group == databases')).toBe(false);
    expect(holds('task:group == databases', instance({ taskGroups: new Set(['databases']) }))).toBe(true);
  });

  it('the other documented examples parse and mean what the guide says', () => {
    const i = instance({ attributes: { 'ecs.instance-type': 'g2.2xlarge', 'ecs.availability-zone': 'us-east-1a' } });
    expect(holds('attribute:ecs.instance-type == t2.small', instance({ attributes: { 'ecs.instance-type': 't2.small' } }))).toBe(true);
    expect(holds('attribute:ecs.instance-type =~ g2.* and attribute:ecs.availability-zone != us-east-1d', i)).toBe(true);
    expect(holds('task:group == service:production', instance({ taskGroups: new Set(['service:production']) }))).toBe(true);
    expect(holds('not(task:group == database)')).toBe(true);
    expect(holds('not(task:group == database)', instance({ taskGroups: new Set(['database']) }))).toBe(false);
    expect(holds('runningTasksCount == 1', instance({ runningTasksCount: 1 }))).toBe(true);
    expect(holds('agentVersion < 1.14.5', instance({ agentVersion: '1.9.0' }))).toBe(true);
    expect(holds('registeredAt < 2018-02-13', instance({ registeredAt: Date.UTC(2018, 0, 1) / 1000 }))).toBe(true);
    expect(holds("ec2InstanceId in ['i-abcd1234', 'i-wxyx7890']")).toBe(true);
  });
});

describe('operators', () => {
  const cases: [string, boolean][] = [
    ['attribute:stack == prod', true], ['attribute:stack equals prod', true], ['attribute:stack EQUALS prod', true],
    ['attribute:stack != prod', false], ['attribute:stack not_equals prod', false],
    ['attribute:disk-gb > 99', true], ['attribute:disk-gb greater_than 100', false],
    ['attribute:disk-gb >= 100', true], ['attribute:disk-gb greater_than_equal 101', false],
    ['attribute:disk-gb < 1000', true], ['attribute:disk-gb less_than 100', false],
    ['attribute:disk-gb <= 100', true], ['attribute:disk-gb less_than_equal 99.5', false],
    ['attribute:stack exists', true], ['attribute:nope exists', false],
    ['attribute:stack !exists', false], ['attribute:nope !exists', true], ['attribute:nope not_exists', true],
    ['attribute:stack in [dev, prod]', true], ['attribute:stack in [dev]', false],
    ['attribute:stack !in [dev, prod]', false], ['attribute:stack not_in [dev]', true],
    ['attribute:stack =~ pr.d', true], ['attribute:stack matches p.*', true], ['attribute:stack =~ pro', false],
    ['attribute:stack !~ dev|test', true], ['attribute:stack not_matches prod', false],
  ];
  it.each(cases)('%s → %s', (text, expected) => {
    expect(holds(text)).toBe(expected);
  });

  it('compares numerically only when both sides are numbers', () => {
    expect(holds('attribute:disk-gb > 9')).toBe(true); // 100 > 9, not "100" < "9"
    expect(holds('attribute:stack > pr')).toBe(true); // strings: "prod" > "pr"
    expect(holds('attribute:stack < prod')).toBe(false);
  });

  it('negated operators are the negation of their positive forms when the attribute is missing', () => {
    expect(holds('attribute:nope == x')).toBe(false);
    expect(holds('attribute:nope != x')).toBe(true);
    expect(holds('attribute:nope in [x]')).toBe(false);
    expect(holds('attribute:nope !in [x]')).toBe(true);
    expect(holds('attribute:nope =~ .*')).toBe(false);
    expect(holds('attribute:nope !~ .*')).toBe(true);
    expect(holds('attribute:nope > 1')).toBe(false);
  });

  it('accepts symbol operators without surrounding spaces', () => {
    expect(holds('attribute:stack==prod')).toBe(true);
    expect(holds('attribute:stack!=dev')).toBe(true);
    expect(holds('attribute:stack!in[dev]')).toBe(true);
    expect(holds('runningTasksCount>=3')).toBe(true);
  });

  it('does not read attribute names from the object prototype', () => {
    expect(holds('attribute:constructor exists')).toBe(false);
    expect(holds('attribute:toString !exists')).toBe(true);
  });
});

describe('subjects', () => {
  it('agentConnected', () => {
    expect(holds('agentConnected == true')).toBe(true);
    expect(holds('agentConnected == false', instance({ agentConnected: false }))).toBe(true);
    expect(holds('agentConnected != TRUE')).toBe(false);
    expect(holds('agentConnected in [false]')).toBe(false);
    expect(holds('agentConnected !in [false]')).toBe(true);
    expect(holds('agentConnected =~ t.*')).toBe(true);
    expect(holds('agentConnected !~ t.*')).toBe(false);
  });

  it('agentVersion compares as a version', () => {
    expect(holds('agentVersion == 1.14.5')).toBe(true);
    expect(holds('agentVersion != 1.14.5')).toBe(false);
    expect(holds('agentVersion > 1.9.0')).toBe(true); // 14 > 9
    expect(holds('agentVersion >= 1.14.5')).toBe(true);
    expect(holds('agentVersion < 1.14.10')).toBe(true);
    expect(holds('agentVersion <= 1.14')).toBe(false);
    expect(compareVersions('1.14', '1.14.0')).toBe(0);
    expect(compareVersions('1.89.0', '1.100.0')).toBe(-1);
  });

  it('attribute:<name>', () => {
    expect(holds('attribute:ecs.os-type == linux')).toBe(true);
    expect(holds('attribute:ecs.cpu-architecture in [arm64]')).toBe(false);
    expect(holds('attribute:team/app\\x exists', instance({ attributes: { 'team/app\\x': 'y' } }))).toBe(true);
  });

  it('ec2InstanceId', () => {
    expect(holds('ec2InstanceId == i-abcd1234')).toBe(true);
    expect(holds('ec2InstanceId != i-abcd1234')).toBe(false);
    expect(holds('ec2InstanceId in [i-1, i-abcd1234]')).toBe(true);
    expect(holds('ec2InstanceId !in [i-1]')).toBe(true);
    expect(holds('ec2InstanceId =~ i-abcd.*')).toBe(true);
    expect(holds('ec2InstanceId !~ i-abcd.*')).toBe(false);
  });

  it('registeredAt takes the documented date forms and compares in time', () => {
    const at = Date.UTC(2018, 5, 18, 22, 28, 28) / 1000;
    expect(parseRegisteredAt('2018-06-18T22:28:28+00:00')).toBe(at);
    expect(parseRegisteredAt('2018-06-18T22:28:28Z')).toBe(at);
    expect(parseRegisteredAt('2018-06-18T22:28:28')).toBe(at);
    expect(parseRegisteredAt('2018-06-18T23:28:28+01:00')).toBe(at);
    expect(parseRegisteredAt('2018-06-18')).toBe(Date.UTC(2018, 5, 18) / 1000);
    expect(parseRegisteredAt('0050-01-01')!).toBeLessThan(Date.UTC(1900, 0, 1) / 1000); // not read as 1950
    expect(parseRegisteredAt('2018-02-30')).toBeUndefined();
    expect(parseRegisteredAt('2018-13-01')).toBeUndefined();
    expect(parseRegisteredAt('yesterday')).toBeUndefined();
    expect(holds('registeredAt == 2018-06-18T22:28:28Z')).toBe(true);
    expect(holds('registeredAt != 2018-06-18T22:28:28Z')).toBe(false);
    expect(holds('registeredAt > 2018-06-18')).toBe(true);
    expect(holds('registeredAt >= 2018-06-18T22:28:28')).toBe(true);
    expect(holds('registeredAt < 2018-06-19')).toBe(true);
    expect(holds('registeredAt <= 2018-06-18')).toBe(false);
    expect(holds(`registeredAt == ${at}`)).toBe(true);
  });

  it('runningTasksCount', () => {
    expect(holds('runningTasksCount == 3')).toBe(true);
    expect(holds('runningTasksCount != 3')).toBe(false);
    expect(holds('runningTasksCount > 2')).toBe(true);
    expect(holds('runningTasksCount >= 4')).toBe(false);
    expect(holds('runningTasksCount < 10')).toBe(true);
    expect(holds('runningTasksCount <= 2')).toBe(false);
  });

  it('task:group is true when any task on the instance is in the group', () => {
    expect(holds('task:group == service:web')).toBe(true);
    expect(holds('task:group != service:web')).toBe(false); // anti-affinity
    expect(holds('task:group != service:db')).toBe(true);
    expect(holds('task:group in [service:db, family:batch]')).toBe(true);
    expect(holds('task:group !in [service:db]')).toBe(true);
    expect(holds('task:group =~ service:.*')).toBe(true);
    expect(holds('task:group !~ family:.*')).toBe(false);
    expect(holds('task:group exists')).toBe(true);
    expect(holds('task:group exists', instance({ taskGroups: new Set() }))).toBe(false);
    expect(holds('task:group !exists', instance({ taskGroups: new Set() }))).toBe(true);
  });

  it('refuses operators the guide does not list for a subject', () => {
    for (const text of ['agentConnected > true', 'agentVersion in [1.0]', 'agentVersion =~ 1.*', 'ec2InstanceId > i-1',
      'registeredAt exists', 'runningTasksCount in [1]', 'runningTasksCount =~ 1', 'ec2InstanceId exists']) {
      expect(parseError(text).message).toMatch(/is not valid for/);
    }
  });

  it('checks arguments against their subject', () => {
    expect(parseError('runningTasksCount > many')).toMatchObject({ position: 20, message: expect.stringMatching(/whole number/) });
    expect(parseError('registeredAt < soon').message).toMatch(/2018-06-18/);
    expect(parseError('agentVersion < latest').message).toMatch(/version such as/);
    expect(parseError('agentConnected == yes').message).toMatch(/true or false/);
  });
});

describe('compound expressions', () => {
  const A = 'attribute:stack == prod'; // true
  const B = 'attribute:stack == dev'; // false
  const C = 'runningTasksCount == 3'; // true

  it('and binds tighter than or, not tighter than and', () => {
    expect(formatExpression(ast(`${A} or ${B} and ${C}`))).toBe(`(${A} or (${B} and ${C}))`);
    expect(formatExpression(ast(`${B} and ${A} or ${C}`))).toBe(`((${B} and ${A}) or ${C})`);
    expect(formatExpression(ast(`not ${A} and ${B}`))).toBe(`(not ${A} and ${B})`);
    expect(formatExpression(ast(`!${A} || ${B} && ${C}`))).toBe(`(not ${A} or (${B} and ${C}))`);
    expect(holds(`${A} or ${B} and ${B}`)).toBe(true); // A or (B and B)
  });

  it('parentheses override precedence', () => {
    expect(holds(`(${A} or ${B}) and ${B}`)).toBe(false);
    expect(holds(`${A} or (${B} and ${B})`)).toBe(true);
    expect(holds(`not (${A} and ${B})`)).toBe(true);
    expect(holds(`!(${A}) && (${C})`)).toBe(false);
    expect(holds(`((((${A}))))`)).toBe(true);
  });

  it('takes the symbol and word forms in any case, chained left to right', () => {
    expect(holds(`${A} AND ${C} Or ${B}`)).toBe(true);
    expect(holds(`${A}&&${C}||${B}`)).toBe(true);
    expect(holds(`NOT NOT ${A}`)).toBe(true);
    expect(holds(`!!${A}`)).toBe(true);
    expect(formatExpression(ast(`${A} and ${B} and ${C}`))).toBe(`((${A} and ${B}) and ${C})`);
  });

  it('does not mistake words that start with a keyword for keywords', () => {
    expect(parseError(`${A} order ${B}`).position).toBe(A.length + 1);
    expect(parseError(`notable == x`).message).toMatch(/Unknown subject/);
  });
});

describe('values', () => {
  it('takes quoted values with spaces, commas and brackets', () => {
    const i = instance({ attributes: { note: 'a, b [c] (d)' } });
    expect(holds("attribute:note == 'a, b [c] (d)'", i)).toBe(true);
    expect(holds('attribute:note == "a, b [c] (d)"', i)).toBe(true);
    expect(holds("attribute:note in ['x', \"a, b [c] (d)\"]", i)).toBe(true);
    expect(holds("attribute:q == 'it\\'s'", instance({ attributes: { q: "it's" } }))).toBe(true);
    expect(holds("attribute:e == ''", instance({ attributes: { e: '' } }))).toBe(true);
  });

  it('reads unquoted regex arguments with balanced parentheses and classes', () => {
    const n = ast('attribute:ecs.instance-type =~ (t2|t3)\\.(micro|small) and attribute:stack == prod');
    expect(formatExpression(n)).toContain('(t2|t3)\\.(micro|small)');
    expect(holds('attribute:ecs.instance-type =~ (t2|t3)\\.(micro|small)')).toBe(true);
    expect(holds('attribute:ecs.instance-type =~ [a-z0-9]+[.)]micro')).toBe(true);
    expect(holds('not(attribute:ecs.instance-type =~ m5.*)')).toBe(true);
  });

  it('round-trips through formatExpression', () => {
    for (const text of ["attribute:note in ['a b', c]", 'task:group == service:web or not (agentVersion >= 1.2.3)', "attribute:x =~ 'a b'"]) {
      const once = formatExpression(ast(text));
      expect(formatExpression(ast(once))).toBe(once);
    }
  });
});

describe('Java regular expressions', () => {
  const m = (pattern: string, value: string): boolean => {
    const t = translateJavaRegex(pattern);
    if (!t.ok) throw new Error(`${pattern}: ${t.message}`);
    return new RegExp(t.source, t.flags).test(value);
  };

  it('match the whole value, as Java matches() does', () => {
    expect(m('t2', 't2.micro')).toBe(false);
    expect(m('t2.*', 't2.micro')).toBe(true);
    expect(m('micro', 't2.micro')).toBe(false);
    expect(m('a|b', 'ab')).toBe(false);
    expect(m('a|b', 'b')).toBe(true);
    expect(m('x$', 'x\n')).toBe(false);
    expect(m('.*', 'a\nb')).toBe(false); // . stops at line terminators
    expect(m('(?s).*', 'a\nb')).toBe(true);
  });

  it('translate Java-only constructs', () => {
    expect(m('\\Qt2.micro\\E', 't2.micro')).toBe(true);
    expect(m('\\Qt2.micro\\E', 't2xmicro')).toBe(false);
    expect(m('(?i)T2\\.MICRO', 't2.micro')).toBe(true);
    expect(m('\\p{Alpha}+\\p{Digit}', 'abc1')).toBe(true);
    expect(m('\\p{Lu}\\p{IsLatin}*', 'Abc')).toBe(true);
    expect(m('\\p{javaLowerCase}+', 'abc')).toBe(true);
    expect(m('a*+a', 'aaa')).toBe(false); // possessive never gives back
    expect(m('(?>ab|a)c', 'ac')).toBe(true);
    expect(m('(?>a|ab)c', 'abc')).toBe(false); // atomic: commits to "a"
    expect(m('(a)(b)\\2\\1', 'abba')).toBe(true);
    expect(m('(?<x>a)\\k<x>', 'aa')).toBe(true);
    expect(m('[]a]+', ']a]')).toBe(true);
    expect(m('[a[bc]]+', 'abcab')).toBe(true);
    expect(m('\\s\\S\\d\\D\\w\\W\\h', ' x1a_- ')).toBe(true);
    expect(m('\\x41\\u0042\\x{43}\\0104\\t', 'ABCD\t')).toBe(true);
    expect(m('(?x) t 2 # comment\n \\. .*', 't2.micro')).toBe(true);
    expect(m('\\Aa\\z', 'a')).toBe(true);
    expect(m('a{2,3}', 'aaa')).toBe(true);
    expect(m('a{2,3}', 'aaaa')).toBe(false);
    expect(m('\\@\\#\\-', '@#-')).toBe(true);
  });

  it('refuse what Java would refuse, with the offset of the problem', () => {
    expect(translateJavaRegex('t2(')).toMatchObject({ ok: false, index: 2 });
    expect(translateJavaRegex('a)')).toMatchObject({ ok: false, index: 1 });
    expect(translateJavaRegex('*a')).toMatchObject({ ok: false, index: 0, message: "Dangling meta character '*'" });
    expect(translateJavaRegex('a**')).toMatchObject({ ok: false, index: 2 });
    expect(translateJavaRegex('[abc')).toMatchObject({ ok: false, index: 0, message: 'Unclosed character class' });
    expect(translateJavaRegex('[z-a]')).toMatchObject({ ok: false, index: 3 });
    expect(translateJavaRegex('a{x}')).toMatchObject({ ok: false, index: 1 });
    expect(translateJavaRegex('\\q')).toMatchObject({ ok: false, index: 0 });
    expect(translateJavaRegex('\\1')).toMatchObject({ ok: false, index: 0 });
    expect(translateJavaRegex('abc\\')).toMatchObject({ ok: false, index: 3 });
    expect(translateJavaRegex('\\p{Nope}')).toMatchObject({ ok: false, index: 0 });
  });

  it('refuse unsupported constructs and catastrophic nesting', () => {
    expect(translateJavaRegex('[a-z&&[^aeiou]]')).toMatchObject({ ok: false, message: expect.stringMatching(/intersection/) });
    expect(translateJavaRegex('a(?i)b')).toMatchObject({ ok: false, index: 1 });
    expect(translateJavaRegex('\\Ga')).toMatchObject({ ok: false });
    expect(translateJavaRegex('\\p{InGreek}')).toMatchObject({ ok: false, message: expect.stringMatching(/blocks/) });
    expect(translateJavaRegex('(a+)+b')).toMatchObject({ ok: false, index: 4 });
    expect(translateJavaRegex('(a*b*)*')).toMatchObject({ ok: false });
    expect(translateJavaRegex('((a+))*')).toMatchObject({ ok: false });
    expect(translateJavaRegex('(a++)+b').ok).toBe(true);
    expect(translateJavaRegex('(?>a+)+b').ok).toBe(true);
    expect(translateJavaRegex('(\\d+\\.){3}\\d+').ok).toBe(true);
    // The accepted forms stay fast on the input that hangs a naive backtracker.
    expect(m('(a++)+b', 'a'.repeat(5000))).toBe(false);
  });

  it('surface as parse errors at the position of the regex argument', () => {
    const e = parseError('attribute:ecs.instance-type =~ t2(');
    expect(e.position).toBe('attribute:ecs.instance-type =~ t2'.length);
    expect(e.message).toMatch(/Invalid regular expression 't2\('/);
    expect(parseError("task:group =~ 'a)'").position).toBe("task:group =~ 'a".length);
    expect(parseError('task:group =~ [z-a]').message).toMatch(/Illegal character range/);
  });
});

describe('errors with positions', () => {
  const cases: [string, number, RegExp][] = [
    ['', 0, /empty/],
    ['   ', 0, /empty/],
    ['foo == bar', 0, /Unknown subject 'foo'/],
    ['AgentConnected == true', 0, /did you mean agentConnected/],
    ['attribute: == x', 10, /Invalid attribute name/],
    ['attribute:bad@name == x', 10, /Invalid attribute name/],
    ['task:group', 10, /Expected an operator/],
    ['task:group = x', 11, /use == or equals/],
    ['task:group like x', 11, /Unknown operator 'like'/],
    ['task:group ==', 13, /Expected a value after ==/],
    ['task:group == [a]', 14, /lists are taken only by in/],
    ['task:group in a', 14, /takes a list/],
    ['task:group in []', 15, /empty/],
    ['task:group in [a,]', 17, /Expected a value/],
    ['task:group in [a b]', 17, /Expected ',' or '\]'/],
    ['task:group in [a, b', 14, /not closed/],
    ["task:group == 'abc", 14, /no closing '/],
    ['(task:group == a', 16, /Expected '\)' to close the '\(' at position 0/],
    ['task:group == a)', 15, /Unmatched '\)'/],
    ['task:group == a b', 16, /Unexpected 'b'/],
    ['task:group == a and', 19, /Expected a subject/],
    ['and task:group == a', 0, /Expected a subject .* before 'and'/],
    ['not', 3, /Expected a subject/],
    ['()', 1, /Expected a subject/],
    ['task:group == a ||| task:group == b', 18, /Expected a subject/],
  ];
  it.each(cases)('%j → position %i', (text, position, message) => {
    const e = parseError(text);
    expect(e.position).toBe(position);
    expect(e.message).toMatch(message);
  });
});

describe('limits', () => {
  it(`accepts ${MAX_EXPRESSION_LENGTH} characters and refuses one more`, () => {
    const base = 'task:group == ';
    const exact = base + 'a'.repeat(MAX_EXPRESSION_LENGTH - base.length);
    expect(exact.length).toBe(MAX_EXPRESSION_LENGTH);
    expect(parseExpression(exact).ok).toBe(true);
    const e = parseError(`${exact}a`);
    expect(e.position).toBe(MAX_EXPRESSION_LENGTH);
    expect(e.message).toMatch(/2001 characters long; the maximum is 2000/);
  });

  it(`accepts ${MAX_NESTING} levels of nesting and refuses deeper`, () => {
    const nest = (n: number) => `${'('.repeat(n)}task:group == a${')'.repeat(n)}`;
    expect(parseExpression(nest(MAX_NESTING)).ok).toBe(true);
    expect(parseError(nest(MAX_NESTING + 1)).message).toMatch(/deeper than/);
    expect(parseError(`${'!'.repeat(MAX_NESTING + 1)}task:group == a`).position).toBe(MAX_NESTING);
    expect(parseExpression(`${'not '.repeat(MAX_NESTING)}task:group == a`).ok).toBe(true);
  });

  it('refuses non-strings without throwing', () => {
    expect(parseExpression(42 as unknown as string).ok).toBe(false);
    expect(compileExpression(undefined as unknown as string).ok).toBe(false);
  });
});

describe('compileExpression', () => {
  it('returns a predicate equal to evaluate', () => {
    const text = 'attribute:stack == prod and (task:group == service:web or runningTasksCount < 2)';
    const c = compileExpression(text);
    expect(c.ok).toBe(true);
    if (!c.ok) return;
    for (const i of [instance(), instance({ taskGroups: new Set() }), instance({ taskGroups: new Set(), runningTasksCount: 0 })]) {
      expect(c.test(i)).toBe(evaluate(c.ast, i));
    }
  });

  it('caches results, failures included, and evicts old entries', () => {
    const a = compileExpression('task:group == cached');
    expect(compileExpression('task:group == cached')).toBe(a);
    const bad = compileExpression('task:group = cached');
    expect(bad.ok).toBe(false);
    expect(compileExpression('task:group = cached')).toBe(bad);
    for (let k = 0; k < 300; k++) compileExpression(`task:group == g${k}`);
    expect(compileExpression('task:group == cached')).not.toBe(a);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const tokens = ['attribute:ecs.instance-type', 'task:group', 'agentConnected', 'agentVersion', 'ec2InstanceId',
  'registeredAt', 'runningTasksCount', '==', '!=', '>', '>=', '<', '<=', 'exists', '!exists', 'in', '!in', '=~', '!~',
  'equals', 'not_in', 'and', 'or', 'not', '&&', '||', '!', '(', ')', '[', ']', ',', "'", '"', '\\', 't2.*', '(a+)+',
  '[a-z', '1.2.3', '2018-06-18', '7', 'x', ' ', '{2}', '*', '?', '+', '|', '\\Q', '\\E', '(?>', '(?i)', '\\p{L}'];

describe('properties', () => {
  it('parseExpression never throws on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300, unit: 'binary' }), (s) => {
      const r = parseExpression(s);
      expect(typeof r.ok).toBe('boolean');
      if (!r.ok) {
        expect(r.error.position).toBeGreaterThanOrEqual(0);
        expect(r.error.position).toBeLessThanOrEqual(s.length);
      }
    }), { numRuns: 2000 });
  });

  it('parseExpression never throws or hangs on token soup, and what parses evaluates', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...tokens), { maxLength: 40 }), fc.string({ maxLength: 30 }), (parts, value) => {
      const text = parts.join(' ');
      const started = performance.now();
      const r = parseExpression(text);
      expect(performance.now() - started).toBeLessThan(250);
      if (r.ok) {
        const i = instance({ attributes: { 'ecs.instance-type': value }, ec2InstanceId: value, taskGroups: new Set([value]) });
        expect(typeof evaluate(r.ast, i)).toBe('boolean');
      } else {
        expect(r.error.position).toBeLessThanOrEqual(text.length);
      }
    }), { numRuns: 1500 });
  });

  it('translateJavaRegex never throws, and what it accepts compiles and runs quickly', () => {
    // No '|': ambiguous alternatives under repetition, as in (a|a)*, are a documented gap of the guard.
    const regexTokens = ['a', 'b', '.', '*', '+', '?', '{2}', '{1,}', '(', ')', '(?:', '(?>', '[', ']', '^', '-', '\\',
      '\\d', '\\w', '\\Q', '\\E', '\\1', '$', '&&', '\\p{L}', '\\P{Alpha}', '*+', '??'];
    fc.assert(fc.property(fc.array(fc.constantFrom(...regexTokens), { maxLength: 16 }), fc.string({ maxLength: 40 }), (parts, value) => {
      const t = translateJavaRegex(parts.join(''));
      if (!t.ok) return;
      let re: RegExp;
      try { re = new RegExp(t.source, t.flags); } catch { return; } // invalid patterns surface as parse errors
      const started = performance.now();
      re.test(value + 'a'.repeat(30));
      expect(performance.now() - started).toBeLessThan(250);
    }), { numRuns: 1500 });
  });

  const valueArb = fc.stringMatching(/^[a-z0-9][a-z0-9.:-]{0,8}$/);
  const conditionArb: fc.Arbitrary<string> = fc.oneof(
    fc.tuple(fc.constantFrom('attribute:stack', 'task:group', 'ec2InstanceId'), fc.constantFrom('==', '!=', 'equals', '=~', '!~'), valueArb)
      .map(([s, o, v]) => `${s} ${o} ${v}`),
    fc.tuple(fc.constantFrom('attribute:stack', 'task:group'), fc.constantFrom('in', '!in', 'not_in'), fc.array(valueArb, { minLength: 1, maxLength: 3 }))
      .map(([s, o, vs]) => `${s} ${o} [${vs.join(', ')}]`),
    fc.tuple(fc.constantFrom('runningTasksCount', 'agentVersion'), fc.constantFrom('>', '>=', '<', '<=', '=='), fc.nat(20))
      .map(([s, o, n]) => `${s} ${o} ${s === 'agentVersion' ? `1.${n}.0` : n}`),
    fc.constantFrom('attribute:stack exists', 'attribute:nope !exists', 'agentConnected == true'),
  );
  const exprArb = fc.letrec<{ expr: string }>((tie) => ({
    expr: fc.oneof({ depthSize: 'small', withCrossShrink: true },
      conditionArb,
      fc.tuple(tie('expr'), fc.constantFrom('and', 'or', '&&', '||'), tie('expr')).map(([a, op, b]) => `${a} ${op} ${b}`),
      tie('expr').map((e) => `not (${e})`),
      tie('expr').map((e) => `(${e})`)),
  })).expr;

  it('generated valid expressions parse, and formatting preserves their meaning', () => {
    const instances = [instance(), instance({ taskGroups: new Set(['a1']), runningTasksCount: 0, agentVersion: '1.5.0' }),
      instance({ attributes: {}, agentConnected: false })];
    fc.assert(fc.property(exprArb, (text) => {
      const a = ast(text);
      const again = ast(formatExpression(a));
      expect(formatExpression(again)).toBe(formatExpression(a));
      for (const i of instances) {
        expect(evaluate(again, i)).toBe(evaluate(a, i));
        const c = compileExpression(text);
        expect(c.ok && c.test(i)).toBe(evaluate(a, i));
      }
    }), { numRuns: 500 });
  });
});
