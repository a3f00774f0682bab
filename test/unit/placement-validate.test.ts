import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  MAX_PLACEMENT_CONSTRAINTS,
  MAX_PLACEMENT_STRATEGIES,
  defaultPlacementStrategy,
  normalizePlacementConstraints,
  normalizePlacementStrategy,
  resolvePlacement,
  validatePlacementConstraints,
  validatePlacementStrategy,
} from '../../src/sim/placement/validate';
import { isApiError } from '../../src/sim/errors';

const memberOf = (expression: string) => ({ type: 'memberOf', expression });

describe('validatePlacementStrategy', () => {
  it('accepts the documented rules and their chains', () => {
    for (const s of [
      undefined, null, [],
      [{ type: 'binpack', field: 'cpu' }],
      [{ type: 'binpack', field: 'memory' }],
      [{ type: 'spread', field: 'instanceId' }],
      [{ type: 'spread', field: 'host' }],
      [{ type: 'spread', field: 'attribute:ecs.availability-zone' }, { type: 'spread', field: 'instanceId' }],
      [{ type: 'spread', field: 'attribute:ecs.availability-zone' }, { type: 'binpack', field: 'memory' }],
      [{ type: 'spread', field: 'attribute:custom/rack_1' }],
      [{ type: 'random' }],
      [{ type: 'random', field: null }],
    ]) {
      expect(validatePlacementStrategy(s)).toBeNull();
    }
  });

  it('binpack requires field cpu or memory', () => {
    expect(validatePlacementStrategy([{ type: 'binpack' }])).toMatchObject({
      code: 'InvalidParameterException', field: 'placementStrategy[0].field', value: undefined, accepted: 'cpu or memory',
    });
    const e = validatePlacementStrategy([{ type: 'spread', field: 'host' }, { type: 'binpack', field: 'disk' }]);
    expect(e).toMatchObject({ field: 'placementStrategy[1].field', value: 'disk', accepted: 'cpu or memory' });
    expect(e!.message).toMatch(/^InvalidParameterException: Invalid field "disk" for the binpack placement strategy/);
    expect(validatePlacementStrategy([{ type: 'binpack', field: 'MEMORY' }])).toBeNull();
  });

  it('spread requires instanceId, host or attribute:<name>', () => {
    expect(validatePlacementStrategy([{ type: 'spread' }])).toMatchObject({ field: 'placementStrategy[0].field', accepted: expect.stringMatching(/instanceId, host, or attribute:<name>/) });
    expect(validatePlacementStrategy([{ type: 'spread', field: 'availabilityZone' }])).toMatchObject({ field: 'placementStrategy[0].field', value: 'availabilityZone' });
    expect(validatePlacementStrategy([{ type: 'spread', field: 'attribute:' }])).toMatchObject({ field: 'placementStrategy[0].field' });
    expect(validatePlacementStrategy([{ type: 'spread', field: 'cpu' }])).toMatchObject({ value: 'cpu' });
    expect(validatePlacementStrategy([{ type: 'spread', field: 7 }])).toMatchObject({ value: 7, accepted: 'a string' });
    expect(validatePlacementStrategy([{ type: 'spread', field: `attribute:${'a'.repeat(250)}` }])).toMatchObject({ accepted: 'at most 255 characters' });
  });

  it('random takes no field', () => {
    expect(validatePlacementStrategy([{ type: 'random', field: 'cpu' }])).toMatchObject({ field: 'placementStrategy[0].field', value: 'cpu' });
    expect(validatePlacementStrategy([{ type: 'random', field: '' }])).toMatchObject({ field: 'placementStrategy[0].field', value: '' });
  });

  it('names the type when it is missing or unknown', () => {
    expect(validatePlacementStrategy([{ field: 'cpu' }])).toMatchObject({ field: 'placementStrategy[0].type', value: undefined, accepted: 'one of random | spread | binpack' });
    expect(validatePlacementStrategy([{ type: 'Binpack', field: 'cpu' }])).toMatchObject({ field: 'placementStrategy[0].type', value: 'Binpack' });
    expect(validatePlacementStrategy([{ type: 'spreadEvenly' }])!.message).toMatch(/Invalid placement strategy type "spreadEvenly"\. Valid values: random \| spread \| binpack\./);
  });

  it(`allows at most ${MAX_PLACEMENT_STRATEGIES} rules`, () => {
    const rule = { type: 'spread', field: 'instanceId' };
    expect(validatePlacementStrategy(Array(MAX_PLACEMENT_STRATEGIES).fill(rule))).toBeNull();
    const six = Array(MAX_PLACEMENT_STRATEGIES + 1).fill(rule);
    expect(validatePlacementStrategy(six)).toMatchObject({ field: 'placementStrategy', value: six, accepted: 'at most 5 strategy rules' });
  });

  it('rejects shapes that are not lists of objects', () => {
    expect(validatePlacementStrategy('binpack')).toMatchObject({ field: 'placementStrategy', value: 'binpack' });
    expect(validatePlacementStrategy({ type: 'random' })).toMatchObject({ field: 'placementStrategy' });
    expect(validatePlacementStrategy([null])).toMatchObject({ field: 'placementStrategy[0]', value: null });
    expect(validatePlacementStrategy([['random']])).toMatchObject({ field: 'placementStrategy[0]' });
  });

  it('uses the field name it is given', () => {
    expect(validatePlacementStrategy([{ type: 'x' }], 'services[2].placementStrategy')).toMatchObject({ field: 'services[2].placementStrategy[0].type' });
  });
});

describe('validatePlacementConstraints', () => {
  it('accepts distinctInstance without expression and memberOf with a valid expression', () => {
    expect(validatePlacementConstraints(undefined)).toBeNull();
    expect(validatePlacementConstraints(null)).toBeNull();
    expect(validatePlacementConstraints([{ type: 'distinctInstance' }])).toBeNull();
    expect(validatePlacementConstraints([{ type: 'distinctInstance', expression: null }])).toBeNull();
    expect(validatePlacementConstraints([
      memberOf('attribute:ecs.instance-type =~ t2.*'),
      memberOf('attribute:ecs.availability-zone in [us-east-1a, us-east-1b]'),
      memberOf('task:group == databases'),
      { type: 'distinctInstance' },
    ])).toBeNull();
  });

  it('rejects distinctInstance with an expression, even an empty one, in the API\'s words', () => {
    for (const expression of ['task:group == x', '']) {
      const e = validatePlacementConstraints([{ type: 'distinctInstance', expression }]);
      expect(e).toMatchObject({
        code: 'InvalidParameterException',
        field: 'placementConstraints[0].expression',
        value: expression,
        message: 'InvalidParameterException: distinctInstance expression should not be specified.',
      });
    }
  });

  it('memberOf requires an expression', () => {
    for (const c of [{ type: 'memberOf' }, { type: 'memberOf', expression: '' }, { type: 'memberOf', expression: '   ' }]) {
      expect(validatePlacementConstraints([c])).toMatchObject({
        field: 'placementConstraints[0].expression',
        message: 'InvalidParameterException: A memberOf placement constraint requires an expression.',
      });
    }
    expect(validatePlacementConstraints([{ type: 'memberOf', expression: 5 }])).toMatchObject({ value: 5, message: expect.stringMatching(/must be a string/) });
  });

  it('memberOf expressions must parse; the parse error and its position are in the message', () => {
    const e = validatePlacementConstraints([{ type: 'distinctInstance' }, memberOf('attribute:ecs.instance-type = t2.micro')]);
    expect(e).toMatchObject({
      field: 'placementConstraints[1].expression',
      value: 'attribute:ecs.instance-type = t2.micro',
      accepted: expect.stringMatching(/cluster query language expression/),
    });
    expect(e!.message).toMatch(/^InvalidParameterException: Invalid memberOf expression at character 29: Unknown operator '='/);
    expect(validatePlacementConstraints([memberOf('attribute:ecs.instance-type =~ t2(')])!.message).toMatch(/Invalid regular expression/);
  });

  it('memberOf expressions are at most 2000 characters', () => {
    const ok = `task:group == ${'g'.repeat(2000 - 14)}`;
    expect(validatePlacementConstraints([memberOf(ok)])).toBeNull();
    expect(validatePlacementConstraints([memberOf(`${ok}g`)])).toMatchObject({ message: expect.stringMatching(/2001 characters long; the maximum is 2000/) });
  });

  it('names the type when it is missing or unknown', () => {
    expect(validatePlacementConstraints([{ expression: 'task:group == x' }])).toMatchObject({ field: 'placementConstraints[0].type', accepted: 'one of distinctInstance | memberOf' });
    expect(validatePlacementConstraints([{ type: 'sameInstance' }])!.message).toMatch(/Invalid placement constraint type "sameInstance"/);
    expect(validatePlacementConstraints(['distinctInstance'])).toMatchObject({ field: 'placementConstraints[0]' });
    expect(validatePlacementConstraints({ type: 'distinctInstance' })).toMatchObject({ field: 'placementConstraints' });
  });

  it(`allows at most ${MAX_PLACEMENT_CONSTRAINTS}, counting the task definition's`, () => {
    const mine = Array.from({ length: 6 }, (_, k) => memberOf(`task:group != g${k}`));
    const theirs = Array.from({ length: 4 }, (_, k) => memberOf(`attribute:k${k} exists`));
    expect(validatePlacementConstraints(mine, theirs)).toBeNull();
    const e = validatePlacementConstraints([...mine, { type: 'distinctInstance' }], theirs);
    expect(e).toMatchObject({ field: 'placementConstraints', accepted: expect.stringMatching(/the task definition has 4, so at most 6 here/) });
    expect(e!.message).toMatch(/7 in the request and 4 in the task definition\. The maximum is 10/);
    expect(validatePlacementConstraints(Array(11).fill({ type: 'distinctInstance' }))).toMatchObject({ field: 'placementConstraints' });
    expect(validatePlacementConstraints(undefined, Array(11).fill(memberOf('task:group == a')))).toMatchObject({ field: 'placementConstraints' });
  });
});

describe('normalization and defaults', () => {
  it('maps host to instanceId and the AZ attribute to availabilityZone', () => {
    expect(normalizePlacementStrategy([
      { type: 'spread', field: 'host' },
      { type: 'spread', field: 'instanceId' },
      { type: 'spread', field: 'attribute:ecs.availability-zone' },
      { type: 'spread', field: 'attribute:ecs.instance-type' },
      { type: 'binpack', field: 'MEMORY' },
      { type: 'binpack', field: 'cpu' },
      { type: 'random' },
    ])).toEqual([
      { type: 'spread', field: 'instanceId' },
      { type: 'spread', field: 'instanceId' },
      { type: 'spread', field: 'availabilityZone' },
      { type: 'spread', field: { attribute: 'ecs.instance-type' } },
      { type: 'binpack', field: 'memory' },
      { type: 'binpack', field: 'cpu' },
      { type: 'random' },
    ]);
    expect(normalizePlacementStrategy(undefined)).toEqual([]);
  });

  it('normalizes constraints', () => {
    expect(normalizePlacementConstraints([{ type: 'distinctInstance' }, memberOf('task:group == a')]))
      .toEqual([{ type: 'distinctInstance' }, { type: 'memberOf', expression: 'task:group == a' }]);
    expect(normalizePlacementConstraints(null)).toEqual([]);
  });

  it('defaults: a service spreads by zone then instance; RunTask is random', () => {
    const service = [{ type: 'spread', field: 'availabilityZone' }, { type: 'spread', field: 'instanceId' }];
    expect(defaultPlacementStrategy('CreateService')).toEqual(service);
    expect(defaultPlacementStrategy('UpdateService')).toEqual(service);
    expect(defaultPlacementStrategy('RunTask')).toEqual([{ type: 'random' }]);
  });

  it('resolvePlacement validates, normalizes and applies the defaults', () => {
    const r = resolvePlacement({
      action: 'CreateService',
      placementConstraints: [{ type: 'distinctInstance' }, memberOf('attribute:ecs.os-type == linux')],
      taskDefinitionPlacementConstraints: [memberOf('attribute:ecs.cpu-architecture == arm64')],
    });
    expect(r).toEqual({
      ok: true,
      value: {
        strategy: defaultPlacementStrategy('CreateService'),
        constraints: [
          { type: 'distinctInstance' },
          { type: 'memberOf', expression: 'attribute:ecs.os-type == linux' },
          { type: 'memberOf', expression: 'attribute:ecs.cpu-architecture == arm64' },
        ],
        memberOf: ['attribute:ecs.os-type == linux', 'attribute:ecs.cpu-architecture == arm64'],
        distinctInstance: true,
      },
    });
    expect(resolvePlacement({ action: 'RunTask' })).toMatchObject({ ok: true, value: { strategy: [{ type: 'random' }], distinctInstance: false, memberOf: [] } });
    expect(resolvePlacement({ action: 'UpdateService', placementStrategy: [] })).toMatchObject({ ok: true, value: { strategy: defaultPlacementStrategy('UpdateService') } });
    expect(resolvePlacement({ action: 'RunTask', placementStrategy: [{ type: 'binpack', field: 'memory' }] }))
      .toMatchObject({ ok: true, value: { strategy: [{ type: 'binpack', field: 'memory' }] } });
    expect(resolvePlacement({ action: 'RunTask', placementStrategy: [{ type: 'binpack' }] }))
      .toMatchObject({ ok: false, error: { field: 'placementStrategy[0].field' } });
    expect(resolvePlacement({ action: 'CreateService', placementConstraints: [{ type: 'distinctInstance', expression: 'x' }] }))
      .toMatchObject({ ok: false, error: { field: 'placementConstraints[0].expression' } });
  });
});

describe('never throws', () => {
  it('on arbitrary JSON input', () => {
    const rule = fc.oneof(
      fc.anything(),
      fc.record({ type: fc.oneof(fc.constantFrom('binpack', 'spread', 'random', 'memberOf', 'distinctInstance'), fc.anything()),
        field: fc.oneof(fc.constantFrom('cpu', 'memory', 'host', 'instanceId', 'attribute:ecs.availability-zone'), fc.anything()),
        expression: fc.oneof(fc.string(), fc.anything()) }, { requiredKeys: [] }),
    );
    const list = fc.oneof(fc.anything(), fc.array(rule, { maxLength: 12 }));
    fc.assert(fc.property(list, list, list, (strategy, constraints, td) => {
      const se = validatePlacementStrategy(strategy);
      if (se) expect(isApiError(se)).toBe(true);
      const ce = validatePlacementConstraints(constraints, td);
      if (ce) expect(isApiError(ce)).toBe(true);
      const r = resolvePlacement({ action: 'CreateService', placementStrategy: strategy, placementConstraints: constraints, taskDefinitionPlacementConstraints: td });
      if (r.ok) {
        expect(r.value.strategy.length).toBeGreaterThan(0);
        expect(r.value.strategy.length).toBeLessThanOrEqual(MAX_PLACEMENT_STRATEGIES);
      } else {
        expect(isApiError(r.error)).toBe(true);
      }
      normalizePlacementStrategy(strategy);
      normalizePlacementConstraints(constraints);
    }), { numRuns: 1000 });
  });

  it('every accepted strategy list normalizes rule for rule', () => {
    const rule = fc.oneof(
      fc.record({ type: fc.constant('binpack'), field: fc.constantFrom('cpu', 'memory', 'CPU') }),
      fc.record({ type: fc.constant('spread'), field: fc.constantFrom('host', 'instanceId', 'attribute:ecs.availability-zone', 'attribute:rack') }),
      fc.record({ type: fc.constant('random') }),
    );
    fc.assert(fc.property(fc.array(rule, { maxLength: MAX_PLACEMENT_STRATEGIES }), (s) => {
      expect(validatePlacementStrategy(s)).toBeNull();
      expect(normalizePlacementStrategy(s)).toHaveLength(s.length);
    }));
  });
});
