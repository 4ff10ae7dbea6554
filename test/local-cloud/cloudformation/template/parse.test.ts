// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these are CloudFormation Fn::Sub strings, not JS templates.
import { describe, expect, it } from 'vitest';
import { parseTemplate, TemplateLimits } from '../../../../src/local-cloud/cloudformation/template/index.js';
import { expectTemplateError, parse, yamlTemplate } from './helpers.js';

/** The Properties of resource R in a YAML template whose resource R has these properties. */
function properties(yaml: string): unknown {
  const body = `Resources:\n  R:\n    Type: AWS::SNS::Topic\n    Properties:\n${yaml.replace(/^/gm, '      ')}\n`;
  return parse(body).resources.R!.properties;
}

describe('parseTemplate: YAML short-form tags become long forms', () => {
  it.each([
    ['X: !Ref Bucket', { X: { Ref: 'Bucket' } }],
    ['X: !GetAtt Role.Arn', { X: { 'Fn::GetAtt': ['Role', 'Arn'] } }],
    ['X: !GetAtt Child.Outputs.Name', { X: { 'Fn::GetAtt': ['Child', 'Outputs.Name'] } }],
    ['X: !GetAtt [Role, Arn]', { X: { 'Fn::GetAtt': ['Role', 'Arn'] } }],
    ["X: !Sub '${AWS::Region}-x'", { X: { 'Fn::Sub': '${AWS::Region}-x' } }],
    ["X: !Sub ['${a}', {a: b}]", { X: { 'Fn::Sub': ['${a}', { a: 'b' }] } }],
    ["X: !Join [',', [a, b]]", { X: { 'Fn::Join': [',', ['a', 'b']] } }],
    ['X: !Select [1, [a, b]]', { X: { 'Fn::Select': [1, ['a', 'b']] } }],
    ["X: !Split [',', 'a,b']", { X: { 'Fn::Split': [',', 'a,b'] } }],
    ['X: !If [C, a, b]', { X: { 'Fn::If': ['C', 'a', 'b'] } }],
    ['X: !Equals [a, b]', { X: { 'Fn::Equals': ['a', 'b'] } }],
    ['X: !And [!Condition A, !Condition B]', { X: { 'Fn::And': [{ Condition: 'A' }, { Condition: 'B' }] } }],
    ['X: !Or [!Condition A, !Condition B]', { X: { 'Fn::Or': [{ Condition: 'A' }, { Condition: 'B' }] } }],
    ['X: !Not [!Condition A]', { X: { 'Fn::Not': [{ Condition: 'A' }] } }],
    ['X: !FindInMap [M, k, v]', { X: { 'Fn::FindInMap': ['M', 'k', 'v'] } }],
    ["X: !GetAZs ''", { X: { 'Fn::GetAZs': '' } }],
    ['X: !GetAZs', { X: { 'Fn::GetAZs': '' } }],
    ['X: !GetAZs eu-west-1', { X: { 'Fn::GetAZs': 'eu-west-1' } }],
    ['X: !Base64 hello', { X: { 'Fn::Base64': 'hello' } }],
    ["X: !Cidr ['10.0.0.0/16', 4, 8]", { X: { 'Fn::Cidr': ['10.0.0.0/16', 4, 8] } }],
    ['X: !ImportValue shared-vpc', { X: { 'Fn::ImportValue': 'shared-vpc' } }],
    ['X: !Condition IsProd', { X: { Condition: 'IsProd' } }],
    ['X: !Length [a, b]', { X: { 'Fn::Length': ['a', 'b'] } }],
    ['X: !ToJsonString {a: 1}', { X: { 'Fn::ToJsonString': { a: 1 } } }],
    ['X: !Transform {Name: AWS::Include}', { X: { 'Fn::Transform': { Name: 'AWS::Include' } } }],
  ])('%s', (yaml, expected) => {
    expect(properties(yaml)).toEqual(expected);
  });

  it('nests tags: !Sub inside !Join inside !If', () => {
    const yaml = [
      'X: !If',
      '  - IsProd',
      "  - !Join ['', ['arn:', !Sub '${AWS::Partition}:s3:::', !Ref Bucket, !Select [0, !GetAZs '']]]",
      '  - !Ref AWS::NoValue',
    ].join('\n');
    expect(properties(yaml)).toEqual({
      X: {
        'Fn::If': [
          'IsProd',
          {
            'Fn::Join': [
              '',
              [
                'arn:',
                { 'Fn::Sub': '${AWS::Partition}:s3:::' },
                { Ref: 'Bucket' },
                { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] },
              ],
            ],
          },
          { Ref: 'AWS::NoValue' },
        ],
      },
    });
  });

  it('reads YAML with the core schema: dates and yes/no stay strings', () => {
    const template = parse(
      'AWSTemplateFormatVersion: 2010-09-09\nResources:\n  R:\n    Type: T::T::T\n    Properties:\n      A: yes\n      B: 2024-01-02\n',
    );
    expect(template.formatVersion).toBe('2010-09-09');
    expect(template.resources.R!.properties).toEqual({ A: 'yes', B: '2024-01-02' });
  });

  it('reads JSON with the same model', () => {
    const json = JSON.stringify({
      Parameters: { Env: { Type: 'String', Default: 3, AllowedValues: [1, 2, 3], NoEcho: 'true' } },
      Resources: {
        Topic: { Type: 'AWS::SNS::Topic', DependsOn: 'Other' },
        Other: { Type: 'AWS::SNS::Topic' },
      },
      Outputs: { Name: { Value: { Ref: 'Topic' }, Export: { Name: 'x' } } },
    });
    const template = parseTemplate(`  \n${json}`);
    expect(template.parameters.Env).toEqual({
      type: 'String',
      default: '3',
      allowedValues: ['1', '2', '3'],
      noEcho: true,
    });
    expect(template.resources.Topic!.dependsOn).toEqual(['Other']);
    expect(template.outputs.Name).toEqual({ value: { Ref: 'Topic' }, exportName: 'x' });
  });

  it('records transforms, metadata, rules and conditions', () => {
    const template = parse(
      yamlTemplate(
        'Transform: [AWS::LanguageExtensions, {Name: AWS::Include, Parameters: {Location: s3://b/k}}]\nMetadata: {a: 1}\nRules: {R: {Assertions: []}}\nConditions:\n  C: !Equals [a, a]',
      ),
    );
    expect(template.transforms).toEqual(['AWS::LanguageExtensions', 'AWS::Include']);
    expect(template.metadata).toEqual({ a: 1 });
    expect(template.rules).toEqual({ R: { Assertions: [] } });
    expect(template.conditions).toEqual({ C: { 'Fn::Equals': ['a', 'a'] } });
  });
});

describe('parseTemplate: format errors worded as CloudFormation', () => {
  const resources = 'Resources:\n  R:\n    Type: AWS::SNS::Topic\n';
  it.each([
    [
      'JSON with a syntax error',
      '{"this is invalid JSON"="bobbins"}',
      'Template format error: JSON not well-formed. (line 1, column 25)',
    ],
    [
      'JSON cut short on line 3',
      '{\n  "Resources": {\n    "R": ',
      'Template format error: JSON not well-formed. (line 3, column 11)',
    ],
    [
      'YAML with a bad indent',
      'Resources:\n  R:\n    Type: a\n   Bad: b\n',
      'Template format error: YAML not well-formed. (line 4, column 4)',
    ],
    [
      'YAML with an unknown tag',
      'Resources: !Foo x\n',
      'Template format error: YAML not well-formed. (line 1, column 18)',
    ],
    ['a body that is a list', '- a\n- b\n', 'Template format error: unsupported structure.'],
    ['a body that is a string', 'just text', 'Template format error: unsupported structure.'],
    [
      'an unknown section',
      `Foo: 1\nBar: 2\n${resources}`,
      'Invalid template property or properties [Foo, Bar]',
    ],
    [
      'no Resources',
      'Description: x\n',
      'Template format error: At least one Resources member must be defined.',
    ],
    [
      'empty Resources',
      'Resources: {}\n',
      'Template format error: At least one Resources member must be defined.',
    ],
    [
      'a resource without Type',
      'Resources:\n  A:\n    Properties: {}\n',
      'Template format error: [/Resources/A] Every Resources object must contain a Type member.',
    ],
    [
      'a resource that is not an object',
      'Resources:\n  A: x\n',
      'Template format error: Any Resources member must be an object.',
    ],
    [
      'a non-alphanumeric logical ID',
      'Resources:\n  my-bucket:\n    Type: AWS::S3::Bucket\n',
      'Template format error: Resource name my-bucket is non alphanumeric.',
    ],
    [
      'an unknown resource attribute',
      'Resources:\n  A:\n    Type: X::Y::Z\n    Invalid: 1\n',
      "Invalid template resource property 'Invalid'",
    ],
    [
      'a bad DependsOn',
      'Resources:\n  A:\n    Type: X::Y::Z\n    DependsOn: {x: 1}\n',
      'Template format error: [/Resources/A/DependsOn] DependsOn must be a string or list of strings.',
    ],
    [
      'a non-string Condition',
      'Resources:\n  A:\n    Type: X::Y::Z\n    Condition: [a]\n',
      'Template format error: Every Condition member must be a string.',
    ],
    [
      'a bad DeletionPolicy',
      'Resources:\n  A:\n    Type: X::Y::Z\n    DeletionPolicy: Keep\n',
      'Template format error: Unrecognized DeletionPolicy Keep for resource A',
    ],
    [
      'an unsupported format version',
      `AWSTemplateFormatVersion: '2011-01-01'\n${resources}`,
      'Template format error: Unsupported AWSTemplateFormatVersion: 2011-01-01',
    ],
    [
      'a description over 1024 characters',
      `Description: ${'x'.repeat(1025)}\n${resources}`,
      "Template format error: 'Description' length is greater than 1024.",
    ],
    [
      'a parameter without Type',
      `Parameters:\n  P: {Default: x}\n${resources}`,
      'Template format error: [/Parameters/P] Every Parameters object must contain a Type member.',
    ],
    [
      'an unknown parameter type',
      `Parameters:\n  P: {Type: Strin}\n${resources}`,
      'Template format error: Unrecognized parameter type: Strin',
    ],
    [
      'an unknown parameter attribute',
      `Parameters:\n  P: {Type: String, Foo: 1}\n${resources}`,
      "Invalid template parameter property 'Foo'",
    ],
    [
      'a non-alphanumeric parameter',
      `Parameters:\n  my_param: {Type: String}\n${resources}`,
      'Template format error: Parameter name my_param is non alphanumeric.',
    ],
    [
      'AllowedValues not a list',
      `Parameters:\n  P: {Type: String, AllowedValues: a}\n${resources}`,
      'Template format error: [/Parameters/P/AllowedValues] must be a list.',
    ],
    [
      'MinLength not a number',
      `Parameters:\n  P: {Type: String, MinLength: x}\n${resources}`,
      'Template format error: [/Parameters/P/MinLength] must be a number.',
    ],
    [
      'a mapping that is not a map',
      `Mappings:\n  A: x\n${resources}`,
      'Template format error: Every Mappings member A must be a map',
    ],
    [
      'a mapping key that is not a map',
      `Mappings:\n  M:\n    A: suffix-a\n${resources}`,
      'Template format error: Every Mappings member A must be a map',
    ],
    [
      'a mapping value with a Ref',
      `Mappings:\n  M:\n    A: {B: !Ref X}\n${resources}`,
      'Template format error: Every Mappings attribute must be a String or a List.',
    ],
    [
      'a mapping nested three deep',
      `Mappings:\n  M:\n    A: {B: {C: d}}\n${resources}`,
      'Template format error: Every Mappings attribute must be a String or a List.',
    ],
    [
      'an output without Value',
      `${resources}Outputs:\n  O: {Description: x}\n`,
      'Template format error: Every Outputs member must contain a Value object',
    ],
    [
      'an output with a null Value',
      `${resources}Outputs:\n  MyOutput: {Value: null}\n`,
      "[/Outputs/MyOutput/Value] 'null' values are not allowed in templates",
    ],
    [
      'an unknown output attribute',
      `${resources}Outputs:\n  O: {Value: x, Count: 2}\n`,
      'Template format error: Invalid outputs property : [Count].',
    ],
    [
      'an export without a name',
      `${resources}Outputs:\n  O: {Value: x, Export: {}}\n`,
      'Template format error: Output O is malformed.  The Name field of every Export member must be specified and consist only of alphanumeric characters, colons, or hyphens.',
    ],
    [
      'a ForEach loop',
      'Resources:\n  Fn::ForEach::Topics: [T, [a], {}]\n',
      'Template format error: /Resources/Fn::ForEach::Topics: Fn::ForEach is not supported by the local cloud. Expand the loop before deploying.',
    ],
  ])('%s', (_, body, message) => {
    expectTemplateError(() => parse(body), message);
  });
});

describe('parseTemplate: limits', () => {
  const resourcesYaml = (count: number) =>
    `Resources:\n${Array.from({ length: count }, (_, i) => `  R${i}:\n    Type: AWS::SNS::Topic\n`).join('')}`;

  it('accepts 500 resources, 200 parameters and 200 outputs', () => {
    const parameters = `Parameters:\n${Array.from({ length: 200 }, (_, i) => `  P${i}: {Type: String, Default: x}\n`).join('')}`;
    const outputs = `Outputs:\n${Array.from({ length: 200 }, (_, i) => `  O${i}: {Value: x}\n`).join('')}`;
    const template = parseTemplate(`${parameters}${resourcesYaml(500)}${outputs}`, { source: 'url' });
    expect(Object.keys(template.resources)).toHaveLength(500);
  });

  it.each([
    [
      '501 resources',
      resourcesYaml(501),
      'Template format error: Number of resources, 501, is greater than maximum allowed, 500',
    ],
    [
      '201 parameters',
      `Parameters:\n${Array.from({ length: 201 }, (_, i) => `  P${i}: {Type: String}\n`).join('')}${resourcesYaml(1)}`,
      'Template format error: Parameter count 201 is greater than max allowed 200',
    ],
    [
      '201 outputs',
      `${resourcesYaml(1)}Outputs:\n${Array.from({ length: 201 }, (_, i) => `  O${i}: {Value: x}\n`).join('')}`,
      'Template format error: Outputs count 201 is greater than max allowed 200',
    ],
  ])('rejects %s', (_, body, message) => {
    expectTemplateError(() => parseTemplate(body, { source: 'url' }), message);
  });

  it('limits an inline body to 51,200 bytes and echoes it, as AWS does', () => {
    const body = `Description: ${'é'.repeat(25_600)}\n`;
    expect(Buffer.byteLength(body)).toBeGreaterThan(TemplateLimits.maxInlineBodyBytes);
    expectTemplateError(
      () => parseTemplate(body),
      `1 validation error detected: Value '${body}' at 'templateBody' failed to satisfy constraint: Member must have length less than or equal to 51200`,
    );
  });

  it('allows a large body from a URL up to 1,000,000 bytes', () => {
    const padding = `Metadata:\n  Pad: ${'x'.repeat(60_000)}\n`;
    expect(
      parseTemplate(`${padding}Resources:\n  R:\n    Type: AWS::SNS::Topic\n`, { source: 'url' }).metadata,
    ).toBeDefined();
    expectTemplateError(
      () => parseTemplate(`${'#'.repeat(1_000_001)}\n`, { source: 'url' }),
      'Template format error: Template may not exceed 1000000 bytes in size.',
    );
  });

  it('takes the size limit as an option', () => {
    expectTemplateError(
      () => parseTemplate('Resources:\n  R:\n    Type: AWS::SNS::Topic\n', { maxBytes: 10 }),
      "1 validation error detected: Value 'Resources:\n  R:\n    Type: AWS::SNS::Topic\n' at 'templateBody' failed to satisfy constraint: Member must have length less than or equal to 10",
    );
  });
});
