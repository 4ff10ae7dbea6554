import { describe, expect, it } from 'vitest';
import {
  checkExportChanges,
  type ExportChangeInput,
  resolveOutputs,
} from '../../../../src/local-cloud/cloudformation/template/index.js';
import { contextFor, expectTemplateError, parse } from './helpers.js';

describe('resolveOutputs', () => {
  const template = parse(`
Parameters:
  Env: {Type: String, Default: dev}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Topic: {Type: AWS::SNS::Topic}
  Queue: {Type: AWS::SQS::Queue, Condition: IsProd}
Outputs:
  TopicArn:
    Description: !Sub 'Topic of \${AWS::StackName}'
    Value: !Ref Topic
    Export: {Name: !Sub '\${AWS::StackName}-TopicArn'}
  QueueUrl:
    Condition: IsProd
    Value: !Ref Queue
  Count:
    Value: 3
  Zones:
    Value: !Join [',', !GetAZs '']
`);

  it('resolves values, descriptions and export names, skipping outputs whose condition is false', () => {
    expect(resolveOutputs(template, contextFor(template))).toEqual([
      {
        OutputKey: 'TopicArn',
        OutputValue: 'phys-Topic',
        Description: 'Topic of demo',
        ExportName: 'demo-TopicArn',
      },
      { OutputKey: 'Count', OutputValue: '3' },
      { OutputKey: 'Zones', OutputValue: 'eu-west-1a,eu-west-1b,eu-west-1c' },
    ]);
    expect(
      resolveOutputs(template, contextFor(template, { given: { Env: 'prod' } })).map((o) => o.OutputKey),
    ).toEqual(['TopicArn', 'QueueUrl', 'Count', 'Zones']);
  });

  it('rejects an output that is a list, and reports missing resources in the Outputs block', () => {
    const listOutput = parse(
      'Resources:\n  T: {Type: AWS::SNS::Topic}\nOutputs:\n  Z:\n    Value: !GetAZs ""\n',
    );
    expectTemplateError(
      () => resolveOutputs(listOutput, contextFor(listOutput)),
      'Template error: the Value field of every Outputs member must evaluate to a String, not a list or object (Z)',
    );
    expectTemplateError(
      () => resolveOutputs(template, contextFor(template, { overrides: { ref: () => undefined } })),
      'Unresolved resource dependencies [Topic] in the Outputs block of the template',
    );
  });
});

describe('checkExportChanges', () => {
  const base: ExportChangeInput = {
    stackName: 'network',
    before: { 'network-vpc': 'vpc-1', 'network-subnets': 's-1,s-2' },
    after: { 'network-vpc': 'vpc-1', 'network-subnets': 's-1,s-2' },
    exportedByOthers: { 'app-url': 'app' },
    importers: { 'network-vpc': ['app', 'db'] },
  };

  it('accepts unchanged or unimported exports', () => {
    expect(() => checkExportChanges(base)).not.toThrow();
    expect(() => checkExportChanges({ ...base, after: { 'network-vpc': 'vpc-1' } })).not.toThrow();
    expect(() => checkExportChanges({ ...base, after: { ...base.after, 'network-new': 'x' } })).not.toThrow();
  });

  it.each<[string, Partial<ExportChangeInput>, string]>([
    [
      'a name another stack exports',
      { after: { ...base.after, 'app-url': 'x' } },
      'Export with name app-url is already exported by stack app',
    ],
    [
      'removing an imported export',
      { after: { 'network-subnets': 's-1,s-2' } },
      'Export network-vpc cannot be deleted as it is in use by app, db',
    ],
    ['deleting the stack', { after: {} }, 'Export network-vpc cannot be deleted as it is in use by app, db'],
    [
      'changing an imported value',
      { after: { ...base.after, 'network-vpc': 'vpc-2' } },
      'Export network-vpc cannot be updated as it is in use by app, db',
    ],
  ])('rejects %s', (_, change, message) => {
    expectTemplateError(() => checkExportChanges({ ...base, ...change }), message);
  });
});
