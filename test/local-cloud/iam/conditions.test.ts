// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${...}` here are IAM policy variables, not template literals.
import { describe, expect, it } from 'vitest';
import { parseDate, parseOperator } from '../../../src/local-cloud/iam/index.js';
import { ACCOUNT, conditionHolds, ORG_ID, roleSession } from './fixtures.js';

describe('condition operator names', () => {
  it('reads set qualifiers and IfExists, case-insensitively', () => {
    const op = parseOperator('forAnyValue:stringlikeIFEXISTS');
    expect(op?.base.name).toBe('StringLike');
    expect(op?.set).toBe('ForAnyValue');
    expect(op?.ifExists).toBe(true);
  });

  it.each(['StringEqualz', 'NullIfExists', 'ForSomeValues:StringEquals', 'IfExists', ''])(
    'rejects %s',
    (name) => {
      expect(parseOperator(name)).toBeUndefined();
    },
  );
});

describe('String operators', () => {
  it('StringEquals is case-sensitive on values, case-insensitive on key names', () => {
    expect(
      conditionHolds({ StringEquals: { 'AWS:principalORGID': ORG_ID } }, {}, roleSession({ orgId: ORG_ID })),
    ).toBe(true);
    expect(
      conditionHolds(
        { StringEquals: { 'aws:PrincipalOrgID': 'O-A1B2C3D4E5' } },
        {},
        roleSession({ orgId: ORG_ID }),
      ),
    ).toBe(false);
  });

  it('several values for one key are ORed', () => {
    const c = { StringEquals: { 'aws:PrincipalAccount': ['999999999999', ACCOUNT] } };
    expect(conditionHolds(c)).toBe(true);
  });

  it('several keys under one operator are ANDed', () => {
    const c = { StringEquals: { 'aws:PrincipalAccount': ACCOUNT, 'aws:PrincipalOrgID': ORG_ID } };
    expect(conditionHolds(c, {}, roleSession({ orgId: ORG_ID }))).toBe(true);
    expect(conditionHolds(c, {}, roleSession())).toBe(false);
  });

  it('several operators are ANDed', () => {
    const c = {
      StringEquals: { 'aws:PrincipalAccount': ACCOUNT },
      Bool: { 'aws:SecureTransport': 'true' },
    };
    expect(conditionHolds(c, { 'aws:SecureTransport': true })).toBe(true);
    expect(conditionHolds(c, { 'aws:SecureTransport': false })).toBe(false);
  });

  it('StringNotEquals with several values: the request value must match none', () => {
    const c = { StringNotEquals: { 'aws:PrincipalAccount': ['999999999999', ACCOUNT] } };
    expect(conditionHolds(c)).toBe(false);
    expect(conditionHolds({ StringNotEquals: { 'aws:PrincipalAccount': ['999999999999'] } })).toBe(true);
  });

  it('StringEqualsIgnoreCase / StringNotEqualsIgnoreCase ignore case', () => {
    expect(
      conditionHolds(
        { StringEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'PLATFORM' } },
        {},
        roleSession({ tags: { team: 'platform' } }),
      ),
    ).toBe(true);
    expect(
      conditionHolds(
        { StringNotEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'PLATFORM' } },
        {},
        roleSession({ tags: { team: 'platform' } }),
      ),
    ).toBe(false);
  });

  it('StringLike takes * and ? wildcards, case-sensitively', () => {
    const p = roleSession({ role: 'fleetpipe-deploy' });
    expect(
      conditionHolds({ StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/fleetpipe-*' } }, {}, p),
    ).toBe(true);
    expect(
      conditionHolds({ StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/FLEETPIPE-*' } }, {}, p),
    ).toBe(false);
    expect(conditionHolds({ StringLike: { 's3:prefix': 'home/?' } }, { 's3:prefix': 'home/a' })).toBe(true);
    expect(conditionHolds({ StringLike: { 's3:prefix': 'home/?' } }, { 's3:prefix': 'home/ab' })).toBe(false);
  });

  it('StringEquals treats * literally', () => {
    expect(conditionHolds({ StringEquals: { 's3:prefix': 'home/*' } }, { 's3:prefix': 'home/a' })).toBe(
      false,
    );
    expect(conditionHolds({ StringEquals: { 's3:prefix': 'home/*' } }, { 's3:prefix': 'home/*' })).toBe(true);
  });

  it('StringNotLike', () => {
    expect(conditionHolds({ StringNotLike: { 's3:prefix': 'secret/*' } }, { 's3:prefix': 'public/x' })).toBe(
      true,
    );
    expect(conditionHolds({ StringNotLike: { 's3:prefix': 'secret/*' } }, { 's3:prefix': 'secret/x' })).toBe(
      false,
    );
  });

  it('an empty string is a value like any other for plain operators', () => {
    expect(conditionHolds({ StringLike: { 's3:prefix': ['', 'home/'] } }, { 's3:prefix': '' })).toBe(true);
  });
});

describe('missing keys', () => {
  it('a positive operator is false when the key is absent', () => {
    expect(conditionHolds({ StringEquals: { 'aws:PrincipalTag/team': 'x' } })).toBe(false);
    expect(conditionHolds({ NumericLessThan: { 's3:max-keys': '10' } })).toBe(false);
    expect(conditionHolds({ Bool: { 'aws:MultiFactorAuthPresent': 'false' } })).toBe(false);
    expect(conditionHolds({ IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } })).toBe(false);
    expect(conditionHolds({ ArnLike: { 'aws:SourceArn': '*' } })).toBe(false);
    expect(conditionHolds({ DateGreaterThan: { 'aws:TokenIssueTime': '2020-01-01T00:00:00Z' } })).toBe(false);
  });

  it('a negated operator is true when the key is absent', () => {
    expect(conditionHolds({ StringNotEquals: { 'aws:PrincipalTag/team': 'x' } })).toBe(true);
    expect(conditionHolds({ StringNotLike: { 'aws:SourceVpce': 'vpce-*' } })).toBe(true);
    expect(conditionHolds({ ArnNotLike: { 'aws:SourceArn': 'arn:aws:sns:*:*:x' } })).toBe(true);
    expect(conditionHolds({ ArnNotEquals: { 'aws:SourceArn': 'arn:aws:sns:*:*:x' } })).toBe(true);
    expect(conditionHolds({ NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } })).toBe(true);
    expect(conditionHolds({ NumericNotEquals: { 's3:max-keys': '10' } })).toBe(true);
    expect(conditionHolds({ DateNotEquals: { 'aws:CurrentTime': '2020-01-01' } })).toBe(true);
    expect(conditionHolds({ StringNotEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'x' } })).toBe(true);
  });

  it('...IfExists is true when the key is absent and tests the value when present', () => {
    const c = { StringLikeIfExists: { 'ec2:InstanceType': ['t1.*', 't2.*', 'm3.*'] } };
    expect(conditionHolds(c)).toBe(true);
    expect(conditionHolds(c, { 'ec2:InstanceType': 't2.micro' })).toBe(true);
    expect(conditionHolds(c, { 'ec2:InstanceType': 'c5.large' })).toBe(false);
  });

  it('an explicitly undefined context key counts as absent', () => {
    expect(
      conditionHolds({ Null: { 'aws:TokenIssueTime': 'true' } }, { 'aws:TokenIssueTime': undefined }),
    ).toBe(true);
  });
});

describe('Null', () => {
  it('"true" holds when the key is absent, "false" when present', () => {
    expect(conditionHolds({ Null: { 'aws:TokenIssueTime': 'true' } })).toBe(true);
    expect(
      conditionHolds(
        { Null: { 'aws:TokenIssueTime': 'true' } },
        { 'aws:TokenIssueTime': '2024-01-01T00:00:00Z' },
      ),
    ).toBe(false);
    expect(
      conditionHolds(
        { Null: { 'aws:TokenIssueTime': false } },
        { 'aws:TokenIssueTime': '2024-01-01T00:00:00Z' },
      ),
    ).toBe(true);
    expect(conditionHolds({ Null: { 'aws:TokenIssueTime': 'false' } })).toBe(false);
  });

  it('an empty multivalued key counts as absent', () => {
    expect(conditionHolds({ Null: { 'aws:TagKeys': 'true' } }, { 'aws:TagKeys': [] })).toBe(true);
  });
});

describe('Numeric operators', () => {
  it.each([
    ['NumericEquals', '10', '10', true],
    ['NumericEquals', '10', '10.0', true],
    ['NumericEquals', '10', '11', false],
    ['NumericNotEquals', '10', '11', true],
    ['NumericLessThan', '10', '9', true],
    ['NumericLessThan', '10', '10', false],
    ['NumericLessThanEquals', '10', '10', true],
    ['NumericGreaterThan', '10', '10.5', true],
    ['NumericGreaterThanEquals', '10', '9.99', false],
    ['NumericLessThan', '10', 'ten', false],
  ])('%s %s vs request %s → %s', (op, policyValue, requestValue, expected) => {
    expect(conditionHolds({ [op]: { 's3:max-keys': policyValue } }, { 's3:max-keys': requestValue })).toBe(
      expected,
    );
  });

  it('accepts JSON numbers in the policy and in the context', () => {
    expect(conditionHolds({ NumericLessThanEquals: { 's3:max-keys': 10 } }, { 's3:max-keys': 7 })).toBe(true);
  });
});

describe('Date operators', () => {
  it('reads ISO 8601 (UTC by default) and epoch seconds', () => {
    expect(parseDate('2020-01-01T00:00:00Z')).toBe(Date.UTC(2020, 0, 1));
    expect(parseDate('2020-01-01T00:00:00')).toBe(Date.UTC(2020, 0, 1));
    expect(parseDate('2020-01-01')).toBe(Date.UTC(2020, 0, 1));
    expect(parseDate('2020-01-01T02:00:00+02:00')).toBe(Date.UTC(2020, 0, 1));
    expect(parseDate('1577836800')).toBe(Date.UTC(2020, 0, 1));
    expect(Number.isNaN(parseDate('January 1st'))).toBe(true);
  });

  it.each([
    ['DateLessThan', '2030-01-01T00:00:00Z', '2024-06-01T12:00:00Z', true],
    ['DateLessThan', '2020-01-01T00:00:00Z', '2024-06-01T12:00:00Z', false],
    ['DateGreaterThan', '2020-01-01T00:00:01Z', '2024-06-01T12:00:00Z', true],
    ['DateGreaterThanEquals', '2024-06-01T12:00:00Z', '2024-06-01T12:00:00Z', true],
    ['DateLessThanEquals', '2024-06-01T12:00:00Z', '2024-06-01T12:00:01Z', false],
    ['DateEquals', '2024-06-01T12:00:00Z', '1717243200', true],
    ['DateNotEquals', '2024-06-01T12:00:00Z', '1717243200', false],
    ['DateEquals', '1717243200', '2024-06-01T14:00:00+02:00', true],
  ])('%s %s vs request %s → %s', (op, policyValue, requestValue, expected) => {
    expect(
      conditionHolds({ [op]: { 'aws:CurrentTime': policyValue } }, { 'aws:CurrentTime': requestValue }),
    ).toBe(expected);
  });
});

describe('Bool', () => {
  it('compares true/false, from booleans or strings', () => {
    expect(
      conditionHolds({ Bool: { 'aws:SecureTransport': 'false' } }, { 'aws:SecureTransport': false }),
    ).toBe(true);
    expect(
      conditionHolds({ Bool: { 'aws:SecureTransport': 'false' } }, { 'aws:SecureTransport': 'true' }),
    ).toBe(false);
    expect(conditionHolds({ Bool: { 'aws:SecureTransport': true } }, { 'aws:SecureTransport': 'TRUE' })).toBe(
      true,
    );
  });

  it('BoolIfExists', () => {
    expect(conditionHolds({ BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } })).toBe(true);
    expect(
      conditionHolds(
        { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } },
        { 'aws:MultiFactorAuthPresent': false },
      ),
    ).toBe(false);
  });
});

describe('BinaryEquals', () => {
  it('compares the base64-decoded bytes', () => {
    const value = Buffer.from('fleetpipe').toString('base64');
    expect(conditionHolds({ BinaryEquals: { 'custom:blob': value } }, { 'custom:blob': value })).toBe(true);
    expect(
      conditionHolds(
        { BinaryEquals: { 'custom:blob': value } },
        { 'custom:blob': Buffer.from('other').toString('base64') },
      ),
    ).toBe(false);
  });
});

describe('IpAddress / NotIpAddress', () => {
  it('IPv4 ranges', () => {
    const c = { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } };
    expect(conditionHolds(c, { 'aws:SourceIp': '203.0.113.40' })).toBe(true);
    expect(conditionHolds(c, { 'aws:SourceIp': '198.51.100.1' })).toBe(false);
  });

  it('mixed IPv4 and IPv6 ranges (docs example)', () => {
    const c = { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:DB8:1234:5678::/64'] } };
    expect(conditionHolds(c, { 'aws:SourceIp': '2001:db8:1234:5678::42' })).toBe(true);
    expect(conditionHolds(c, { 'aws:SourceIp': '2001:db8:1234:9999::42' })).toBe(false);
  });

  it('NotIpAddress is true outside every range', () => {
    const c = { NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.168.0.0/16'] } };
    expect(conditionHolds(c, { 'aws:SourceIp': '203.0.113.1' })).toBe(true);
    expect(conditionHolds(c, { 'aws:SourceIp': '192.168.3.4' })).toBe(false);
  });

  it('an unreadable address or range never matches', () => {
    expect(
      conditionHolds({ IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, { 'aws:SourceIp': 'localhost' }),
    ).toBe(false);
    expect(
      conditionHolds({ IpAddress: { 'aws:SourceIp': 'nonsense' } }, { 'aws:SourceIp': '10.0.0.1' }),
    ).toBe(false);
  });
});

describe('ARN operators', () => {
  const sourceArn = `arn:aws:sns:eu-west-1:${ACCOUNT}:alerts`;

  it('ArnEquals and ArnLike behave identically', () => {
    for (const op of ['ArnEquals', 'ArnLike']) {
      expect(
        conditionHolds(
          { [op]: { 'aws:SourceArn': 'arn:aws:sns:*:*:alerts' } },
          { 'aws:SourceArn': sourceArn },
        ),
      ).toBe(true);
      expect(
        conditionHolds(
          { [op]: { 'aws:SourceArn': 'arn:aws:sns:*:*:other' } },
          { 'aws:SourceArn': sourceArn },
        ),
      ).toBe(false);
    }
  });

  it('ArnNotEquals and ArnNotLike behave identically', () => {
    for (const op of ['ArnNotEquals', 'ArnNotLike']) {
      expect(
        conditionHolds(
          { [op]: { 'aws:SourceArn': 'arn:aws:sns:*:*:alerts' } },
          { 'aws:SourceArn': sourceArn },
        ),
      ).toBe(false);
      expect(
        conditionHolds(
          { [op]: { 'aws:SourceArn': 'arn:aws:sns:*:*:other' } },
          { 'aws:SourceArn': sourceArn },
        ),
      ).toBe(true);
    }
  });

  it('aws:PrincipalArn is the role ARN of an assumed-role session, not the session ARN', () => {
    const p = roleSession({ role: 'fleetpipe-deploy', path: '/fleetpipe/' });
    expect(
      conditionHolds({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/fleetpipe/fleetpipe-*' } }, {}, p),
    ).toBe(true);
    expect(
      conditionHolds(
        { ArnLike: { 'aws:PrincipalArn': 'arn:aws:sts::*:assumed-role/fleetpipe-deploy/*' } },
        {},
        p,
      ),
    ).toBe(false);
  });
});

describe('set qualifiers', () => {
  it('ForAllValues: every request value must match a policy value', () => {
    const c = { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 'env'] } };
    expect(conditionHolds(c, { 'aws:TagKeys': ['team'] })).toBe(true);
    expect(conditionHolds(c, { 'aws:TagKeys': ['team', 'env'] })).toBe(true);
    expect(conditionHolds(c, { 'aws:TagKeys': ['team', 'owner'] })).toBe(false);
  });

  it('ForAllValues is true when the key is absent, empty, or only empty strings', () => {
    const c = { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } };
    expect(conditionHolds(c)).toBe(true);
    expect(conditionHolds(c, { 'aws:TagKeys': [] })).toBe(true);
    expect(conditionHolds(c, { 'aws:TagKeys': [''] })).toBe(true);
  });

  it('ForAnyValue: one matching request value is enough; absent or empty is false', () => {
    const c = { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['team', 'env'] } };
    expect(conditionHolds(c, { 'aws:TagKeys': ['owner', 'env'] })).toBe(true);
    expect(conditionHolds(c, { 'aws:TagKeys': ['owner'] })).toBe(false);
    expect(conditionHolds(c)).toBe(false);
    expect(conditionHolds(c, { 'aws:TagKeys': [] })).toBe(false);
  });

  it('ForAnyValue:StringLike over aws:PrincipalOrgPaths (multivalued principal key)', () => {
    const p = roleSession({ orgPaths: [`${ORG_ID}/r-ab12/ou-ab12-11111111/ou-ab12-22222222/`] });
    const c = {
      'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': [`${ORG_ID}/r-ab12/ou-ab12-11111111/*`] },
    };
    expect(conditionHolds(c, {}, p)).toBe(true);
    expect(conditionHolds(c, {}, roleSession())).toBe(false);
  });

  it('ForAllValues with a negated operator tests each value with the negation (docs DenyRestrictedTags table)', () => {
    const c = { 'ForAllValues:StringNotLike': { 'aws:TagKeys': 'key1*' } };
    expect(conditionHolds(c, { 'aws:TagKeys': ['key1:legal'] })).toBe(false);
    expect(conditionHolds(c, { 'aws:TagKeys': ['key1:hr', 'key1:personnel'] })).toBe(false);
    expect(conditionHolds(c, { 'aws:TagKeys': ['key2:audit'] })).toBe(true);
    expect(conditionHolds(c)).toBe(true);
  });

  it('ForAnyValue with a negated operator: some request value is outside the policy values', () => {
    const c = { 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': ['team'] } };
    expect(conditionHolds(c, { 'aws:TagKeys': ['team', 'owner'] })).toBe(true);
    expect(conditionHolds(c, { 'aws:TagKeys': ['team'] })).toBe(false);
  });

  it('ForAnyValue...IfExists is true when the key is absent', () => {
    expect(conditionHolds({ 'ForAnyValue:StringEqualsIfExists': { 'aws:TagKeys': 'team' } })).toBe(true);
  });

  it('without a qualifier, a multivalued key matches a positive operator when any value matches', () => {
    expect(
      conditionHolds({ StringEquals: { 'aws:TagKeys': 'team' } }, { 'aws:TagKeys': ['owner', 'team'] }),
    ).toBe(true);
    expect(
      conditionHolds({ StringNotEquals: { 'aws:TagKeys': 'team' } }, { 'aws:TagKeys': ['owner', 'team'] }),
    ).toBe(false);
  });
});

describe('policy variables in condition values', () => {
  it('String operators substitute variables', () => {
    const p = roleSession({ tags: { team: 'payments' } });
    const c = { StringEquals: { 's3:ExistingObjectTag/team': '${aws:PrincipalTag/team}' } };
    expect(conditionHolds(c, { 's3:ExistingObjectTag/team': 'payments' }, p)).toBe(true);
    expect(conditionHolds(c, { 's3:ExistingObjectTag/team': 'search' }, p)).toBe(false);
  });

  it('a variable without value: positive operators do not match, negated ones do', () => {
    const p = roleSession();
    expect(
      conditionHolds(
        { StringEquals: { 's3:ExistingObjectTag/team': '${aws:PrincipalTag/team}' } },
        { 's3:ExistingObjectTag/team': 'x' },
        p,
      ),
    ).toBe(false);
    expect(
      conditionHolds(
        { StringNotEquals: { 's3:ExistingObjectTag/team': '${aws:PrincipalTag/team}' } },
        { 's3:ExistingObjectTag/team': 'x' },
        p,
      ),
    ).toBe(true);
  });

  it('ArnLike substitutes ${aws:PrincipalAccount}', () => {
    const c = { ArnLike: { 'aws:SourceArn': 'arn:aws:lambda:*:${aws:PrincipalAccount}:function:*' } };
    expect(conditionHolds(c, { 'aws:SourceArn': `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:f` })).toBe(
      true,
    );
    expect(conditionHolds(c, { 'aws:SourceArn': 'arn:aws:lambda:eu-west-1:999999999999:function:f' })).toBe(
      false,
    );
  });

  it('variables are not substituted in numeric values', () => {
    const c = { NumericEquals: { 's3:max-keys': '${custom:limit}' } };
    expect(conditionHolds(c, { 's3:max-keys': '5', 'custom:limit': '5' })).toBe(false);
  });

  it('variables are not substituted under Version 2008-10-17', () => {
    const p = roleSession({ tags: { team: 'payments' } });
    const c = { StringEquals: { 'custom:k': '${aws:PrincipalTag/team}' } };
    expect(conditionHolds(c, { 'custom:k': 'payments' }, p, '2008-10-17')).toBe(false);
    expect(conditionHolds(c, { 'custom:k': '${aws:PrincipalTag/team}' }, p, '2008-10-17')).toBe(true);
  });
});
