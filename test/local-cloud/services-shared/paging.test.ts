/**
 * Shared sort-key pagination: order, resumption after a removed item, token format (tokens are compared
 * across calls and services), and each service's own invalid-token answer.
 */
import { describe, expect, it } from 'vitest';
import { paginate as configPaginate } from '../../../src/local-cloud/services/config/paging.js';
import { paginate as eventsPaginate } from '../../../src/local-cloud/services/events/paging.js';
import { paginate as kmsPaginate } from '../../../src/local-cloud/services/kms/paging.js';
import { decodeToken, paginate as logsPaginate } from '../../../src/local-cloud/services/logs/paging.js';
import {
  decodePageToken,
  encodePageToken,
  paginate,
} from '../../../src/local-cloud/services/shared/paging.js';
import { paginate as snsPaginate } from '../../../src/local-cloud/services/sns/paging.js';
import { paginate as ssmPaginate } from '../../../src/local-cloud/services/ssm/paging.js';

const items = ['d', 'b', 'a', 'c', 'e'];
const sortKey = (s: string) => s;
const invalidToken = () => new Error('bad token');

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
}

describe('page tokens', () => {
  it('are base64url of the prefix and the sort key', () => {
    expect(encodePageToken('b')).toBe(Buffer.from('lc1:b', 'utf8').toString('base64url'));
    expect(encodePageToken('b', 'ssm1:')).toBe(Buffer.from('ssm1:b', 'utf8').toString('base64url'));
    expect(decodePageToken(encodePageToken('a|b/é'))).toBe('a|b/é');
  });

  it('refuse tokens of another prefix or not in canonical form', () => {
    expect(decodePageToken(encodePageToken('b', 'ssm1:'))).toBeUndefined();
    expect(decodePageToken('garbage')).toBeUndefined();
    expect(decodePageToken(`${encodePageToken('b')}=`)).toBeUndefined();
  });
});

describe('paginate', () => {
  it('pages in ascending order until the last page', () => {
    const first = paginate({ items, sortKey, limit: 2, token: undefined, invalidToken });
    expect(first).toEqual({ items: ['a', 'b'], nextToken: encodePageToken('b') });
    const second = paginate({ items, sortKey, limit: 2, token: first.nextToken, invalidToken });
    expect(second.items).toEqual(['c', 'd']);
    const third = paginate({ items, sortKey, limit: 2, token: second.nextToken, invalidToken });
    expect(third).toEqual({ items: ['e'] });
    expect('nextToken' in third).toBe(false);
  });

  it('pages in descending order when asked', () => {
    const first = paginate({ items, sortKey, limit: 3, token: undefined, descending: true, invalidToken });
    expect(first.items).toEqual(['e', 'd', 'c']);
    const rest = paginate({
      items,
      sortKey,
      limit: 3,
      token: first.nextToken,
      descending: true,
      invalidToken,
    });
    expect(rest).toEqual({ items: ['b', 'a'] });
  });

  it('keeps its place when the item at the token is gone', () => {
    const first = paginate({ items, sortKey, limit: 2, token: undefined, invalidToken });
    const rest = paginate({
      items: ['a', 'c', 'e'],
      sortKey,
      limit: 10,
      token: first.nextToken,
      invalidToken,
    });
    expect(rest.items).toEqual(['c', 'e']);
  });

  it('answers the given error for a token it did not issue', () => {
    expect(() => paginate({ items, sortKey, limit: 2, token: 'forged', invalidToken })).toThrow('bad token');
    const ssmToken = encodePageToken('b', 'ssm1:');
    expect(() => paginate({ items, sortKey, limit: 2, token: ssmToken, invalidToken })).toThrow('bad token');
    expect(
      paginate({ items, sortKey, limit: 2, token: ssmToken, prefix: 'ssm1:', invalidToken }).items,
    ).toEqual(['c', 'd']);
  });
});

describe('service bindings', () => {
  it('issue the same tokens as before (lc1:, SSM ssm1:)', () => {
    const lc1 = encodePageToken('b');
    expect(configPaginate({ items, sortKey, limit: 2, token: undefined }).nextToken).toBe(lc1);
    expect(eventsPaginate({ items, sortKey, limit: 2, token: undefined }).nextToken).toBe(lc1);
    expect(logsPaginate({ items, sortKey, limit: 2, token: undefined }).nextToken).toBe(lc1);
    expect(snsPaginate({ items, sortKey, limit: 2, token: undefined }).nextToken).toBe(lc1);
    expect(kmsPaginate({ items, sortKey, limit: 2, marker: undefined }).nextMarker).toBe(lc1);
    expect(ssmPaginate({ items, sortKey, limit: 2, token: undefined }).nextToken).toBe(
      encodePageToken('b', 'ssm1:'),
    );
    expect(decodeToken(lc1)).toBe('b');
  });

  it('SNS pages 100 items unless told otherwise', () => {
    const many = Array.from({ length: 101 }, (_, i) => String(i).padStart(3, '0'));
    const first = snsPaginate({ items: many, sortKey, token: undefined });
    expect(first.items).toHaveLength(100);
    expect(snsPaginate({ items: many, sortKey, token: first.nextToken }).items).toEqual(['100']);
  });

  it('answer their own invalid-token errors', () => {
    const page = { items, sortKey, limit: 2, token: 'forged' };
    expect(codeOf(() => configPaginate(page))).toBe('InvalidNextTokenException');
    expect(codeOf(() => eventsPaginate(page))).toBe('ValidationException');
    expect(codeOf(() => logsPaginate(page))).toBe('InvalidParameterException');
    expect(codeOf(() => decodeToken('forged'))).toBe('InvalidParameterException');
    expect(codeOf(() => snsPaginate(page))).toBe('InvalidParameter');
    expect(codeOf(() => ssmPaginate(page))).toBe('InvalidNextToken');
    expect(codeOf(() => kmsPaginate({ items, sortKey, limit: 2, marker: 'forged' }))).toBe(
      'InvalidMarkerException',
    );
  });
});
