import { describe, expect, it } from 'vitest';
import {
  checkCapabilities,
  requiredCapabilities,
  templateSummary,
} from '../../../../src/local-cloud/cloudformation/template/index.js';
import { expectTemplateError, parse } from './helpers.js';

const resource = (type: string, properties = '{}') =>
  parse(`Resources:\n  R:\n    Type: ${type}\n    Properties: ${properties}\n`);

describe('requiredCapabilities', () => {
  it.each([
    ['no IAM resources', 'AWS::SNS::Topic', '{}', [], undefined],
    ['an unnamed role', 'AWS::IAM::Role', '{}', ['CAPABILITY_IAM'], '[AWS::IAM::Role]'],
    ['a named role', 'AWS::IAM::Role', '{RoleName: r}', ['CAPABILITY_NAMED_IAM'], '[AWS::IAM::Role]'],
    [
      'a role named by a Ref',
      'AWS::IAM::Role',
      '{RoleName: !Ref AWS::StackName}',
      ['CAPABILITY_NAMED_IAM'],
      '[AWS::IAM::Role]',
    ],
    [
      'a named managed policy',
      'AWS::IAM::ManagedPolicy',
      '{ManagedPolicyName: p}',
      ['CAPABILITY_NAMED_IAM'],
      '[AWS::IAM::ManagedPolicy]',
    ],
    ['a named user', 'AWS::IAM::User', '{UserName: u}', ['CAPABILITY_NAMED_IAM'], '[AWS::IAM::User]'],
    ['a named group', 'AWS::IAM::Group', '{GroupName: g}', ['CAPABILITY_NAMED_IAM'], '[AWS::IAM::Group]'],
    [
      'a named instance profile',
      'AWS::IAM::InstanceProfile',
      '{InstanceProfileName: i}',
      ['CAPABILITY_NAMED_IAM'],
      '[AWS::IAM::InstanceProfile]',
    ],
    [
      'an inline policy (named by PolicyName, still unnamed IAM)',
      'AWS::IAM::Policy',
      '{PolicyName: p}',
      ['CAPABILITY_IAM'],
      '[AWS::IAM::Policy]',
    ],
    ['an access key', 'AWS::IAM::AccessKey', '{}', ['CAPABILITY_IAM'], '[AWS::IAM::AccessKey]'],
    ['an OIDC provider (not in AWS documented list)', 'AWS::IAM::OIDCProvider', '{}', [], undefined],
  ])('%s', (_, type, properties, capabilities, types) => {
    const requirement = requiredCapabilities(resource(type, properties));
    expect(requirement.capabilities).toEqual(capabilities);
    expect(requirement.reason).toBe(types && `The following resource(s) require capabilities: ${types}`);
  });

  it('lists every IAM type once, sorted, and asks for NAMED_IAM when any is named', () => {
    const template = parse(`
Resources:
  A: {Type: AWS::IAM::Role}
  B: {Type: AWS::IAM::Policy, Properties: {PolicyName: x}}
  C: {Type: AWS::IAM::Role, Properties: {RoleName: named}}
  D: {Type: AWS::Lambda::Function}
`);
    expect(requiredCapabilities(template)).toEqual({
      capabilities: ['CAPABILITY_NAMED_IAM'],
      reason: 'The following resource(s) require capabilities: [AWS::IAM::Policy, AWS::IAM::Role]',
    });
  });
});

describe('checkCapabilities', () => {
  const unnamed = resource('AWS::IAM::Role');
  const named = resource('AWS::IAM::Role', '{RoleName: r}');
  const macro = parse('Transform: MyMacro\nResources:\n  R: {Type: AWS::SNS::Topic}\n');

  it.each([
    ['unnamed IAM with CAPABILITY_IAM', unnamed, ['CAPABILITY_IAM']],
    ['unnamed IAM with CAPABILITY_NAMED_IAM', unnamed, ['CAPABILITY_NAMED_IAM']],
    ['named IAM with CAPABILITY_NAMED_IAM', named, ['CAPABILITY_NAMED_IAM', 'CAPABILITY_IAM']],
    ['a macro with CAPABILITY_AUTO_EXPAND', macro, ['CAPABILITY_AUTO_EXPAND']],
  ])('accepts %s', (_, template, granted) => {
    expect(() => checkCapabilities(template, granted)).not.toThrow();
  });

  it.each([
    ['unnamed IAM without capabilities', unnamed, [], 'Requires capabilities : [CAPABILITY_IAM]'],
    [
      'named IAM with only CAPABILITY_IAM',
      named,
      ['CAPABILITY_IAM'],
      'Requires capabilities : [CAPABILITY_NAMED_IAM]',
    ],
    [
      'a macro without CAPABILITY_AUTO_EXPAND',
      macro,
      ['CAPABILITY_IAM'],
      'Requires capabilities : [CAPABILITY_AUTO_EXPAND]',
    ],
  ])('rejects %s with InsufficientCapabilitiesException', (_, template, granted, message) => {
    expectTemplateError(
      () => checkCapabilities(template, granted),
      message,
      'InsufficientCapabilitiesException',
    );
  });
});

describe('templateSummary (GetTemplateSummary)', () => {
  it('describes parameters, resources, capabilities, version, metadata and transforms', () => {
    const template = parse(`
AWSTemplateFormatVersion: '2010-09-09'
Description: summary demo
Transform: AWS::LanguageExtensions
Metadata: {Owner: team}
Parameters:
  Env: {Type: String, Default: dev, AllowedValues: [dev, prod], Description: environment}
  Password: {Type: String, NoEcho: true}
Conditions:
  Never: !Equals [a, b]
Resources:
  Role: {Type: AWS::IAM::Role, Condition: Never}
  Topic: {Type: AWS::SNS::Topic}
  Topic2: {Type: AWS::SNS::Topic}
`);
    expect(templateSummary(template)).toEqual({
      Parameters: [
        {
          ParameterKey: 'Env',
          DefaultValue: 'dev',
          ParameterType: 'String',
          NoEcho: false,
          Description: 'environment',
          ParameterConstraints: { AllowedValues: ['dev', 'prod'] },
        },
        { ParameterKey: 'Password', ParameterType: 'String', NoEcho: true, ParameterConstraints: {} },
      ],
      Description: 'summary demo',
      Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_AUTO_EXPAND'],
      CapabilitiesReason: 'The following resource(s) require capabilities: [AWS::IAM::Role]',
      ResourceTypes: ['AWS::IAM::Role', 'AWS::SNS::Topic'],
      Version: '2010-09-09',
      Metadata: '{"Owner":"team"}',
      DeclaredTransforms: ['AWS::LanguageExtensions'],
      ResourceIdentifierSummaries: [
        { ResourceType: 'AWS::IAM::Role', LogicalResourceIds: ['Role'] },
        { ResourceType: 'AWS::SNS::Topic', LogicalResourceIds: ['Topic', 'Topic2'] },
      ],
    });
  });
});
