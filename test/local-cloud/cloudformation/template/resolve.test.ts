// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these are CloudFormation Fn::Sub strings, not JS templates.
import { describe, expect, it } from 'vitest';
import {
  resolve,
  resolveResource,
  type TemplateValue,
} from '../../../../src/local-cloud/cloudformation/template/index.js';
import { contextFor, expectTemplateError, parse } from './helpers.js';

const TEMPLATE = parse(`
Parameters:
  Env: {Type: String, Default: prod}
  Names: {Type: CommaDelimitedList, Default: 'a, b ,c'}
  Ports: {Type: List<Number>, Default: '80,443'}
  Count: {Type: Number, Default: 3}
Mappings:
  Regions:
    eu-west-1: {Ami: ami-eu, Zones: [z1, z2]}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Not [!Condition IsProd]
Resources:
  Bucket:
    Type: AWS::S3::Bucket
  Role:
    Type: AWS::IAM::Role
`);

const context = contextFor(TEMPLATE);
const value = (v: TemplateValue) => resolve(v, context);

describe('resolve: each intrinsic function', () => {
  it.each<[string, TemplateValue, TemplateValue | undefined]>([
    ['Ref of a String parameter', { Ref: 'Env' }, 'prod'],
    ['Ref of a CommaDelimitedList (members trimmed)', { Ref: 'Names' }, ['a', 'b', 'c']],
    ['Ref of a List<Number>', { Ref: 'Ports' }, ['80', '443']],
    ['Ref of a Number (a string, as on AWS)', { Ref: 'Count' }, '3'],
    ['Ref of a resource (physical ID from the callback)', { Ref: 'Bucket' }, 'phys-Bucket'],
    ['Ref of AWS::AccountId', { Ref: 'AWS::AccountId' }, '123456789012'],
    ['Ref of AWS::Region', { Ref: 'AWS::Region' }, 'eu-west-1'],
    ['Ref of AWS::StackName', { Ref: 'AWS::StackName' }, 'demo'],
    [
      'Ref of AWS::StackId',
      { Ref: 'AWS::StackId' },
      'arn:aws:cloudformation:eu-west-1:123456789012:stack/demo/1',
    ],
    ['Ref of AWS::Partition', { Ref: 'AWS::Partition' }, 'aws'],
    ['Ref of AWS::URLSuffix', { Ref: 'AWS::URLSuffix' }, 'amazonaws.com'],
    [
      'Ref of AWS::NotificationARNs',
      { Ref: 'AWS::NotificationARNs' },
      ['arn:aws:sns:eu-west-1:123456789012:n'],
    ],
    ['Ref of AWS::NoValue at the top', { Ref: 'AWS::NoValue' }, undefined],
    ['Fn::GetAtt list form', { 'Fn::GetAtt': ['Role', 'Arn'] }, 'Role.Arn-value'],
    ['Fn::GetAtt dotted form', { 'Fn::GetAtt': 'Role.Arn' }, 'Role.Arn-value'],
    ['Fn::GetAtt with a Ref as the attribute', { 'Fn::GetAtt': ['Role', { Ref: 'Env' }] }, 'Role.prod-value'],
    ['Fn::Join', { 'Fn::Join': ['-', ['a', { Ref: 'Env' }, 3]] }, 'a-prod-3'],
    ['Fn::Join of a list parameter', { 'Fn::Join': ['|', { Ref: 'Names' }] }, 'a|b|c'],
    ['Fn::Join of an empty list', { 'Fn::Join': [',', []] }, ''],
    ['Fn::Select with a numeric index', { 'Fn::Select': [1, ['x', 'y']] }, 'y'],
    ['Fn::Select with a string index', { 'Fn::Select': ['0', { Ref: 'Names' }] }, 'a'],
    ['Fn::Select of Fn::GetAZs', { 'Fn::Select': [2, { 'Fn::GetAZs': '' }] }, 'eu-west-1c'],
    ['Fn::Split', { 'Fn::Split': [',', 'a,b,,c'] }, ['a', 'b', '', 'c']],
    ['Fn::Split of a Sub', { 'Fn::Split': ['-', { 'Fn::Sub': '${AWS::Region}' }] }, ['eu', 'west', '1']],
    ['Fn::FindInMap (string)', { 'Fn::FindInMap': ['Regions', { Ref: 'AWS::Region' }, 'Ami'] }, 'ami-eu'],
    ['Fn::FindInMap (list)', { 'Fn::FindInMap': ['Regions', 'eu-west-1', 'Zones'] }, ['z1', 'z2']],
    [
      'Fn::FindInMap with DefaultValue',
      { 'Fn::FindInMap': ['Regions', 'us-east-1', 'Ami', { DefaultValue: 'ami-default' }] },
      'ami-default',
    ],
    ['Fn::GetAZs of the stack region', { 'Fn::GetAZs': '' }, ['eu-west-1a', 'eu-west-1b', 'eu-west-1c']],
    [
      'Fn::GetAZs of a named region',
      { 'Fn::GetAZs': 'us-east-1' },
      ['us-east-1a', 'us-east-1b', 'us-east-1c'],
    ],
    [
      'Fn::GetAZs of Ref AWS::Region',
      { 'Fn::GetAZs': { Ref: 'AWS::Region' } },
      ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
    ],
    ['Fn::Base64', { 'Fn::Base64': 'héllo' }, Buffer.from('héllo').toString('base64')],
    [
      'Fn::Base64 of a Sub',
      { 'Fn::Base64': { 'Fn::Sub': '#!/bin/sh\necho ${Env}' } },
      Buffer.from('#!/bin/sh\necho prod').toString('base64'),
    ],
    ['Fn::Cidr', { 'Fn::Cidr': ['10.0.0.0/16', 3, 8] }, ['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24']],
    [
      'Fn::Cidr with string arguments',
      { 'Fn::Cidr': ['192.168.0.0/24', '2', '5'] },
      ['192.168.0.0/27', '192.168.0.32/27'],
    ],
    ['Fn::ImportValue', { 'Fn::ImportValue': 'shared-vpc' }, 'vpc-123'],
    ['Fn::Length', { 'Fn::Length': { Ref: 'Names' } }, 3],
    ['Fn::Length of a literal list', { 'Fn::Length': ['a', { Ref: 'AWS::NoValue' }, 'b'] }, 2],
    [
      'Fn::ToJsonString',
      { 'Fn::ToJsonString': { a: { Ref: 'Env' }, b: [1, true] } },
      '{"a":"prod","b":[1,true]}',
    ],
    ['Fn::If true branch', { 'Fn::If': ['IsProd', 'big', 'small'] }, 'big'],
    ['Fn::If false branch', { 'Fn::If': ['IsDev', 'big', 'small'] }, 'small'],
    ['Fn::Equals (used outside Conditions)', { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] }, true],
    [
      'nested functions',
      {
        'Fn::Join': [
          '',
          [{ 'Fn::Select': [0, { 'Fn::Split': ['.', { 'Fn::GetAtt': ['Role', 'Arn'] }] }] }, '!'],
        ],
      },
      'Role!',
    ],
  ])('%s', (_, input, expected) => {
    expect(value(input)).toEqual(expected);
  });

  it('Fn::ImportValue of a computed export name', () => {
    const ctx = contextFor(TEMPLATE, { overrides: { importValue: (name) => `imported:${name}` } });
    expect(resolve({ 'Fn::ImportValue': { 'Fn::Sub': 'shared-${Env}' } }, ctx)).toBe('imported:shared-prod');
  });
});

describe('resolve: Fn::Sub', () => {
  it.each<[string, TemplateValue, string]>([
    ['a parameter', { 'Fn::Sub': 'env=${Env}' }, 'env=prod'],
    ['a resource (its physical ID)', { 'Fn::Sub': 'bucket=${Bucket}' }, 'bucket=phys-Bucket'],
    ['a resource attribute', { 'Fn::Sub': 'role=${Role.Arn}' }, 'role=Role.Arn-value'],
    [
      'pseudo parameters',
      { 'Fn::Sub': 'arn:${AWS::Partition}:s3:${AWS::Region}:${AWS::AccountId}' },
      'arn:aws:s3:eu-west-1:123456789012',
    ],
    ['a literal ${!Name}', { 'Fn::Sub': 'keep ${!Literal} and ${Env}' }, 'keep ${Literal} and prod'],
    ['a $ without braces and an unclosed ${', { 'Fn::Sub': 'cost $5 ${unclosed' }, 'cost $5 ${unclosed'],
    ['spaces inside the braces', { 'Fn::Sub': '${ Env }' }, 'prod'],
    [
      'the variable-map form',
      { 'Fn::Sub': ['${a}-${b}-${Env}', { a: 'x', b: { Ref: 'Bucket' } }] },
      'x-phys-Bucket-prod',
    ],
    ['a map variable shadowing a parameter', { 'Fn::Sub': ['${Env}', { Env: 'shadow' }] }, 'shadow'],
    [
      'a map variable from a nested Sub',
      { 'Fn::Sub': ['${a}', { a: { 'Fn::Sub': '${AWS::Region}!' } }] },
      'eu-west-1!',
    ],
    ['a number in the map', { 'Fn::Sub': ['${n}', { n: 5 }] }, '5'],
  ])('%s', (_, input, expected) => {
    expect(value(input)).toBe(expected);
  });
});

describe('resolve: AWS::NoValue removes the property or list element', () => {
  it('removes map keys and list elements, at any depth', () => {
    const input: TemplateValue = {
      Keep: 'x',
      Drop: { Ref: 'AWS::NoValue' },
      DropIf: { 'Fn::If': ['IsDev', 'dev-only', { Ref: 'AWS::NoValue' }] },
      List: ['a', { Ref: 'AWS::NoValue' }, { 'Fn::If': ['IsProd', { Ref: 'AWS::NoValue' }, 'b'] }, 'c'],
      Nested: { Deeper: [{ Name: { Ref: 'AWS::NoValue' }, Value: 1 }] },
      JoinList: { 'Fn::Join': [',', ['a', { 'Fn::If': ['IsDev', 'b', { Ref: 'AWS::NoValue' }] }, 'c']] },
    };
    expect(value(input)).toEqual({
      Keep: 'x',
      List: ['a', 'c'],
      Nested: { Deeper: [{ Value: 1 }] },
      JoinList: 'a,c',
    });
  });

  it('resolveResource drops a property whose Fn::If picks AWS::NoValue', () => {
    const template = parse(`
Conditions:
  Never: !Equals [a, b]
Resources:
  Topic:
    Type: AWS::SNS::Topic
    DeletionPolicy: !If [Never, Delete, Retain]
    Properties:
      TopicName: !If [Never, named, !Ref AWS::NoValue]
      Tags:
        - {Key: a, Value: !Sub '\${AWS::StackName}'}
        - !If [Never, {Key: b, Value: c}, !Ref AWS::NoValue]
`);
    expect(resolveResource(template, 'Topic', contextFor(template))).toEqual({
      logicalId: 'Topic',
      type: 'AWS::SNS::Topic',
      properties: { Tags: [{ Key: 'a', Value: 'demo' }] },
      deletionPolicy: 'Retain',
      updateReplacePolicy: 'Delete',
    });
  });
});

describe('resolve: errors worded as CloudFormation', () => {
  it.each<[string, TemplateValue, string]>([
    ['Ref of a list', { Ref: ['a'] }, 'Template error: every Ref object must have a single String value.'],
    [
      'Ref of an unknown name',
      { Ref: 'Nope' },
      'Template format error: Unresolved resource dependencies [Nope] in the Resources block of the template',
    ],
    [
      'GetAtt of an unknown resource',
      { 'Fn::GetAtt': ['Nope', 'Arn'] },
      'Template error: instance of Fn::GetAtt references undefined resource Nope',
    ],
    [
      'GetAtt with one element',
      { 'Fn::GetAtt': ['Role'] },
      'Template error: every Fn::GetAtt object requires two non-empty parameters, the resource name and the resource attribute',
    ],
    [
      'Join with one argument',
      { 'Fn::Join': [','] },
      'Template error: every Fn::Join object requires two parameters, (1) a string delimiter and (2) a list of strings to be joined or a function that returns a list of strings (such as Fn::GetAZs) to be joined.',
    ],
    [
      'Join of a string',
      { 'Fn::Join': [',', 'abc'] },
      'Template error: every Fn::Join object requires two parameters, (1) a string delimiter and (2) a list of strings to be joined or a function that returns a list of strings (such as Fn::GetAZs) to be joined.',
    ],
    [
      'Join of objects',
      { 'Fn::Join': [',', [{ a: 1 }]] },
      'Template error: every Fn::Join object requires two parameters, (1) a string delimiter and (2) a list of strings to be joined or a function that returns a list of strings (such as Fn::GetAZs) to be joined.',
    ],
    [
      'Select past the end',
      { 'Fn::Select': [5, { 'Fn::GetAZs': '' }] },
      'Template error: Fn::Select cannot select nonexistent value at index 5',
    ],
    [
      'Select with a bad index',
      { 'Fn::Select': ['x', ['a']] },
      'Template error: Fn::Select requires a list argument with two elements: an integer index and a list',
    ],
    [
      'Select with three arguments',
      { 'Fn::Select': [0, ['a'], 1] },
      'Template error: Fn::Select requires a list argument with two elements: an integer index and a list',
    ],
    [
      'Split of a list',
      { 'Fn::Split': [',', ['a']] },
      'Template error: every Fn::Split object requires two parameters, (1) a string delimiter and (2) a string to be split or a function that returns a string to be split.',
    ],
    [
      'FindInMap with two arguments',
      { 'Fn::FindInMap': ['Regions', 'eu-west-1'] },
      'Template error: every Fn::FindInMap object requires three parameters, the map name, map key and the attribute for return value',
    ],
    [
      'FindInMap of a missing key',
      { 'Fn::FindInMap': ['Regions', 'us-east-1', 'Ami'] },
      'Template error: Unable to get mapping for Regions::us-east-1::Ami',
    ],
    [
      'FindInMap of a missing map',
      { 'Fn::FindInMap': ['Nope', 'a', 'b'] },
      'Template error: Unable to get mapping for Nope::a::b',
    ],
    [
      'Sub of a number',
      { 'Fn::Sub': 5 },
      "Template error: One or more Fn::Sub intrinsic functions don't specify expected arguments. Specify a string as first argument, and an optional second argument to specify a mapping of values to replace in the string",
    ],
    [
      'Sub with a list variable map',
      { 'Fn::Sub': ['${a}', ['x']] },
      "Template error: One or more Fn::Sub intrinsic functions don't specify expected arguments. Specify a string as first argument, and an optional second argument to specify a mapping of values to replace in the string",
    ],
    [
      'Sub with a list variable value',
      { 'Fn::Sub': ['${a}', { a: ['x'] }] },
      'Template error: every value of the context object of every Fn::Sub object must be a string or a function that returns a string',
    ],
    [
      'Sub with a bad variable name',
      { 'Fn::Sub': '${my-var}' },
      'Template error: variable names in Fn::Sub syntax must contain only alphanumeric characters, underscores, periods, and colons',
    ],
    [
      'Sub of an unknown variable',
      { 'Fn::Sub': '${aws:InstanceId}' },
      'Template format error: Unresolved resource dependencies [aws:InstanceId] in the Resources block of the template',
    ],
    [
      'Sub of a list parameter',
      { 'Fn::Sub': '${Names}' },
      'Template error: variable Names in Fn::Sub expression does not resolve to a string',
    ],
    [
      'If with two elements',
      { 'Fn::If': ['IsProd', 'a'] },
      'Template error: Fn::If requires a list argument with three elements',
    ],
    [
      'If with a function as condition',
      { 'Fn::If': [{ Ref: 'Env' }, 'a', 'b'] },
      'Template error: Fn::If requires a list argument with the first element being a condition',
    ],
    [
      'If with an unknown condition',
      { 'Fn::If': ['MissingCondition', 'a', 'b'] },
      'Template error: unresolved condition dependency MissingCondition in Fn::If',
    ],
    [
      'Equals with one argument',
      { 'Fn::Equals': ['a'] },
      'Template error: every Fn::Equals object requires a list of 2 string parameters.',
    ],
    [
      'Equals of a list',
      { 'Fn::Equals': [{ Ref: 'Names' }, ''] },
      'Template error: every Fn::Equals object requires a list of 2 string parameters.',
    ],
    [
      'And with one condition',
      { 'Fn::And': [{ Condition: 'IsProd' }] },
      'Template error: every Fn::And object requires a list of atleast 2 and atmost 10 boolean parameters.',
    ],
    [
      'Or with eleven conditions',
      { 'Fn::Or': Array(11).fill({ Condition: 'IsProd' }) },
      'Template error: every Fn::Or object requires a list of atleast 2 and atmost 10 boolean parameters.',
    ],
    [
      'Condition of an unknown name',
      { 'Fn::Not': [{ Condition: 'Nope' }] },
      'Template format error: Condition Nope is not defined.',
    ],
    ['ImportValue of a missing export', { 'Fn::ImportValue': 'nope' }, 'No export named nope found'],
    [
      'Cidr with two arguments',
      { 'Fn::Cidr': ['10.0.0.0/16', 2] },
      'Template error: every Fn::Cidr object requires three parameters, (1) an IP address block in CIDR notation, (2) the count of subnets to generate (1-256) and (3) the number of subnet bits.',
    ],
    [
      'Length of a string',
      { 'Fn::Length': 'abc' },
      'Template error: Fn::Length requires a list argument or a function that returns a list.',
    ],
    [
      'ToJsonString of a string',
      { 'Fn::ToJsonString': 'abc' },
      'Template error: Fn::ToJsonString requires an object or list argument.',
    ],
    [
      'Transform',
      { 'Fn::Transform': { Name: 'AWS::Include', Parameters: {} } },
      'Template format error: Transform [AWS::Include] is not supported by the local cloud: it does not run CloudFormation macros (AWS::Serverless, AWS::Include or account macros). Deploy the processed template instead.',
    ],
  ])('%s', (_, input, message) => {
    expectTemplateError(() => value(input), message);
  });

  it('a ForEach loop in properties is refused with the reason', () => {
    expectTemplateError(
      () => value({ 'Fn::ForEach::Tags': ['T', ['a'], { Key: '&{T}' }] }),
      'Template format error: Fn::ForEach::Tags: Fn::ForEach is not supported by the local cloud. Expand the loop before deploying.',
    );
  });

  it('an unknown Fn:: function lists the supported ones', () => {
    expect(() => value({ 'Fn::Foo': 'x' })).toThrow(
      /^Template format error: Encountered unsupported function: Fn::Foo Supported functions are: \[Fn::Base64, .*Ref.*\]$/,
    );
  });

  it('reports a Ref of a not-yet-created resource as unresolved, in the block being resolved', () => {
    const pending = contextFor(TEMPLATE, { overrides: { ref: () => undefined, getAtt: () => undefined } });
    expectTemplateError(
      () => resolve({ Ref: 'Bucket' }, pending),
      'Template format error: Unresolved resource dependencies [Bucket] in the Resources block of the template',
    );
    expectTemplateError(
      () => resolve({ Ref: 'Bucket' }, { ...pending, block: 'Outputs' }),
      'Unresolved resource dependencies [Bucket] in the Outputs block of the template',
    );
    expectTemplateError(
      () => resolve({ 'Fn::GetAtt': ['Role', 'Arn'] }, pending),
      'Template format error: Unresolved resource dependencies [Role] in the Resources block of the template',
    );
  });

  it('reports an attribute the provider does not answer', () => {
    const ctx = contextFor(TEMPLATE, { overrides: { getAtt: () => undefined } });
    expectTemplateError(
      () => resolve({ 'Fn::GetAtt': ['Role', 'Nope'] }, ctx),
      'Template error: resource Role does not support attribute type Nope in Fn::GetAtt',
    );
  });

  it('treats { Condition: … } in properties as data (an IAM statement key), not a function', () => {
    expect(
      value({ Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } }),
    ).toEqual({
      Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
    });
  });
});
