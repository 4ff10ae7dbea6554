/**
 * `NextToken`/`Limit` pagination of the List* operations: items in ascending order of a sort key, and a
 * token is the sort key of the last item returned, so a page boundary survives changes between calls.
 */
import { type Page, type PageRequest, paginate as paginateBySortKey } from '../shared/paging.js';
import { EventsErrors } from './errors.js';

export function paginate<T>(input: Omit<PageRequest<T>, 'invalidToken' | 'descending' | 'prefix'>): Page<T> {
  return paginateBySortKey({ ...input, invalidToken: EventsErrors.invalidToken });
}
