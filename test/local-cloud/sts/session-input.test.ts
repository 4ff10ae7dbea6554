import { describe, expect, it } from 'vitest';
import { QueryParams } from '../../../src/local-cloud/http/index.js';
import { readAssumeRoleInput } from '../../../src/local-cloud/services/sts/assume-role-input.js';
import { resolveSessionTags } from '../../../src/local-cloud/services/sts/session-tags.js';

const params = (entries: Record<string, string>) => new QueryParams(Object.entries(entries));
const base = { RoleArn: 'arn:aws:iam::111111111111:role/Deploy', RoleSessionName: 'ci' };

describe('readAssumeRoleInput', () => {
  it('reads every parameter', () => {
    const input = readAssumeRoleInput(
      params({
        ...base,
        DurationSeconds: '1800',
        ExternalId: 'ext-1',
        'PolicyArns.member.1.arn': 'arn:aws:iam::aws:policy/ReadOnlyAccess',
        'Tags.member.1.Key': 'team',
        'Tags.member.1.Value': 'a',
        'TransitiveTagKeys.member.1': 'team',
      }),
    );
    expect(input).toEqual({
      ...{ roleArn: base.RoleArn, roleSessionName: 'ci' },
      durationSeconds: 1800,
      externalId: 'ext-1',
      policy: undefined,
      policyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
      tags: { team: 'a' },
      transitiveTagKeys: ['team'],
    });
  });

  it('rejects what STS rejects', () => {
    const bad = (extra: Record<string, string>) => () => readAssumeRoleInput(params({ ...base, ...extra }));
    expect(() => readAssumeRoleInput(params({ RoleSessionName: 'ci' }))).toThrow(/Value null at 'roleArn'/);
    expect(bad({ DurationSeconds: '43201' })).toThrow(/less than or equal to 43200/);
    expect(bad({ ExternalId: 'x' })).toThrow(/'externalId'/);
    expect(
      bad({
        'Tags.member.1.Key': 'Team',
        'Tags.member.1.Value': 'a',
        'Tags.member.2.Key': 'team',
        'Tags.member.2.Value': 'b',
      }),
    ).toThrow(/Duplicate tag keys/);
    expect(
      bad({ 'Tags.member.1.Key': 'a', 'Tags.member.1.Value': 'b', 'TransitiveTagKeys.member.1': 'c' }),
    ).toThrow(/transitive tag key c/);
    expect(bad({ Policy: 'not json' })).toThrow(expect.objectContaining({ code: 'MalformedPolicyDocument' }));
  });
});

describe('resolveSessionTags', () => {
  it('puts session tags over role tags, regardless of key case', () => {
    const tags = resolveSessionTags({
      roleTags: { Team: 'platform', cost: 'shared' },
      requested: { team: 'payments' },
      requestedTransitiveKeys: [],
    });
    expect(tags.principalTags).toEqual({ cost: 'shared', team: 'payments' });
    expect(tags.transitiveTagKeys).toEqual([]);
  });

  it('inherits transitive tags from the calling session, which stay transitive', () => {
    const tags = resolveSessionTags({
      roleTags: {},
      requested: { stage: 'deploy' },
      requestedTransitiveKeys: ['stage'],
      callerSession: { sessionTags: { team: 'payments', other: 'x' }, transitiveTagKeys: ['team'] },
    });
    expect(tags.sessionTags).toEqual({ team: 'payments', stage: 'deploy' });
    expect(tags.transitiveTagKeys).toEqual(['team', 'stage']);
    expect(() =>
      resolveSessionTags({
        roleTags: {},
        requested: { TEAM: 'other' },
        requestedTransitiveKeys: [],
        callerSession: { sessionTags: { team: 'payments' }, transitiveTagKeys: ['team'] },
      }),
    ).toThrow(/cannot override a transitive tag/);
  });
});
