import { describe, expect, it } from 'vitest';
import {
  describeParameters,
  resolveParameters,
  type SsmParameterValue,
} from '../../../../src/local-cloud/cloudformation/template/index.js';
import { expectTemplateError, parse, yamlTemplate } from './helpers.js';

const withParameter = (declaration: string) => parse(yamlTemplate(`Parameters:\n  P: ${declaration}`));

describe('resolveParameters: values', () => {
  it('takes given values, then defaults; Ref values follow the type', () => {
    const template = parse(
      yamlTemplate(`Parameters:
  Name: {Type: String}
  Size: {Type: Number, Default: 2}
  Zones: {Type: CommaDelimitedList, Default: 'a, b'}
  Ports: {Type: List<Number>}
  Vpc: {Type: AWS::EC2::VPC::Id}
  Subnets: {Type: List<AWS::EC2::Subnet::Id>}
  Empty: {Type: CommaDelimitedList, Default: ''}`),
    );
    const resolved = resolveParameters({
      template,
      given: { Name: 'web', Ports: '80, 443', Vpc: 'vpc-1', Subnets: 'subnet-1,subnet-2' },
    });
    expect(resolved.values).toEqual({
      Name: 'web',
      Size: '2',
      Zones: ['a', 'b'],
      Ports: ['80', '443'],
      Vpc: 'vpc-1',
      Subnets: ['subnet-1', 'subnet-2'],
      Empty: [],
    });
    expect(resolved.list.map((p) => p.key)).toEqual([
      'Name',
      'Size',
      'Zones',
      'Ports',
      'Vpc',
      'Subnets',
      'Empty',
    ]);
  });

  it('accepts the API list form with UsePreviousValue', () => {
    const template = parse(yamlTemplate('Parameters:\n  A: {Type: String}\n  B: {Type: String}'));
    const resolved = resolveParameters({
      template,
      given: [
        { ParameterKey: 'A', UsePreviousValue: true },
        { ParameterKey: 'B', ParameterValue: 'new' },
      ],
      previous: { A: 'old', B: 'older' },
    });
    expect(resolved.values).toEqual({ A: 'old', B: 'new' });
  });

  it('masks NoEcho values as **** when described', () => {
    const template = parse(
      yamlTemplate(`Parameters:
  Secret: {Type: String, NoEcho: true}
  Plain: {Type: String, Default: visible}
  SsmSecret: {Type: 'AWS::SSM::Parameter::Value<String>', NoEcho: 'true', Default: /app/secret}`),
    );
    const resolved = resolveParameters({
      template,
      given: { Secret: 'hunter2' },
      ssm: () => ({ value: 'from-ssm' }),
    });
    expect(resolved.values.Secret).toBe('hunter2');
    expect(describeParameters(resolved.list)).toEqual([
      { ParameterKey: 'Secret', ParameterValue: '****' },
      { ParameterKey: 'Plain', ParameterValue: 'visible' },
      { ParameterKey: 'SsmSecret', ParameterValue: '****', ResolvedValue: '****' },
    ]);
  });
});

describe('resolveParameters: SSM parameter types through the injected resolver', () => {
  const store: Record<string, SsmParameterValue> = {
    '/ami/latest': { value: 'ami-123' },
    '/net/subnets': { value: 'subnet-a,subnet-b', type: 'StringList' },
    '/app/secure': { value: 'x', type: 'SecureString' },
  };
  const ssm = (name: string) => store[name];
  const template = parse(
    yamlTemplate(`Parameters:
  Ami: {Type: 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>', Default: /ami/latest}
  Subnets: {Type: 'AWS::SSM::Parameter::Value<List<String>>', Default: /net/subnets}
  Name: {Type: 'AWS::SSM::Parameter::Name', Default: /ami/latest}`),
  );

  it('Ref yields the SSM value; DescribeStacks shows the name and ResolvedValue', () => {
    const resolved = resolveParameters({ template, ssm });
    expect(resolved.values).toEqual({
      Ami: 'ami-123',
      Subnets: ['subnet-a', 'subnet-b'],
      Name: '/ami/latest',
    });
    expect(describeParameters(resolved.list)).toEqual([
      { ParameterKey: 'Ami', ParameterValue: '/ami/latest', ResolvedValue: 'ami-123' },
      { ParameterKey: 'Subnets', ParameterValue: '/net/subnets', ResolvedValue: 'subnet-a,subnet-b' },
      { ParameterKey: 'Name', ParameterValue: '/ami/latest' },
    ]);
  });

  it('a missing SSM parameter fails as AWS answers', () => {
    expectTemplateError(
      () => resolveParameters({ template, ssm, given: { Ami: 'parameter-does-not-exist' } }),
      'Parameter Ami should either have input value or default value',
    );
  });

  it('a SecureString cannot back a parameter', () => {
    expectTemplateError(
      () => resolveParameters({ template, ssm, given: { Ami: '/app/secure' } }),
      'Parameters [/app/secure] referenced by template have types not supported by CloudFormation.',
    );
  });
});

describe('resolveParameters: errors worded as CloudFormation', () => {
  it('names every parameter that has no value', () => {
    const template = parse(
      yamlTemplate('Parameters:\n  A: {Type: String}\n  B: {Type: String, Default: x}\n  C: {Type: Number}'),
    );
    expectTemplateError(() => resolveParameters({ template }), 'Parameters: [A, C] must have values');
  });

  it('a UsePreviousValue with no previous value has no value', () => {
    const template = parse(yamlTemplate('Parameters:\n  A: {Type: String}'));
    expectTemplateError(
      () => resolveParameters({ template, given: [{ ParameterKey: 'A', UsePreviousValue: true }] }),
      'Parameters: [A] must have values',
    );
  });

  it('names parameters the template does not declare', () => {
    const template = parse(yamlTemplate('Parameters:\n  A: {Type: String, Default: x}'));
    expectTemplateError(
      () => resolveParameters({ template, given: { Nope: '1', Other: '2' } }),
      'Parameters: [Nope, Other] do not exist in the template',
    );
  });

  it.each([
    ['Number with text', '{Type: Number}', 'abc', "Parameter 'P' must be a number."],
    ['Number that is empty', '{Type: Number}', '', "Parameter 'P' must be a number."],
    ['List<Number> with text', '{Type: List<Number>}', '1,x', "Parameter 'P' must be a number."],
    [
      'AllowedValues',
      '{Type: String, AllowedValues: [dev, prod]}',
      'test',
      "Parameter 'P' must be one of AllowedValues",
    ],
    [
      'AllowedValues on a list',
      '{Type: CommaDelimitedList, AllowedValues: [a, b]}',
      'a,c',
      "Parameter 'P' must be one of AllowedValues",
    ],
    [
      'AllowedPattern',
      "{Type: String, AllowedPattern: '[a-z]+'}",
      'abc1',
      "Parameter 'P' must match pattern [a-z]+",
    ],
    [
      'AllowedPattern matches the whole value',
      "{Type: String, AllowedPattern: 'a'}",
      'ab',
      "Parameter 'P' must match pattern a",
    ],
    [
      'MinLength',
      '{Type: String, MinLength: 8}',
      'short',
      "Parameter 'P' must contain at least 8 characters",
    ],
    [
      'MaxLength',
      '{Type: String, MaxLength: 3}',
      'toolong',
      "Parameter 'P' must contain at most 3 characters",
    ],
    ['MinValue', '{Type: Number, MinValue: 1}', '0', "Parameter 'P' must be a number not less than 1"],
    [
      'MaxValue',
      '{Type: Number, MaxValue: 10}',
      '10.5',
      "Parameter 'P' must be a number not greater than 10",
    ],
    [
      'MaxValue on a List<Number>',
      '{Type: List<Number>, MaxValue: 10}',
      '1,11',
      "Parameter 'P' must be a number not greater than 10",
    ],
    [
      'ConstraintDescription replaces the reason',
      "{Type: String, AllowedPattern: '^arn:.*', ConstraintDescription: 'must be an ARN'}",
      'bucket',
      'Parameter P failed to satisfy constraint: must be an ARN',
    ],
    [
      'ConstraintDescription with AllowedValues',
      "{Type: String, AllowedValues: [a], ConstraintDescription: 'pick a'}",
      'b',
      'Parameter P failed to satisfy constraint: pick a',
    ],
  ])('%s', (_, declaration, given, message) => {
    expectTemplateError(
      () => resolveParameters({ template: withParameter(declaration), given: { P: given } }),
      message,
    );
  });

  it.each([
    ['an allowed value', '{Type: String, AllowedValues: [dev, prod]}', 'prod'],
    ['a Java-style pattern AWS accepts', "{Type: String, AllowedPattern: '[\\w-_]*'}", 'a_b-c'],
    ['an empty value that the pattern allows', "{Type: String, AllowedPattern: '^([a-z]*/)?$'}", ''],
    ['numbers at the bounds', '{Type: Number, MinValue: 1, MaxValue: 10}', '10'],
    ['a negative float', '{Type: Number}', '-2.5'],
    ['lengths at the bounds', '{Type: String, MinLength: 2, MaxLength: 2}', 'ab'],
  ])('accepts %s', (_, declaration, given) => {
    expect(resolveParameters({ template: withParameter(declaration), given: { P: given } }).values.P).toBe(
      given,
    );
  });

  it('checks defaults like given values', () => {
    expectTemplateError(
      () => resolveParameters({ template: withParameter('{Type: String, Default: x, AllowedValues: [a]}') }),
      "Parameter 'P' must be one of AllowedValues",
    );
  });
});
