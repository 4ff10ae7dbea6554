/**
 * `nextToken`/`limit` pagination of the Describe* operations. Items are listed in the order of a sort
 * key (ascending, or descending when asked), and a token is the sort key of the last item returned, so a
 * page boundary survives items being added or removed between calls.
 */
import {
  decodePageToken,
  encodePageToken,
  type Page,
  type PageRequest,
  paginate as paginateBySortKey,
} from '../shared/paging.js';
import { LogsErrors } from './errors.js';

export function encodeToken(sortKey: string): string {
  return encodePageToken(sortKey);
}

/** The sort key a token resumes after; a token not issued here answers `InvalidParameterException`. */
export function decodeToken(token: string): string {
  const sortKey = decodePageToken(token);
  if (sortKey === undefined) throw LogsErrors.invalidToken();
  return sortKey;
}

export function paginate<T>(input: Omit<PageRequest<T>, 'invalidToken' | 'prefix'>): Page<T> {
  return paginateBySortKey({ ...input, invalidToken: LogsErrors.invalidToken });
}
