/**
 * Parameter Store's internal lookup, which CloudFormation uses for `AWS::SSM::Parameter::Value<…>`
 * parameters: current value and type by name, no permission check, per account and region.
 */
import { PutParameterCommand } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT, type SsmCloud, startSsmCloud, TOOLS } from './harness.js';

let t: SsmCloud;
const here = { accountId: ACCOUNT, region: 'us-east-1' };

beforeAll(async () => {
  t = await startSsmCloud();
  const ssm = t.ssm(t.root('management'));
  await ssm.send(
    new PutParameterCommand({ Name: '/cfn/ami', Value: 'ami-0123456789abcdef0', Type: 'String' }),
  );
  await ssm.send(
    new PutParameterCommand({ Name: '/cfn/ami', Value: 'ami-00000000', Type: 'String', Overwrite: true }),
  );
  await ssm.send(new PutParameterCommand({ Name: '/cfn/subnets', Value: 'a,b', Type: 'StringList' }));
  await ssm.send(new PutParameterCommand({ Name: '/cfn/secret', Value: 'hidden', Type: 'SecureString' }));
  await ssm.send(new PutParameterCommand({ Name: 'plain', Value: 'p', Type: 'String' }));
});
afterAll(() => t.close());

describe('SsmInternal.lookup', () => {
  it('returns the current type and value', () => {
    expect(t.internal.lookup(here, '/cfn/ami')).toEqual({ type: 'String', value: 'ami-00000000' });
    expect(t.internal.lookup(here, '/cfn/subnets')).toEqual({ type: 'StringList', value: 'a,b' });
    expect(t.internal.lookup(here, '/plain')).toEqual({ type: 'String', value: 'p' });
  });

  it('gives a SecureString its type, never its plaintext', () => {
    const found = t.internal.lookup(here, '/cfn/secret');
    expect(found?.type).toBe('SecureString');
    expect(found?.value).not.toContain('hidden');
  });

  it('finds nothing for missing or malformed names, or in another account or region', () => {
    expect(t.internal.lookup(here, '/cfn/none')).toBeUndefined();
    expect(t.internal.lookup(here, 'not a name')).toBeUndefined();
    expect(t.internal.lookup({ accountId: TOOLS, region: 'us-east-1' }, '/cfn/ami')).toBeUndefined();
    expect(t.internal.lookup({ accountId: ACCOUNT, region: 'eu-west-1' }, '/cfn/ami')).toBeUndefined();
  });
});
