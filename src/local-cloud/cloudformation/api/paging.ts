/**
 * NextToken paging for the CloudFormation list and describe calls: a page of at most `size` items and,
 * when more follow, an opaque token naming where the next page starts (bound to the call it came from).
 */
import type { QueryParams } from '../../http/index.js';
import { validation } from './input.js';

function encode(call: string, offset: number): string {
  return Buffer.from(JSON.stringify({ call, offset })).toString('base64');
}

function decode(call: string, token: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as {
      call?: unknown;
      offset?: unknown;
    };
    if (
      parsed.call === call &&
      typeof parsed.offset === 'number' &&
      Number.isInteger(parsed.offset) &&
      parsed.offset >= 0
    )
      return parsed.offset;
  } catch {
    // falls through to the error
  }
  throw validation(`Invalid NextToken: ${token} was not returned by ${call}.`);
}

export function page<T>(
  call: string,
  items: readonly T[],
  params: QueryParams,
  size: number,
): { items: T[]; NextToken?: string } {
  const token = params.get('NextToken');
  const offset = token === undefined ? 0 : decode(call, token);
  const end = offset + size;
  const result: { items: T[]; NextToken?: string } = { items: items.slice(offset, end) };
  if (end < items.length) result.NextToken = encode(call, end);
  return result;
}
