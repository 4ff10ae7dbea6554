/**
 * What a target receives: the event, Input, InputPath or InputTransformer (pure).
 */
import { describe, expect, it } from 'vitest';
import {
  type EventEnvelope,
  type StoredTarget,
  targetInput,
} from '../../../src/local-cloud/services/events/index.js';

const EVENT: EventEnvelope = {
  version: '0',
  id: 'e-1',
  'detail-type': 'Order Placed',
  source: 'shop.orders',
  account: '111111111111',
  time: '2024-06-01T12:00:00Z',
  region: 'us-east-1',
  resources: [],
  detail: { order: { id: 'o-9', total: 42.5, note: 'say "hi"' }, items: ['a', 'b'] },
};
const RULE = { name: 'orders', arn: 'arn:aws:events:us-east-1:111111111111:rule/orders' };
const input = (target: Partial<StoredTarget>) =>
  targetInput({
    target: { Id: 't', Arn: 'arn:aws:sns:us-east-1:111111111111:x', ...target },
    event: EVENT,
    rule: RULE,
    ingestedAt: new Date('2024-06-01T12:00:01Z'),
  });

describe('targetInput', () => {
  it('passes the whole event by default and constant Input as given', () => {
    expect(JSON.parse(input({}))).toEqual(EVENT);
    expect(input({ Input: '{"fixed":true}' })).toBe('{"fixed":true}');
  });

  it('selects part of the event with InputPath', () => {
    expect(JSON.parse(input({ InputPath: '$.detail.order' }))).toEqual({
      id: 'o-9',
      total: 42.5,
      note: 'say "hi"',
    });
    expect(input({ InputPath: '$.detail.items[1]' })).toBe('"b"');
    expect(input({ InputPath: "$['detail-type']" })).toBe('"Order Placed"');
    expect(input({ InputPath: '$.detail.missing' })).toBe('null');
  });

  it('fills InputTransformer templates, quoting values outside strings only', () => {
    const transformer = {
      InputPathsMap: {
        id: '$.detail.order.id',
        total: '$.detail.order.total',
        note: '$.detail.order.note',
        items: '$.detail.items',
      },
      InputTemplate:
        '{"order": <id>, "label": "Order <id> of <total>", "note": "<note>", "items": <items>, "rule": "<aws.events.rule-name>"}',
    };
    expect(JSON.parse(input({ InputTransformer: transformer }))).toEqual({
      order: 'o-9',
      label: 'Order o-9 of 42.5',
      note: 'say "hi"',
      items: ['a', 'b'],
      rule: 'orders',
    });
    expect(
      input({
        InputTransformer: {
          InputPathsMap: { id: '$.detail.order.id' },
          InputTemplate: '"order <id> placed <unknown>"',
        },
      }),
    ).toBe('"order o-9 placed <unknown>"');
  });
});
