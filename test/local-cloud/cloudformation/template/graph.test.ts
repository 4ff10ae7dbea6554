// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these are CloudFormation Fn::Sub strings, not JS templates.
import { describe, expect, it } from 'vitest';
import {
  createOrder,
  deleteOrder,
  dependencyGraph,
  includedResources,
  waves,
} from '../../../../src/local-cloud/cloudformation/template/index.js';
import { expectTemplateError, parse } from './helpers.js';

const APP = parse(`
Parameters:
  Env: {Type: String, Default: dev}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Role:
    Type: AWS::IAM::Role
  Logs:
    Type: AWS::Logs::LogGroup
  Key:
    Type: AWS::KMS::Key
    Condition: IsProd
  Function:
    Type: AWS::Lambda::Function
    Properties:
      Role: !GetAtt Role.Arn
      LoggingConfig: {LogGroup: !Ref Logs}
      KmsKeyArn: !If [IsProd, !GetAtt Key.Arn, !Ref AWS::NoValue]
  Permission:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !Sub '\${Function.Arn}'
  Rule:
    Type: AWS::Config::ConfigRule
    DependsOn: Permission
    Properties:
      Source: {SourceIdentifier: !GetAtt Function.Arn}
  Alarm:
    Type: AWS::CloudWatch::Alarm
    Metadata: {Watches: !Ref Function}
`);

describe('dependency graph and waves', () => {
  it('without conditions: every resource and both Fn::If branches', () => {
    expect(createOrder(APP)).toEqual([
      ['Key', 'Logs', 'Role'],
      ['Function'],
      ['Alarm', 'Permission'],
      ['Rule'],
    ]);
  });

  it('with conditions: excluded resources and the unselected branch leave the graph', () => {
    const conditions = { IsProd: false };
    expect(includedResources(APP, conditions)).toEqual([
      'Role',
      'Logs',
      'Function',
      'Permission',
      'Rule',
      'Alarm',
    ]);
    expect(createOrder(APP, { conditions })).toEqual([
      ['Logs', 'Role'],
      ['Function'],
      ['Alarm', 'Permission'],
      ['Rule'],
    ]);
    expect(createOrder(APP, { conditions: { IsProd: true } })).toEqual([
      ['Key', 'Logs', 'Role'],
      ['Function'],
      ['Alarm', 'Permission'],
      ['Rule'],
    ]);
  });

  it('deletion runs the other way: dependents first', () => {
    expect(deleteOrder(APP, { conditions: { IsProd: false } })).toEqual([
      ['Alarm', 'Rule'],
      ['Permission'],
      ['Function'],
      ['Logs', 'Role'],
    ]);
  });

  it('exposes direct dependencies and dependents (Ref, GetAtt, Sub, DependsOn, Metadata)', () => {
    const graph = dependencyGraph(APP, { conditions: { IsProd: true } });
    expect(graph.dependencies).toEqual({
      Role: [],
      Logs: [],
      Key: [],
      Function: ['Key', 'Logs', 'Role'],
      Permission: ['Function'],
      Rule: ['Function', 'Permission'],
      Alarm: ['Function'],
    });
    expect(graph.dependents.Function).toEqual(['Alarm', 'Permission', 'Rule']);
  });

  it('a reference to a resource whose condition is false is unresolved', () => {
    const template = parse(`
Conditions:
  CreateResources: !Equals ['1', '2']
Resources:
  Topic:
    Type: AWS::SNS::Topic
    Condition: CreateResources
  Lambda:
    Type: AWS::Lambda::Function
    Properties:
      Environment: {Variables: {TOPIC: !Ref Topic}}
`);
    expectTemplateError(
      () => createOrder(template, { conditions: { CreateResources: false } }),
      'Template format error: Unresolved resource dependencies [Topic] in the Resources block of the template',
    );
  });

  it.each([
    [
      'a two-resource cycle through Ref and GetAtt',
      'A:\n    Type: T::T::T\n    Properties: {X: !Ref B}\n  B:\n    Type: T::T::T\n    Properties: {X: !GetAtt A.Id}\n  C:\n    Type: T::T::T',
      'Circular dependency between resources: [A, B]',
    ],
    [
      'a self reference',
      'A:\n    Type: T::T::T\n    Properties: {X: !Sub "${A.Arn}"}',
      'Circular dependency between resources: [A]',
    ],
    [
      'a DependsOn cycle, naming the resources waiting on it too',
      'A:\n    Type: T::T::T\n    DependsOn: C\n  B:\n    Type: T::T::T\n    DependsOn: A\n  C:\n    Type: T::T::T\n    DependsOn: B\n  D:\n    Type: T::T::T\n    DependsOn: A\n  E:\n    Type: T::T::T',
      'Circular dependency between resources: [A, B, C, D]',
    ],
  ])('names %s', (_, resources, message) => {
    expectTemplateError(() => createOrder(parse(`Resources:\n  ${resources}\n`)), message);
  });

  it('waves() orders any graph and is deterministic', () => {
    expect(waves(['d', 'c', 'b', 'a'], { a: [], b: ['a'], c: ['a'], d: ['b', 'c'] })).toEqual([
      ['a'],
      ['b', 'c'],
      ['d'],
    ]);
    expect(waves([], {})).toEqual([]);
  });

  it('orders 500 resources in a chain and a fan-out quickly', () => {
    const chain = Array.from({ length: 500 }, (_, i) =>
      i === 0 ? '  R0:\n    Type: T::T::T\n' : `  R${i}:\n    Type: T::T::T\n    DependsOn: R${i - 1}\n`,
    ).join('');
    const order = createOrder(parse(`Resources:\n${chain}`));
    expect(order).toHaveLength(500);
    const fan = Array.from(
      { length: 499 },
      (_, i) => `  F${i}:\n    Type: T::T::T\n    Properties: {X: !Ref Root}\n`,
    ).join('');
    expect(createOrder(parse(`Resources:\n  Root:\n    Type: T::T::T\n${fan}`)).map((w) => w.length)).toEqual(
      [1, 499],
    );
  });
});
