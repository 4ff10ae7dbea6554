/**
 * IPv4 and IPv6 addresses and CIDR ranges for the `IpAddress` / `NotIpAddress` operators.
 * A policy value without a prefix length is a single address (/32 or /128). An IPv4-mapped IPv6
 * address (`::ffff:203.0.113.5`) is treated as the IPv4 address it carries.
 */

export interface IpAddress {
  readonly version: 4 | 6;
  readonly bytes: Uint8Array;
}

export interface CidrRange extends IpAddress {
  readonly prefix: number;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

function parseIpv4(text: string): Uint8Array | undefined {
  const m = IPV4.exec(text);
  if (!m) return undefined;
  const bytes = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const n = Number(m[i + 1]);
    if (n > 255) return undefined;
    bytes[i] = n;
  }
  return bytes;
}

function parseGroups(text: string): number[] | undefined {
  if (text === '') return [];
  const groups: number[] = [];
  const fields = text.split(':');
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!;
    if (i === fields.length - 1 && field.includes('.')) {
      const v4 = parseIpv4(field);
      if (!v4) return undefined;
      groups.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      continue;
    }
    if (!HEX_GROUP.test(field)) return undefined;
    groups.push(Number.parseInt(field, 16));
  }
  return groups;
}

function parseIpv6(text: string): Uint8Array | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  let groups: number[];
  if (halves.length === 2) {
    const head = parseGroups(halves[0]!);
    const tail = parseGroups(halves[1]!);
    if (!head || !tail || head.length + tail.length > 7) return undefined;
    groups = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  } else {
    const all = parseGroups(text);
    if (all?.length !== 8) return undefined;
    groups = all;
  }
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    bytes[i * 2] = g >> 8;
    bytes[i * 2 + 1] = g & 0xff;
  });
  return bytes;
}

function unmapV4(bytes: Uint8Array): Uint8Array | undefined {
  for (let i = 0; i < 10; i++) if (bytes[i] !== 0) return undefined;
  if (bytes[10] !== 0xff || bytes[11] !== 0xff) return undefined;
  return bytes.slice(12);
}

export function parseIp(text: string): IpAddress | undefined {
  const trimmed = text.trim();
  const v4 = parseIpv4(trimmed);
  if (v4) return { version: 4, bytes: v4 };
  if (!trimmed.includes(':')) return undefined;
  const v6 = parseIpv6(trimmed);
  if (!v6) return undefined;
  const mapped = unmapV4(v6);
  return mapped ? { version: 4, bytes: mapped } : { version: 6, bytes: v6 };
}

export function parseCidr(text: string): CidrRange | undefined {
  const slash = text.indexOf('/');
  const address = parseIp(slash === -1 ? text : text.slice(0, slash));
  if (!address) return undefined;
  const max = address.bytes.length * 8;
  if (slash === -1) return { ...address, prefix: max };
  const prefixText = text.slice(slash + 1).trim();
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;
  let prefix = Number(prefixText);
  // An IPv4-mapped range written in IPv6 form counts its prefix over 128 bits.
  if (address.version === 4 && text.includes(':')) prefix -= 96;
  if (prefix < 0 || prefix > max) return undefined;
  return { ...address, prefix };
}

export function cidrContains(range: CidrRange, ip: IpAddress): boolean {
  if (range.version !== ip.version) return false;
  let bits = range.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((range.bytes[i]! & mask) !== (ip.bytes[i]! & mask)) return false;
  }
  return true;
}
