/**
 * Fn::Cidr: `count` consecutive subnets of `2^cidrBits` addresses each, carved from the start of an IPv4
 * or IPv6 block. Like CloudFormation, the subnets are aligned from the block's network address (host bits
 * of the given address are ignored) and a request that does not fit the block is an error.
 */
import { TemplateError, TemplateMessages as M } from './errors.js';
import { TemplateLimits } from './limits.js';

interface Block {
  version: 4 | 6;
  address: bigint;
  prefix: number;
}

/** The subnets, as CIDR strings; throws a `TemplateError` for an invalid block, count or size. */
export function cidrSubnets(ipBlock: string, count: number, cidrBits: number): string[] {
  const block = parseBlock(ipBlock);
  const width = block.version === 4 ? 32 : 128;
  if (!Number.isInteger(count) || count < 1 || count > TemplateLimits.maxCidrCount) {
    throw new TemplateError(
      M.cidrInvalid(`count must be between 1 and ${TemplateLimits.maxCidrCount}, not ${count}`),
    );
  }
  if (!Number.isInteger(cidrBits) || cidrBits < 1 || cidrBits > width - block.prefix) {
    throw new TemplateError(
      M.cidrInvalid(
        `cidrBits ${cidrBits} does not fit in ${ipBlock} (must be between 1 and ${width - block.prefix})`,
      ),
    );
  }
  const subnetPrefix = width - cidrBits;
  const available = 1n << BigInt(subnetPrefix - block.prefix);
  if (BigInt(count) > available) {
    throw new TemplateError(M.cidrInvalid(`cannot make ${count} subnets of /${subnetPrefix} in ${ipBlock}`));
  }
  const size = 1n << BigInt(cidrBits);
  const network = block.address & ~((1n << BigInt(width - block.prefix)) - 1n);
  return Array.from({ length: count }, (_, i) => {
    const address = network + BigInt(i) * size;
    return `${block.version === 4 ? formatIpv4(address) : formatIpv6(address)}/${subnetPrefix}`;
  });
}

function parseBlock(text: string): Block {
  const invalid = () => new TemplateError(M.cidrInvalid(`ipBlock ${text} is not a valid CIDR block`));
  const slash = text.indexOf('/');
  if (slash < 0) throw invalid();
  const host = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) throw invalid();
  const prefix = Number(prefixText);
  const version = host.includes(':') ? 6 : 4;
  const address = version === 4 ? parseIpv4(host) : parseIpv6(host);
  if (address === undefined || prefix > (version === 4 ? 32 : 128)) throw invalid();
  return { version, address, prefix };
}

function parseIpv4(text: string): bigint | undefined {
  const octets = text.split('.');
  if (octets.length !== 4) return undefined;
  let value = 0n;
  for (const octet of octets) {
    if (!/^\d{1,3}$/.test(octet) || Number(octet) > 255) return undefined;
    value = (value << 8n) | BigInt(Number(octet));
  }
  return value;
}

function parseIpv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string): string[] => (part === '' ? [] : part.split(':'));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  let value = 0n;
  for (const group of all) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
    value = (value << 16n) | BigInt(Number.parseInt(group, 16));
  }
  return value;
}

function formatIpv4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 255n)).join('.');
}

/** RFC 5952 form: lower case, leading zeros dropped, the longest run of two or more zero groups as `::`. */
function formatIpv6(value: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt((7 - i) * 16)) & 0xffffn));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}
