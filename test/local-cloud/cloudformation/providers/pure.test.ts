import { describe, expect, it } from 'vitest';
import { providerError } from '../../../../src/local-cloud/cloudformation/providers/errors.js';
import {
  builtinProviders,
  ProviderError,
} from '../../../../src/local-cloud/cloudformation/providers/index.js';
import { generatedName } from '../../../../src/local-cloud/cloudformation/providers/names.js';
import type { ProviderContext } from '../../../../src/local-cloud/cloudformation/providers/types.js';

const ctx = (over: Partial<ProviderContext> = {}): ProviderContext => ({
  endpoint: 'http://127.0.0.1:1',
  region: 'us-east-1',
  accountId: '111111111111',
  partition: 'aws',
  stackId: 'arn:aws:cloudformation:us-east-1:111111111111:stack/s/1',
  stackName: 's',
  logicalId: 'Role',
  credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
  now: () => new Date('2026-01-01T00:00:00Z'),
  ...over,
});

describe('generated names', () => {
  it('is reproducible for one operation and differs for another time or resource', () => {
    const a = generatedName(ctx(), { maxLength: 64 });
    expect(a).toMatch(/^s-Role-[A-Z0-9]{12}$/);
    expect(generatedName(ctx(), { maxLength: 64 })).toBe(a);
    expect(generatedName(ctx({ now: () => new Date('2026-01-02T00:00:00Z') }), { maxLength: 64 })).not.toBe(
      a,
    );
    expect(generatedName(ctx({ logicalId: 'Other' }), { maxLength: 64 }).slice(-12)).not.toBe(a.slice(-12));
  });

  it('shortens long stack names and logical IDs to the limit, and lowercases on request', () => {
    const long = ctx({ stackName: 'S'.repeat(80), logicalId: 'L'.repeat(80) });
    const name = generatedName(long, { maxLength: 64 });
    expect(name).toHaveLength(64);
    expect(name).toMatch(/^S{25}-L{25}-[A-Z0-9]{12}$/);
    const short = generatedName(ctx({ stackName: 'S'.repeat(80), logicalId: 'Fn' }), {
      maxLength: 63,
      lowercase: true,
    });
    expect(short).toMatch(/^s{47}-fn-[a-z0-9]{12}$/);
  });
});

describe('provider errors', () => {
  it("formats an SDK failure as CloudFormation's status reason", () => {
    const err = providerError(
      Object.assign(new Error('User: x is not authorized to perform: iam:CreateRole on resource: y'), {
        name: 'AccessDenied',
        $metadata: { httpStatusCode: 403, requestId: 'req-1' },
      }),
      'Iam',
    );
    expect(err).toBeInstanceOf(ProviderError);
    expect(err.code).toBe('AccessDenied');
    expect(err.message).toBe(
      'User: x is not authorized to perform: iam:CreateRole on resource: y (Service: Iam, Status Code: 403, Request ID: req-1)',
    );
    const own = new ProviderError('plain');
    expect(providerError(own, 'Iam')).toBe(own);
  });
});

describe('builtinProviders', () => {
  it('serves the supported types, each under its own type', () => {
    const providers = builtinProviders();
    expect([...providers.keys()].sort()).toEqual([
      'AWS::CodeBuild::Project',
      'AWS::CodePipeline::Pipeline',
      'AWS::CodeStarConnections::Connection',
      'AWS::CodeStarNotifications::NotificationRule',
      'AWS::Config::ConfigRule',
      'AWS::Events::Rule',
      'AWS::IAM::ManagedPolicy',
      'AWS::IAM::Policy',
      'AWS::IAM::Role',
      'AWS::KMS::Alias',
      'AWS::KMS::Key',
      'AWS::Lambda::Alias',
      'AWS::Lambda::Function',
      'AWS::Lambda::Permission',
      'AWS::Lambda::Version',
      'AWS::Logs::LogGroup',
      'AWS::S3::Bucket',
      'AWS::S3::BucketPolicy',
      'AWS::SNS::Subscription',
      'AWS::SNS::Topic',
      'AWS::SNS::TopicPolicy',
      'AWS::SSM::Parameter',
    ]);
    for (const [type, provider] of providers) expect(provider.type).toBe(type);
  });
});
