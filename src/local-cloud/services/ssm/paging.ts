/**
 * NextToken/MaxResults paging. Items are listed in the order of a sort key, and a token is the sort key
 * of the last item returned, so a page boundary survives parameters being added or removed between calls.
 * SSM's tokens have their own prefix (`ssm1:`).
 */
import { type Page, type PageRequest, paginate as paginateBySortKey } from '../shared/paging.js';
import { SsmErrors } from './errors.js';

export function paginate<T>(input: Omit<PageRequest<T>, 'invalidToken' | 'descending' | 'prefix'>): Page<T> {
  return paginateBySortKey({ ...input, prefix: 'ssm1:', invalidToken: SsmErrors.invalidToken });
}

/** A sort key that orders version numbers numerically. */
export function versionKey(version: number): string {
  return String(version).padStart(12, '0');
}
