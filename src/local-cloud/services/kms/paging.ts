/**
 * Limit/Marker pagination of the KMS list operations. Items are listed in ascending order of a sort
 * key, and a marker is the sort key of the last item returned, so a page boundary survives items being
 * added or removed between calls. An unknown marker answers `InvalidMarkerException`.
 */
import { paginate as paginateBySortKey } from '../shared/paging.js';
import { KmsErrors } from './errors.js';

export interface Page<T> {
  items: T[];
  /** Set when more items follow. */
  nextMarker?: string;
}

export function paginate<T>(input: {
  items: readonly T[];
  sortKey: (item: T) => string;
  limit: number;
  marker: string | undefined;
}): Page<T> {
  const page = paginateBySortKey({
    items: input.items,
    sortKey: input.sortKey,
    limit: input.limit,
    token: input.marker,
    invalidToken: KmsErrors.invalidMarker,
  });
  return page.nextToken === undefined
    ? { items: page.items }
    : { items: page.items, nextMarker: page.nextToken };
}

/** The response members of a page: `Truncated`, and `NextMarker` when truncated. */
export function pageMembers(page: Page<unknown>): { Truncated: boolean; NextMarker?: string } {
  return page.nextMarker === undefined
    ? { Truncated: false }
    : { Truncated: true, NextMarker: page.nextMarker };
}
