/**
 * `NextToken` pagination: items in ascending order of a sort key; a token is the sort key of the last
 * item returned (so a page boundary survives changes between calls). An unknown token answers
 * `InvalidNextTokenException`.
 */
import { type Page, type PageRequest, paginate as paginateBySortKey } from '../shared/paging.js';
import { ConfigErrors } from './errors.js';

export function paginate<T>(input: Omit<PageRequest<T>, 'invalidToken' | 'descending' | 'prefix'>): Page<T> {
  return paginateBySortKey({ ...input, invalidToken: ConfigErrors.invalidNextToken });
}
