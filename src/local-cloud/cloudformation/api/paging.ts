/**
 * NextToken paging for the CloudFormation list and describe calls, over the services' shared pager: a
 * page of at most `size` items in the order given and, when more follow, a token naming where the next
 * page starts — bound to the call that issued it (a token from another call is a ValidationError).
 */
import type { QueryParams } from '../../http/index.js';
import { paginate } from '../../services/shared/paging.js';
import { validation } from './input.js';

export function page<T>(
  call: string,
  items: readonly T[],
  params: QueryParams,
  size: number,
): { items: T[]; NextToken?: string } {
  const token = params.get('NextToken');
  // Positions as sort keys keep the order the call lists its items in.
  const positioned = items.map((item, index) => ({ item, key: String(index).padStart(10, '0') }));
  const found = paginate({
    items: positioned,
    sortKey: (p) => p.key,
    limit: size,
    token,
    prefix: `cfn1:${call}:`,
    invalidToken: () => validation(`Invalid NextToken: ${token} was not returned by ${call}.`),
  });
  const result: { items: T[]; NextToken?: string } = { items: found.items.map((p) => p.item) };
  if (found.nextToken !== undefined) result.NextToken = found.nextToken;
  return result;
}
