/**
 * IAM list pagination: `MaxItems` (1-1000, default 100) and an opaque `Marker`; answers carry
 * `IsTruncated` and, when truncated, the `Marker` of the next page.
 */
import type { QueryParams } from '../../http/index.js';
import { constraintError, IamErrors } from './errors.js';

export interface Page<T> {
  items: T[];
  IsTruncated: boolean;
  Marker?: string;
}

const DEFAULT_MAX_ITEMS = 100;

function decodeMarker(marker: string, scope: string): number {
  const text = Buffer.from(marker, 'base64url').toString('utf8');
  const match = /^(.*)#(\d+)$/.exec(text);
  if (!match || match[1] !== scope) throw IamErrors.validation('Invalid Marker.');
  return Number(match[2]);
}

/** One page of `items`; `scope` ties markers to the list they came from. */
export function paginate<T>(items: readonly T[], params: QueryParams, scope: string): Page<T> {
  const maxItems = params.int('MaxItems') ?? DEFAULT_MAX_ITEMS;
  if (maxItems < 1 || maxItems > 1000) {
    throw constraintError(
      'maxItems',
      String(maxItems),
      maxItems < 1
        ? 'Member must have value greater than or equal to 1'
        : 'Member must have value less than or equal to 1000',
    );
  }
  const marker = params.get('Marker');
  const start = marker === undefined ? 0 : decodeMarker(marker, scope);
  const end = start + maxItems;
  const page = items.slice(start, end);
  if (end >= items.length) return { items: page, IsTruncated: false };
  return {
    items: page,
    IsTruncated: true,
    Marker: Buffer.from(`${scope}#${end}`).toString('base64url'),
  };
}
