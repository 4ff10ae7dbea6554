import { describe, expect, it } from 'vitest';
import { cidrSubnets } from '../../../../src/local-cloud/cloudformation/template/index.js';
import { expectTemplateError } from './helpers.js';

describe('cidrSubnets (Fn::Cidr)', () => {
  it.each<[string, number, number, string[]]>([
    // AWS's documented example: 6 /27 subnets of a /24.
    [
      '192.168.0.0/24',
      6,
      5,
      [
        '192.168.0.0/27',
        '192.168.0.32/27',
        '192.168.0.64/27',
        '192.168.0.96/27',
        '192.168.0.128/27',
        '192.168.0.160/27',
      ],
    ],
    ['10.0.0.0/16', 3, 8, ['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24']],
    ['10.0.0.0/16', 2, 12, ['10.0.0.0/20', '10.0.16.0/20']],
    ['10.0.0.0/8', 2, 16, ['10.0.0.0/16', '10.1.0.0/16']],
    ['10.1.2.3/16', 1, 8, ['10.1.0.0/24']],
    ['0.0.0.0/0', 2, 31, ['0.0.0.0/1', '128.0.0.0/1']],
    ['2001:db8::/56', 3, 64, ['2001:db8::/64', '2001:db8:0:1::/64', '2001:db8:0:2::/64']],
    ['2001:DB8:1234::/48', 2, 72, ['2001:db8:1234::/56', '2001:db8:1234:100::/56']],
    ['fd00::/8', 2, 112, ['fd00::/16', 'fd01::/16']],
  ])('%s × %i of %i bits', (block, count, bits, expected) => {
    expect(cidrSubnets(block, count, bits)).toEqual(expected);
  });

  it('makes 256 subnets of a /16', () => {
    const subnets = cidrSubnets('10.0.0.0/16', 256, 8);
    expect(subnets).toHaveLength(256);
    expect(subnets.at(-1)).toBe('10.0.255.0/24');
  });

  it.each([
    ['not a CIDR', '10.0.0.0', 1, 8, 'Template error: Fn::Cidr ipBlock 10.0.0.0 is not a valid CIDR block'],
    [
      'a bad octet',
      '10.0.0.256/16',
      1,
      8,
      'Template error: Fn::Cidr ipBlock 10.0.0.256/16 is not a valid CIDR block',
    ],
    [
      'a bad IPv6 address',
      '2001:db8::1::/64',
      1,
      8,
      'Template error: Fn::Cidr ipBlock 2001:db8::1::/64 is not a valid CIDR block',
    ],
    [
      'a count over 256',
      '10.0.0.0/8',
      257,
      8,
      'Template error: Fn::Cidr count must be between 1 and 256, not 257',
    ],
    ['a zero count', '10.0.0.0/8', 0, 8, 'Template error: Fn::Cidr count must be between 1 and 256, not 0'],
    [
      'subnets larger than the block',
      '10.0.0.0/24',
      1,
      9,
      'Template error: Fn::Cidr cidrBits 9 does not fit in 10.0.0.0/24 (must be between 1 and 8)',
    ],
    [
      'more subnets than fit',
      '10.0.0.0/24',
      3,
      7,
      'Template error: Fn::Cidr cannot make 3 subnets of /25 in 10.0.0.0/24',
    ],
    [
      'four /31s of a /30',
      '10.0.0.0/30',
      4,
      1,
      'Template error: Fn::Cidr cannot make 4 subnets of /31 in 10.0.0.0/30',
    ],
    [
      'zero subnet bits',
      '10.0.0.0/24',
      1,
      0,
      'Template error: Fn::Cidr cidrBits 0 does not fit in 10.0.0.0/24 (must be between 1 and 8)',
    ],
  ])('rejects %s', (_, block, count, bits, message) => {
    expectTemplateError(() => cidrSubnets(block, count, bits), message);
  });
});
