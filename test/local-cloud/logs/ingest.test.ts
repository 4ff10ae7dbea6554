/**
 * PutLogEvents' batch rules as pure functions.
 */
import { describe, expect, it } from 'vitest';
import { batchBytes, checkBatch, planIngest } from '../../../src/local-cloud/services/logs/ingest.js';

const NOW = Date.UTC(2024, 5, 1, 12);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('batch rules', () => {
  it('counts 26 bytes per event on top of the UTF-8 message bytes', () => {
    expect(batchBytes([{ timestamp: 0, message: 'é' }])).toBe(28);
  });

  it('accepts exactly the size limit and refuses one byte more', () => {
    const at = (message: string) => [{ timestamp: NOW, message }];
    expect(() => checkBatch(at('x'.repeat(1_048_576 - 26)))).not.toThrow();
    expect(() => checkBatch(at('x'.repeat(1_048_576 - 25)))).toThrow(
      'Upload too large: 1048577 bytes exceeds limit of 1048576',
    );
  });

  it('refuses more than 10,000 events', () => {
    const events = Array.from({ length: 10_001 }, () => ({ timestamp: NOW, message: 'm' }));
    expect(() => checkBatch(events)).toThrow('Member must have length less than or equal to 10000');
  });

  it('rejects events outside the ingestion window and past the retention period', () => {
    const plan = planIngest({
      now: NOW,
      retentionInDays: 1,
      events: [
        { timestamp: NOW - 15 * DAY, message: 'too old' },
        { timestamp: NOW - 2 * DAY, message: 'expired' },
        { timestamp: NOW - HOUR, message: 'kept' },
        { timestamp: NOW + 2 * HOUR, message: 'edge of the future' },
        { timestamp: NOW + 2 * HOUR + 1, message: 'too new' },
      ],
    });
    expect(plan.accepted.map((e) => e.m)).toEqual(['kept', 'edge of the future']);
    expect(plan.rejected).toEqual({
      tooOldLogEventEndIndex: 1,
      expiredLogEventEndIndex: 2,
      tooNewLogEventStartIndex: 4,
    });
  });

  it('measures the 24-hour span over the events it keeps', () => {
    const events = [
      { timestamp: NOW - 20 * DAY, message: 'dropped' },
      { timestamp: NOW - 24 * HOUR, message: 'a' },
      { timestamp: NOW, message: 'b' },
    ];
    expect(planIngest({ now: NOW, events }).accepted).toHaveLength(2);
    expect(() =>
      planIngest({
        now: NOW,
        events: [{ timestamp: NOW - 24 * HOUR - 1, message: 'a' }, ...events.slice(2)],
      }),
    ).toThrow('cannot span more than 24 hours');
  });
});
