/**
 * `NextToken` pagination of the List* actions: 100 items per page in ascending order of a sort key; a
 * token is the sort key of the last item returned, so a page boundary survives changes between calls.
 */
import { type Page, type PageRequest, paginate as paginateBySortKey } from '../shared/paging.js';
import { SnsErrors } from './errors.js';

export const PAGE_SIZE = 100;

export function paginate<T>(
  input: Omit<PageRequest<T>, 'invalidToken' | 'descending' | 'prefix' | 'limit'> & { limit?: number },
): Page<T> {
  return paginateBySortKey({
    ...input,
    limit: input.limit ?? PAGE_SIZE,
    invalidToken: () => SnsErrors.invalidParameter('NextToken'),
  });
}
