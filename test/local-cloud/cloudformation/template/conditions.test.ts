import { describe, expect, it } from 'vitest';
import {
  evaluateConditions,
  resolveParameters,
} from '../../../../src/local-cloud/cloudformation/template/index.js';
import { expectTemplateError, PSEUDO, parse, yamlTemplate } from './helpers.js';

function conditionsOf(sections: string, given: Record<string, string> = {}) {
  const template = parse(yamlTemplate(sections));
  const parameters = resolveParameters({ template, given }).values;
  return evaluateConditions(template, { parameters, pseudo: PSEUDO });
}

describe('evaluateConditions', () => {
  it('evaluates Equals / And / Or / Not / Condition over parameters, pseudo parameters and mappings', () => {
    const conditions = conditionsOf(
      `Parameters:
  Env: {Type: String, Default: prod}
  Count: {Type: Number, Default: 3}
  Zones: {Type: CommaDelimitedList, Default: 'a,b'}
Mappings:
  Settings:
    eu-west-1: {Big: 'true'}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Not [!Condition IsProd]
  InEurope: !Equals [!Select [0, !Split ['-', !Ref 'AWS::Region']], eu]
  ProdInEurope: !And [!Condition IsProd, !Condition InEurope]
  DevOrEurope: !Or [!Condition IsDev, !Condition InEurope]
  CountIsThree: !Equals [!Ref Count, 3]
  BigFromMap: !Equals [!FindInMap [Settings, !Ref 'AWS::Region', Big], 'true']
  TwoZones: !Equals [!Join [',', !Ref Zones], 'a,b']
  Later: !Not [!Condition Earlier]
  Earlier: !Equals [a, b]
  Nested: !And [!Or [!Condition IsDev, !Not [!Condition IsDev]], !Condition IsProd]`,
    );
    expect(conditions).toEqual({
      IsProd: true,
      IsDev: false,
      InEurope: true,
      ProdInEurope: true,
      DevOrEurope: true,
      CountIsThree: true,
      BigFromMap: true,
      TwoZones: true,
      Later: true,
      Earlier: false,
      Nested: true,
    });
  });

  it('changes with the given parameter values', () => {
    const sections = 'Parameters:\n  Env: {Type: String}\nConditions:\n  IsProd: !Equals [!Ref Env, prod]';
    expect(conditionsOf(sections, { Env: 'prod' }).IsProd).toBe(true);
    expect(conditionsOf(sections, { Env: 'dev' }).IsProd).toBe(false);
  });

  it.each([
    [
      'a reference to a resource',
      'Conditions:\n  C: !Equals [!Ref Bucket, x]',
      'Template format error: Unresolved dependencies [Bucket]. Cannot reference resources in the Conditions block of the template',
    ],
    [
      'a GetAtt of a resource',
      'Conditions:\n  C: !Equals [!GetAtt Bucket.Arn, x]',
      'Template format error: Unresolved dependencies [Bucket]. Cannot reference resources in the Conditions block of the template',
    ],
    [
      'an unknown condition',
      'Conditions:\n  C: !Not [!Condition Nope]',
      'Template format error: Condition Nope is not defined.',
    ],
    [
      'a cycle',
      'Conditions:\n  A: !Not [!Condition B]\n  B: !Not [!Condition A]',
      'Template format error: Circular dependency between conditions: [A, B]',
    ],
    [
      'a malformed Equals',
      'Conditions:\n  C: !Equals [a]',
      'Template error: every Fn::Equals object requires a list of 2 string parameters.',
    ],
  ])('rejects %s', (_, sections, message) => {
    expectTemplateError(() => conditionsOf(sections), message);
  });
});
