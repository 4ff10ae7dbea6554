import { describe, expect, it } from 'vitest';
import { paginate } from '../../../src/local-cloud/services/kms/paging.js';
import { parseKeyRef } from '../../../src/local-cloud/services/kms/refs.js';

describe('KMS pagination', () => {
  const items = ['d', 'b', 'a', 'c', 'e'];
  const sortKey = (s: string) => s;

  it('pages in sort order with markers until the last page', () => {
    const first = paginate({ items, sortKey, limit: 2, marker: undefined });
    expect(first.items).toEqual(['a', 'b']);
    const second = paginate({ items, sortKey, limit: 2, marker: first.nextMarker });
    expect(second.items).toEqual(['c', 'd']);
    const third = paginate({ items, sortKey, limit: 2, marker: second.nextMarker });
    expect(third).toEqual({ items: ['e'] });
  });

  it('keeps its place when the item at the marker is gone', () => {
    const first = paginate({ items, sortKey, limit: 2, marker: undefined });
    const rest = paginate({ items: ['a', 'c', 'd', 'e'], sortKey, limit: 10, marker: first.nextMarker });
    expect(rest.items).toEqual(['c', 'd', 'e']);
  });

  it('rejects markers it did not issue', () => {
    expect(() => paginate({ items, sortKey, limit: 2, marker: 'garbage' })).toThrow(
      expect.objectContaining({ code: 'InvalidMarkerException' }),
    );
  });
});

describe('KMS key references', () => {
  it('reads key IDs, key ARNs, alias names and alias ARNs', () => {
    const id = '1234abcd-12ab-34cd-56ef-1234567890ab';
    expect(parseKeyRef(id)).toEqual({ kind: 'key-id', keyId: id });
    expect(parseKeyRef(`arn:aws:kms:eu-west-1:111122223333:key/${id}`)).toEqual({
      kind: 'key-arn',
      region: 'eu-west-1',
      accountId: '111122223333',
      keyId: id,
    });
    expect(parseKeyRef('alias/app')).toEqual({ kind: 'alias-name', aliasName: 'alias/app' });
    expect(parseKeyRef('arn:aws:kms:eu-west-1:111122223333:alias/app/x')).toEqual({
      kind: 'alias-arn',
      region: 'eu-west-1',
      accountId: '111122223333',
      aliasName: 'alias/app/x',
    });
    expect(parseKeyRef('app')).toBeUndefined();
    expect(parseKeyRef('arn:aws:s3:::bucket')).toBeUndefined();
  });
});
