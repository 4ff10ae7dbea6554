import { describe, expect, it } from 'vitest';
import { parseFunctionRef } from '../../../../src/local-cloud/services/lambda/names.js';
import { policyDocument, statementFrom } from '../../../../src/local-cloud/services/lambda/policy.js';
import { checkEnvironment, checkRuntime } from '../../../../src/local-cloud/services/lambda/validation.js';

const where = { accountId: '111111111111', region: 'us-east-1' };

describe('function names', () => {
  it('reads names, partial ARNs and full ARNs with qualifiers', () => {
    expect(parseFunctionRef('fn', where)).toEqual({ ...where, name: 'fn' });
    expect(parseFunctionRef('fn:live', where)).toEqual({ ...where, name: 'fn', qualifier: 'live' });
    expect(parseFunctionRef('222222222222:function:fn', where)).toEqual({
      region: 'us-east-1',
      accountId: '222222222222',
      name: 'fn',
    });
    expect(parseFunctionRef('arn:aws:lambda:eu-west-1:222222222222:function:fn:3', where)).toEqual({
      region: 'eu-west-1',
      accountId: '222222222222',
      name: 'fn',
      qualifier: '3',
    });
    expect(parseFunctionRef('fn', where, '$LATEST').qualifier).toBe('$LATEST');
  });

  it('rejects long names and conflicting qualifiers', () => {
    expect(() => parseFunctionRef('a'.repeat(65), where)).toThrow(/functionName/);
    expect(() => parseFunctionRef('fn:1', where, '2')).toThrow(/does not match the specified qualifier/);
  });
});

describe('permission statements', () => {
  it('turns AddPermission input into the statement Lambda stores', () => {
    const statement = statementFrom(
      {
        StatementId: 'events',
        Action: 'lambda:InvokeFunction',
        Principal: 'events.amazonaws.com',
        SourceArn: 'arn:aws:events:us-east-1:111111111111:rule/r',
        SourceAccount: '111111111111',
      },
      'arn:aws:lambda:us-east-1:111111111111:function:fn',
    );
    expect(statement.Condition).toEqual({
      StringEquals: { 'AWS:SourceAccount': '111111111111' },
      ArnLike: { 'AWS:SourceArn': 'arn:aws:events:us-east-1:111111111111:rule/r' },
    });
    expect(
      statementFrom({ StatementId: 'a', Action: 'lambda:*', Principal: '222222222222' }, 'r').Principal,
    ).toEqual({
      AWS: 'arn:aws:iam::222222222222:root',
    });
    expect(JSON.parse(policyDocument([statement]))).toEqual({
      Version: '2012-10-17',
      Id: 'default',
      Statement: [statement],
    });
    expect(() => statementFrom({ StatementId: 'bad sid', Action: 'lambda:*', Principal: '*' }, 'r')).toThrow(
      /statementId/,
    );
  });
});

describe('configuration checks', () => {
  it('accepts current runtimes and rejects deprecated and unknown ones', () => {
    expect(checkRuntime('python3.13')).toBe('python3.13');
    expect(() => checkRuntime('python3.8')).toThrow(/no longer supported/);
    expect(() => checkRuntime('cobol')).toThrow(/enum value set/);
  });

  it('rejects reserved environment keys', () => {
    expect(checkEnvironment({ Variables: { TABLE: 't' } })).toEqual({ TABLE: 't' });
    expect(() => checkEnvironment({ Variables: { AWS_ACCESS_KEY_ID: 'x' } })).toThrow(/AWS_ACCESS_KEY_ID/);
  });
});
