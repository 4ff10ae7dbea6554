import { describe, expect, it } from 'vitest';
import { cidrContains, parseCidr, parseIp } from '../../../src/local-cloud/iam/index.js';

const inRange = (cidr: string, ip: string) => {
  const range = parseCidr(cidr);
  const address = parseIp(ip);
  if (!range || !address) throw new Error(`unreadable ${cidr} / ${ip}`);
  return cidrContains(range, address);
};

describe('IP addresses and CIDR ranges', () => {
  it.each([
    ['203.0.113.0/24', '203.0.113.0', true],
    ['203.0.113.0/24', '203.0.113.255', true],
    ['203.0.113.0/24', '203.0.114.1', false],
    ['203.0.113.7', '203.0.113.7', true],
    ['203.0.113.7', '203.0.113.8', false],
    ['0.0.0.0/0', '198.51.100.3', true],
    ['10.0.0.0/9', '10.127.255.255', true],
    ['10.0.0.0/9', '10.128.0.0', false],
    ['2001:DB8:1234:5678::/64', '2001:db8:1234:5678:abcd::1', true],
    ['2001:DB8:1234:5678::/64', '2001:db8:1234:5679::1', false],
    ['2001:db8::/32', '2001:0db8:ffff:ffff:ffff:ffff:ffff:ffff', true],
    ['::1', '::1', true],
    ['::/0', '2001:db8::1', true],
    ['2001:db8::/127', '2001:db8::1', true],
    ['2001:db8::/127', '2001:db8::2', false],
    ['203.0.113.0/24', '::ffff:203.0.113.9', true],
    ['::ffff:203.0.113.0/120', '203.0.113.200', true],
  ])('%s contains %s → %s', (cidr, ip, expected) => {
    expect(inRange(cidr, ip)).toBe(expected);
  });

  it('IPv4 ranges never contain IPv6 addresses and the other way round', () => {
    expect(inRange('0.0.0.0/0', '2001:db8::1')).toBe(false);
    expect(inRange('::/0', '203.0.113.1')).toBe(false);
  });

  it.each(['256.1.1.1', '1.2.3', 'abc', '2001:db8:::1', '1:2:3:4:5:6:7:8:9', '2001:db8::g', ''])(
    'rejects address %s',
    (text) => {
      expect(parseIp(text)).toBeUndefined();
    },
  );

  it.each(['10.0.0.0/33', '2001:db8::/129', '10.0.0.0/x', '10.0.0.0/'])('rejects range %s', (text) => {
    expect(parseCidr(text)).toBeUndefined();
  });

  it('reads embedded IPv4 tails and full forms', () => {
    expect(parseIp('64:ff9b::192.0.2.33')?.bytes.slice(12)).toEqual(Uint8Array.from([192, 0, 2, 33]));
    expect(parseIp('2001:0db8:0000:0000:0000:0000:0000:0001')?.version).toBe(6);
  });
});
