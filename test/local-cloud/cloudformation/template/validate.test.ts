import { describe, expect, it } from 'vitest';
import { validateTemplate } from '../../../../src/local-cloud/cloudformation/template/index.js';
import { expectTemplateError, parse } from './helpers.js';

const validate = (body: string) => validateTemplate(parse(body));

describe('validateTemplate: the ValidateTemplate answer', () => {
  it('lists parameters, description, capabilities and transforms', () => {
    const result = validate(`
Description: demo stack
Transform: AWS::LanguageExtensions
Parameters:
  Name: {Type: String, Description: the name}
  Secret: {Type: String, NoEcho: true, Default: s3cret}
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
      Tags: [{Key: n, Value: !Ref Name}]
`);
    expect(result).toEqual({
      Description: 'demo stack',
      Parameters: [
        { ParameterKey: 'Name', NoEcho: false, Description: 'the name' },
        { ParameterKey: 'Secret', NoEcho: true, DefaultValue: 's3cret' },
      ],
      Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_AUTO_EXPAND'],
      CapabilitiesReason: 'The following resource(s) require capabilities: [AWS::IAM::Role]',
      DeclaredTransforms: ['AWS::LanguageExtensions'],
    });
  });

  it('accepts conditional references that name existing things', () => {
    const result = validate(`
Parameters:
  Env: {Type: String, AllowedValues: [dev, prod]}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Condition: IsProd
  Topic:
    Type: AWS::SNS::Topic
    DependsOn: [Queue]
    Properties:
      TopicName: !If [IsProd, !GetAtt Queue.QueueName, !Ref AWS::NoValue]
      DisplayName: !Sub ['\${Prefix}-\${AWS::StackName}', {Prefix: !Ref Env}]
Outputs:
  TopicArn:
    Value: !Ref Topic
    Export: {Name: !Sub '\${AWS::StackName}-topic'}
  QueueUrl:
    Condition: IsProd
    Value: !Ref Queue
`);
    expect(result.Capabilities).toEqual([]);
  });
});

describe('validateTemplate: errors worded as CloudFormation', () => {
  const bucket = '  Bucket:\n    Type: AWS::S3::Bucket\n';
  it.each([
    [
      'a Ref to nothing',
      `Resources:\n${bucket}  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Ref VpcID\n      DisplayName: !Ref Other\n`,
      'Template format error: Unresolved resource dependencies [Other, VpcID] in the Resources block of the template',
    ],
    [
      'a Sub variable naming nothing',
      `Resources:\n${bucket}  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Sub '\${aws:InstanceId}'\n`,
      'Template format error: Unresolved resource dependencies [aws:InstanceId] in the Resources block of the template',
    ],
    [
      'a DependsOn naming nothing',
      `Resources:\n${bucket}  Topic:\n    Type: AWS::SNS::Topic\n    DependsOn: [Bucket, Missing]\n`,
      'Template format error: Unresolved resource dependencies [Missing] in the Resources block of the template',
    ],
    [
      'a GetAtt of nothing',
      `Resources:\n${bucket}  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !GetAtt Database.Endpoint.Address\n`,
      'Template error: instance of Fn::GetAtt references undefined resource Database',
    ],
    [
      'a GetAtt of a parameter',
      `Parameters:\n  P: {Type: String}\nResources:\n${bucket}  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !GetAtt P.Value\n`,
      'Template error: instance of Fn::GetAtt references undefined resource P',
    ],
    [
      'an output Ref to nothing',
      `Resources:\n${bucket}Outputs:\n  O:\n    Value: !Ref AWS::Stage\n`,
      'Unresolved resource dependencies [AWS::Stage] in the Outputs block of the template',
    ],
    [
      'an output GetAtt of nothing',
      `Resources:\n${bucket}Outputs:\n  DBDNS:\n    Value: !GetAtt Database.Endpoint.Address\n`,
      'Template error: instance of Fn::GetAtt references undefined resource Database',
    ],
    [
      'a resource with an undefined condition',
      `Resources:\n  Listener:\n    Type: AWS::ElasticLoadBalancingV2::Listener\n    Condition: ListenForHttps\n`,
      'Template format error: Condition ListenForHttps is not defined.',
    ],
    [
      'an output with an undefined condition',
      `Resources:\n${bucket}Outputs:\n  O:\n    Condition: Nope\n    Value: x\n`,
      'Template format error: Condition Nope is not defined.',
    ],
    [
      'an Fn::If with an undefined condition',
      `Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !If [MissingCondition, a, b]\n`,
      'Template error: unresolved condition dependency MissingCondition in Fn::If',
    ],
    [
      'a condition referencing a resource',
      `Conditions:\n  cCreate: !Equals [!FindInMap [myMap, !Ref myInstance1, instance], 'true']\nResources:\n  myInstance1:\n    Type: AWS::EC2::Instance\n    Condition: cCreate\n`,
      'Template format error: Unresolved dependencies [myInstance1]. Cannot reference resources in the Conditions block of the template',
    ],
    [
      'a condition referencing an undeclared parameter',
      `Conditions:\n  Big: !Equals [!Ref WebInstanceType, large]\nResources:\n${bucket}`,
      'Template format error: Unresolved dependencies [WebInstanceType]. Cannot reference resources in the Conditions block of the template',
    ],
    [
      'a condition naming an undefined condition',
      `Conditions:\n  A: !Not [!Condition Missing]\nResources:\n${bucket}`,
      'Template format error: Condition Missing is not defined.',
    ],
    [
      'conditions in a cycle',
      `Conditions:\n  A: !And [!Condition B, !Condition C]\n  B: !Not [!Condition C]\n  C: !Not [!Condition A]\nResources:\n${bucket}`,
      'Template format error: Circular dependency between conditions: [A, B, C]',
    ],
    [
      'a condition that is not a condition function',
      `Conditions:\n  A: 'true'\nResources:\n${bucket}`,
      'Template format error: Conditions can only be boolean operations on parameters and other conditions (A)',
    ],
    [
      'a malformed Join',
      `Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Join ['', ',', a]\n`,
      'Template error: every Fn::Join object requires two parameters, (1) a string delimiter and (2) a list of strings to be joined or a function that returns a list of strings (such as Fn::GetAZs) to be joined.',
    ],
    [
      'a malformed FindInMap',
      `Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !FindInMap [A, !If [C, a, b]]\n`,
      'Template error: every Fn::FindInMap object requires three parameters, the map name, map key and the attribute for return value',
    ],
    [
      'a malformed If',
      `Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      ImageId: !If [!Ref ConditionToUse, a, b]\n`,
      'Template error: Fn::If requires a list argument with the first element being a condition',
    ],
    [
      'a malformed Sub',
      `Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Sub [a, b, c]\n`,
      "Template error: One or more Fn::Sub intrinsic functions don't specify expected arguments. Specify a string as first argument, and an optional second argument to specify a mapping of values to replace in the string",
    ],
    [
      'an Or of eleven conditions',
      `Conditions:\n  A: !Equals [a, a]\n  B: !Or [${Array(11).fill('!Condition A').join(', ')}]\nResources:\n${bucket}`,
      'Template error: every Fn::Or object requires a list of atleast 2 and atmost 10 boolean parameters.',
    ],
    [
      'an export name depending on a resource',
      `Resources:\n  VPC:\n    Type: AWS::EC2::VPC\nOutputs:\n  PrivateSubnetIds:\n    Value: x\n    Export:\n      Name: !Sub '\${AWS::StackName}-\${VPC}-PrivateSubnetIds'\n`,
      'Template format error: Output PrivateSubnetIds is malformed.  The Name field of Export must not depend on any resources, imported values, or Fn::GetAZs.',
    ],
    [
      'an export name depending on an import',
      `Resources:\n${bucket}Outputs:\n  O:\n    Value: x\n    Export:\n      Name: !ImportValue other\n`,
      'Template format error: Output O is malformed.  The Name field of Export must not depend on any resources, imported values, or Fn::GetAZs.',
    ],
    [
      'a SAM transform',
      `Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n`,
      'Template format error: Transform [AWS::Serverless-2016-10-31] is not supported by the local cloud: it does not run CloudFormation macros (AWS::Serverless, AWS::Include or account macros). Deploy the processed template instead.',
    ],
    [
      'an Fn::Transform in properties',
      `Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      Fn::Transform: {Name: AWS::Include, Parameters: {Location: s3://b/k}}\n`,
      'Template format error: Transform [AWS::Include] is not supported by the local cloud: it does not run CloudFormation macros (AWS::Serverless, AWS::Include or account macros). Deploy the processed template instead.',
    ],
    [
      'two resources referring to each other',
      `Resources:\n  SecurityGroupA:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: !Ref SecurityGroupB\n  SecurityGroupB:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: !GetAtt SecurityGroupA.GroupId\n`,
      'Circular dependency between resources: [SecurityGroupA, SecurityGroupB]',
    ],
  ])('%s', (_, body, message) => {
    expectTemplateError(() => validate(body), message);
  });
});
